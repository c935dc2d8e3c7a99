#!/usr/bin/env python3
"""Prove a backup restores: dump the database and the media, restore both somewhere fresh, compare.

    scripts/restore_check.py [--database-url URL] [--media DIR] [--keep]

1. ``pg_dump -Fc`` of the database (DATABASE_URL) into a temporary file;
2. ``createdb`` a fresh database next to it and ``pg_restore`` the dump into it;
3. row counts of every table in both databases, side by side;
4. ``tar`` of the media folder (MEDIA_ROOT), unpacked into a temporary folder: file count and
   bytes of both, and the SHA-256 of every file;
5. exit status 0 only when every count matches. The fresh database is dropped unless --keep.

Needs the PostgreSQL client programs (pg_dump, pg_restore, createdb, dropdb) and psycopg.
The same commands are the backup procedure of docs/deploy.md; this script is how it is tested.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import psycopg


def connection_args(url):
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(f"restore_check needs a PostgreSQL DATABASE_URL, not {parts.scheme}://")
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
    args = ["-h", parts.hostname or "localhost", "-p", str(parts.port or 5432)]
    if parts.username:
        args += ["-U", unquote(parts.username)]
    return args, env, parts.path.lstrip("/")


def with_database(url, name):
    parts = urlparse(url)
    return parts._replace(path=f"/{name}").geturl()


def run(command, env):
    subprocess.run(command, env=env, check=True)


def row_counts(url):
    with psycopg.connect(url) as connection:
        tables = connection.execute(
            "SELECT schemaname, tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') "
            "ORDER BY schemaname, tablename"
        ).fetchall()
        counts = {}
        for schema, table in tables:
            query = f'SELECT count(*) FROM "{schema}"."{table}"'
            counts[f"{schema}.{table}"] = connection.execute(query).fetchone()[0]
    return counts


def media_summary(folder):
    files = sorted(p for p in Path(folder).rglob("*") if p.is_file())
    digests = {}
    total = 0
    for path in files:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
        digests[str(path.relative_to(folder))] = digest.hexdigest()
        total += path.stat().st_size
    return digests, total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--media", default=os.environ.get("MEDIA_ROOT", "var/media"))
    parser.add_argument("--keep", action="store_true", help="keep the restored database")
    options = parser.parse_args()
    if not options.database_url:
        sys.exit("Set DATABASE_URL or pass --database-url")
    args, env, source = connection_args(options.database_url)
    fresh = f"{source}_restore_check_{int(time.time())}"
    ok = True
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        dump = work / "db.dump"
        started = time.monotonic()
        run(["pg_dump", *args, "-Fc", "-f", str(dump), source], env)
        print(f"pg_dump -Fc {source}: {dump.stat().st_size:,} bytes")
        run(["createdb", *args, fresh], env)
        try:
            run(["pg_restore", *args, "--no-owner", "--exit-on-error", "-d", fresh, str(dump)], env)
            print(f"pg_restore into {fresh}: {time.monotonic() - started:.1f}s")
            before = row_counts(options.database_url)
            after = row_counts(with_database(options.database_url, fresh))
            width = max(len(name) for name in before | after)
            print(f"\n{'table':<{width}} {'source':>10} {'restored':>10}")
            for name in sorted(before | after):
                a, b = before.get(name), after.get(name)
                mark = "" if a == b else "  MISMATCH"
                ok &= a == b
                print(f"{name:<{width}} {a!s:>10} {b!s:>10}{mark}")
            print(f"{len(before)} tables, {sum(before.values()):,} rows in the source")
        finally:
            if not options.keep:
                run(["dropdb", *args, fresh], env)

        media = Path(options.media)
        if media.is_dir():
            archive = work / "media.tar.gz"
            with tarfile.open(archive, "w:gz") as tar:
                tar.add(media, arcname="media")
            restored = work / "restored"
            with tarfile.open(archive) as tar:
                tar.extractall(restored, filter="data")
            source_files, source_bytes = media_summary(media)
            restored_files, restored_bytes = media_summary(restored / "media")
            same = source_files == restored_files
            ok &= same
            print(
                f"\nmedia {media}: {len(source_files)} files, {source_bytes:,} bytes; "
                f"tar {archive.stat().st_size:,} bytes; restored {len(restored_files)} files, "
                f"{restored_bytes:,} bytes; sha256 {'identical' if same else 'DIFFER'}"
            )
        else:
            print(f"\nmedia {media}: no such folder, skipped")
    print("\nRESTORE CHECK " + ("PASSED" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
