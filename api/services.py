"""Writes through the API: injury cards checked by the import's own rules, and idempotency.

Cards: each item is a row of the import (``injuries.resources.InjuryCardResource.build_card``),
keyed by our field names or by the card's Chinese headings (the import's header map), values
as codes or labels, so an item is refused in the same words as a row of an imported file. A
batch is all-or-nothing, as the import is: one bad item and nothing is written; the answer
lists every bad item with its errors. Keys the card has not are ignored and listed
(``unknown``), as the import lists the columns it does not know (a 备注 column, say).
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework.response import Response

from injuries import services as injury_services
from injuries.resources import InjuryCardResource
from injuries.widgets import FlexibleDateTimeWidget
from safecommunity.importing import normalise_heading

from .models import IdempotentRequest

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    from rest_framework.request import Request

    from injuries.models import InjuryCard

    from .models import ApiToken

MAX_BATCH = 1000
UNIT_COLUMNS = ("填报单位", "监测医院编号")


class CardBatch:
    """The cards of one request, checked; ``problems`` lists the items that failed."""

    def __init__(self, token: ApiToken, items: Iterable[Any]) -> None:
        self.token = token
        self.resource = InjuryCardResource(community=token.community, user=token.created_by)
        self.columns = {normalise_heading(k): v for k, v in self.resource.header_map().items()}
        self.datetime_columns = {
            f.column_name
            for f in self.resource.get_import_fields()
            if isinstance(f.widget, FlexibleDateTimeWidget)
        }
        self.cards, self.problems, self.unknown = [], [], []
        for number, item in enumerate(items, 1):
            card, errors = self.check(item, number)
            if errors:
                self.problems.append({"index": number - 1, "errors": errors})
            else:
                self.cards.append(card)

    def row_of(self, item: dict[str, Any]) -> dict[str, Any]:
        """The item as a row keyed by column heading; unknown keys go to ``self.unknown``."""
        row = {}
        for key, value in item.items():
            column = self.columns.get(normalise_heading(key))
            if column is None:
                if key not in self.unknown:
                    self.unknown.append(key)
                continue
            if column in self.datetime_columns and isinstance(value, str):
                # ISO 8601 with an offset, as systems send it; anything else as the import reads.
                parsed = parse_datetime(value)
                value = parsed if parsed is not None and parsed.tzinfo else value
            row[column] = value
        unit = self.token.reporting_unit
        if unit is not None and not any(row.get(c) not in (None, "") for c in UNIT_COLUMNS):
            row["填报单位"] = unit.name  # a hospital's token submits for its unit by default
        return row

    def check(self, item: Any, number: int) -> tuple[InjuryCard | None, dict[str, list]]:
        if not isinstance(item, dict):
            return None, {"non_field_errors": [_("每张报告卡应为一个 JSON 对象。")]}
        card, errors = self.resource.build_card(self.row_of(item), number=number)
        unit = self.token.reporting_unit
        if unit is not None and card.reporting_unit_id not in (None, unit.pk):
            errors.setdefault("reporting_unit", []).append(
                _("此令牌只能提交“%(unit)s”的报告卡。") % {"unit": unit.name}
            )
        return card, errors

    def save(self) -> list[InjuryCard]:
        """Write the cards (all of them, in one transaction) with their audit history."""
        return injury_services.bulk_create_cards(
            self.token.community,
            self.cards,
            user=self.token.created_by,
            change_reason=self.token.audit_label,
        )


def fingerprint(request: Request) -> str:
    body = json.dumps(request.data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def idempotent(request: Request, run: Callable[[], Response]) -> Response:
    """Answer ``run()``, or with an ``Idempotency-Key`` seen before, that first answer again.

    The key belongs to the token. A key resent with a different request is refused (422): the
    client reused a key by mistake, and replaying the first answer would hide it.
    """
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return run()
    if len(key) > 100:
        return Response({"detail": _("Idempotency-Key 最长 100 个字符。")}, status=400)
    token, print_ = request.auth, fingerprint(request)
    stored = IdempotentRequest.objects.filter(token=token, key=key).first()
    if stored is None:
        with transaction.atomic():
            response = run()
            if response.status_code >= 500:
                return response
            try:
                with transaction.atomic():
                    IdempotentRequest.objects.create(
                        token=token,
                        key=key,
                        fingerprint=print_,
                        status_code=response.status_code,
                        body=response.data,
                    )
                return response
            except IntegrityError:
                # The same key at the same moment: the other request won; undo ours.
                transaction.set_rollback(True)
        stored = IdempotentRequest.objects.get(token=token, key=key)
    if stored.fingerprint != print_:
        return Response({"detail": _("这个 Idempotency-Key 已用于另一个请求。")}, status=422)
    return Response(stored.body, status=stored.status_code, headers={"Idempotent-Replayed": "true"})
