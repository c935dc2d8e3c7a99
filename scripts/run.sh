#!/usr/bin/env bash
# Start the site on 127.0.0.1:8000 and the background worker with beat on the embedded
# filesystem broker (no Redis needed). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=safecommunity.settings
mkdir -p var/celery/queue var/celery/processed var/celery/control var/celery/results var/log
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

$BIN/celery -A safecommunity worker -B --pool=solo --loglevel=INFO \
  --schedule var/celerybeat-schedule >var/log/celery.log 2>&1 &
CELERY_PID=$!
trap 'kill $CELERY_PID 2>/dev/null; wait $CELERY_PID 2>/dev/null || true' EXIT INT TERM

echo
echo "SafeCommunity 安全社区管理平台 — http://$HOST:$PORT/"
$BIN/python manage.py demo_logins
echo "Background worker + beat: pid $CELERY_PID (log: var/log/celery.log). Ctrl-C stops everything."
echo
$BIN/gunicorn safecommunity.wsgi --bind "$HOST:$PORT" --workers 3 --threads 2 --timeout 120 \
  --access-logfile - --error-logfile -
