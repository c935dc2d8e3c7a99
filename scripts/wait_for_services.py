"""Wait (up to 30 s) for the database and Redis named in the environment to answer."""

import os
import sys
import time

import dj_database_url
import redis

deadline = time.monotonic() + 30
db = dj_database_url.parse(os.environ["DATABASE_URL"])
while True:
    try:
        import psycopg

        psycopg.connect(
            host=db["HOST"],
            port=db["PORT"] or 5432,
            user=db["USER"],
            dbname=db["NAME"],
            connect_timeout=3,
        ).close()
        redis.Redis.from_url(os.environ["REDIS_URL"]).ping()
        break
    except Exception as exc:  # noqa: BLE001
        if time.monotonic() > deadline:
            sys.exit(f"services not ready: {exc}")
        time.sleep(1)
print("PostgreSQL and Redis are ready.")
