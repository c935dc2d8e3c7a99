"""Many new rows in few statements, without the ORM's per-value SQL compilation.

``QuerySet.bulk_create`` compiles a placeholder and prepares a value through the field for every
cell: for 10,000 injury cards of 50 columns that is a million calls, most of the time of a large
import (measured 2026-12-08: 8.5 of 13 s of a 10,000-card commit on SQLite, where Django also
caps a statement at 999 parameters, so 19 rows). Here the statement for a batch is built once,
values are taken as they are where the field's own preparation would not change them (text,
integers, booleans, foreign keys, already of that type), and the ids come back from ``RETURNING``.

Used for records validated beforehand (``full_clean``); it sends no signals, like
``bulk_create``: the caller bumps the data version and announces what it created.
"""

import sqlite3

from django.db import NotSupportedError, connections, models, router

PLAIN_TEXT = (models.CharField, models.TextField)
PLAIN_NUMBER = (models.IntegerField, models.BooleanField, models.ForeignKey)
POSTGRESQL_MAX_PARAMETERS = 65535  # the protocol's limit


def insert(model, objs, *, using=None):
    """INSERT ``objs`` (new instances of ``model``, primary key unset) and set their ``pk``.
    Returns ``objs``. Needs ``INSERT … RETURNING`` (SQLite 3.35+, PostgreSQL)."""
    objs = list(objs)
    if not objs:
        return objs
    alias = using or router.db_for_write(model)
    connection = connections[alias]
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NotSupportedError(f"{connection.display_name} cannot return the ids of an INSERT")
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f is not pk]
    kinds = _kinds(fields)
    rows = [row_values(kinds, obj, connection) for obj in objs]
    ids = insert_values(model, fields, rows, using=alias)
    for obj, pk_value in zip(objs, ids, strict=True):
        obj.pk = pk_value
        obj._state.adding = False
        obj._state.db = alias
    return objs


def row_values(kinds, obj, connection):
    """One instance's values, ready for the database, for the fields of ``kinds`` (``_kinds``;
    ``pre_save`` for the fields that fill themselves in: ``auto_now``, ``auto_now_add``, files)."""
    values = []
    for field, fills_itself, plain in kinds:
        value = field.pre_save(obj, True) if fills_itself else getattr(obj, field.attname)
        if value is None or type(value) in plain:
            values.append(value)
        else:
            values.append(field.get_db_prep_save(value, connection))
    return values


def _kinds(fields):
    """(field, whether ``pre_save`` fills it in, the value types it stores unchanged): text
    fields keep a ``str``, integer, boolean and foreign key fields an ``int`` or ``bool``; any
    other value goes through ``get_db_prep_save``."""
    kinds = []
    for field in fields:
        fills_itself = (
            getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
            or isinstance(field, models.FileField)
        )
        if isinstance(field, PLAIN_TEXT):
            plain = (str,)
        elif isinstance(field, PLAIN_NUMBER):
            plain = (int, bool)
        else:
            plain = ()
        kinds.append((field, fills_itself, plain))
    return kinds


def insert_values(model, fields, rows, *, using=None):
    """INSERT prepared ``rows`` (one value per field of ``fields``, in order) into ``model``'s
    table; returns the new primary keys in order. One statement per batch as large as the
    backend's parameter limit allows.

    On PostgreSQL the statement goes through psycopg's raw cursor with ``$n`` placeholders:
    psycopg's own cursor scans a query for ``%s`` on the client, and for a statement of 65,000
    parameters that scan took 10 s of a 10,000-card import (measured 2026-12-08)."""
    connection = connections[using or router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    pk_column = quote(model._meta.pk.column)
    width = len(fields)
    per_batch = max(1, max_parameters(connection) // max(1, width))
    numbered = connection.vendor == "postgresql"
    ids = []
    statements = {}
    with _cursor(connection) as cursor:
        for start in range(0, len(rows), per_batch):
            batch = rows[start : start + per_batch]
            sql = statements.get(len(batch))
            if sql is None:
                sql = statements[len(batch)] = (
                    f"INSERT INTO {table} ({columns}) "  # noqa: S608 - quoted model metadata
                    f"VALUES {_placeholders(len(batch), width, numbered)} RETURNING {pk_column}"
                )
            cursor.execute(sql, [value for row in batch for value in row])
            ids.extend(row[0] for row in cursor.fetchall())
    return ids


def _placeholders(count, width, numbered):
    """``(%s, %s), (%s, %s)`` for ``count`` rows of ``width`` values, or ``($1, $2), ($3, $4)``."""
    if not numbered:
        row = "(" + ", ".join(["%s"] * width) + ")"
        return ", ".join([row] * count)
    return ", ".join(
        "(" + ", ".join(f"${start + n}" for n in range(1, width + 1)) + ")"
        for start in range(0, count * width, width)
    )


def _cursor(connection):
    """Django's cursor, or on PostgreSQL psycopg's raw cursor on the same connection (so in
    the same transaction; without Django's query logging, which a bulk write does not need)."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg  # only where PostgreSQL is the database

    connection.ensure_connection()
    return psycopg.RawCursor(connection.connection)


def max_parameters(connection):
    """How many parameters one statement may carry: SQLite's compiled limit (Django assumes
    999, the default of SQLite before 3.32), PostgreSQL's protocol limit, else Django's."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    if connection.vendor == "postgresql":
        return POSTGRESQL_MAX_PARAMETERS
    return connection.features.max_query_params or 999


def insert_with_history(model, objs, *, user=None, date, change_reason=None, using=None):
    """``insert`` and, in bulk too, the audit history's "created" rows (django-simple-history's
    ``bulk_create_with_history`` makes a historical instance per row, then ``bulk_create``s
    them: 40 % of the large import's write time). Returns ``objs``."""
    insert(model, objs, using=using)
    history = model.history.model
    connection = connections[using or router.db_for_write(history)]
    own = {
        "history_date": date,
        "history_change_reason": change_reason,
        "history_type": "+",
        "history_user_id": getattr(user, "pk", None),
    }
    pk = history._meta.pk
    fields = [f for f in history._meta.concrete_fields if f is not pk]
    source = {f.attname for f in model._meta.concrete_fields}
    kinds = _kinds(fields)
    rows = []
    for obj in objs:
        row = []
        for field, _fills_itself, plain in kinds:
            if field.attname in own:
                value = own[field.attname]
            elif field.attname in source:
                value = getattr(obj, field.attname)
            else:
                value = field.get_default()
            row.append(
                value
                if value is None or type(value) in plain
                else field.get_db_prep_save(value, connection)
            )
        rows.append(row)
    insert_values(history, fields, rows, using=using)
    return objs
