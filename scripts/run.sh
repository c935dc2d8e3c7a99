#!/usr/bin/env bash
# Start the site on $HOST:$PORT (default 127.0.0.1:8000) and the background worker with beat on
# the embedded filesystem broker (no Redis needed). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=safecommunity.settings
mkdir -p var/celery/queue var/celery/processed var/celery/control var/celery/results var/log
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export SITE_URL=${SITE_URL:-http://$HOST:$PORT}
# E-mail (notifications, setup and reset links) goes to files under var/mail/, one per message,
# instead of scrolling through the server log; set EMAIL_BACKEND/EMAIL_HOST for a real server.
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}

$BIN/celery -A safecommunity worker -B --pool=solo --loglevel=INFO \
  --schedule var/celerybeat-schedule >var/log/celery.log 2>&1 &
CELERY_PID=$!
trap 'kill $CELERY_PID 2>/dev/null; wait $CELERY_PID 2>/dev/null || true' EXIT INT TERM

echo
echo "SafeCommunity 安全社区管理平台 — http://$HOST:$PORT/"
$BIN/python manage.py demo_logins
echo "Background worker + beat: pid $CELERY_PID (log: var/log/celery.log)."
if [ "$EMAIL_BACKEND" = django.core.mail.backends.filebased.EmailBackend ]; then
  echo "E-mails (setup and reset links, notifications) are written to var/mail/."
fi
echo "Ctrl-C stops everything. Another port: make run PORT=8080"
echo
$BIN/gunicorn safecommunity.wsgi --bind "$HOST:$PORT" --workers 3 --threads 2 --timeout 120 \
  --access-logfile - --error-logfile -
