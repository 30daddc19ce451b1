#!/bin/sh
# Load test (a benchmark, not a unit test): gunicorn with DEBUG off on loopback, on a
# database with the demo pages imported, under wrk (64 connections, 30 s) against the
# search page and the timeline. Prints requests/s, latency, errors and timeouts.
#
#   scripts/bench_load.sh DATABASE_URL [PORT]      (make bench-load runs it on SQLite and PostgreSQL)
#
# Traffic stays on 127.0.0.1, on a free port (or PORT, refused when anything answers on
# it: wrk must measure our server, not a colleague's); gunicorn is stopped (by its pid)
# however the script ends.
set -eu

DATABASE_URL=$1
PY=${PY:-.venv/bin/python}
PORT=${2:-$($PY -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
DURATION=${LOAD_DURATION:-30s}
CONNECTIONS=${LOAD_CONNECTIONS:-64}
WORKERS=${LOAD_WORKERS:-$(($(nproc) + 1))}  # CPU-bound pages: about one per core, one spare
THREADS=${LOAD_THREADS:-1}
STATIC_ROOT=${STATIC_ROOT:-$(pwd)/var/bench_load_static}
SECRET_KEY=$($PY -c "import secrets; print(secrets.token_urlsafe(50))")
export DATABASE_URL STATIC_ROOT SECRET_KEY
export DEBUG=false ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_COOKIES=false

echo "== $(echo "$DATABASE_URL" | sed 's#//[^@]*@#//#') =="
$PY manage.py migrate --noinput -v0
$PY manage.py load_reference -v0 >/dev/null
$PY manage.py import_articles fixtures/demo_pages -v0 >/dev/null 2>&1 || true  # unchanged on a re-run
$PY manage.py collectstatic --noinput -v0

BASE="http://127.0.0.1:$PORT"
if curl -s -o /dev/null --max-time 2 "$BASE/"; then
    echo "something already answers on 127.0.0.1:$PORT; choose another PORT"; exit 1
fi
.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --threads "$THREADS" \
    --log-level warning --graceful-timeout 5 &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null; wait "$GUNICORN" 2>/dev/null || true' EXIT INT TERM

i=0
until curl -fsS -o /dev/null "$BASE/robots.txt" 2>/dev/null; do
    kill -0 "$GUNICORN" 2>/dev/null || { echo "gunicorn exited"; exit 1; }
    i=$((i + 1)); [ "$i" -lt 60 ] || { echo "gunicorn did not start"; exit 1; }
    sleep 0.5
done
echo "gunicorn pid $GUNICORN on $BASE: $WORKERS workers x $THREADS threads; wrk $CONNECTIONS connections, $DURATION"

for path in "/articles/?q=%E5%8C%BB%E7%96%97%E4%B8%AD%E5%BF%83" "/timeline/"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")
    [ "$status" = 200 ] || { echo "$path answered $status before the run"; exit 1; }
    curl -s -o /dev/null "$BASE$path"  # warm the per-process caches once
    printf '%-40s ' "$path"
    timeout 120 wrk --threads 2 --connections "$CONNECTIONS" --duration "$DURATION" --timeout 2s \
        --script scripts/bench_load.lua "$BASE$path" | sed -n 's/^RESULT //p'
done
