#!/bin/sh
# Load test (a benchmark, not a unit test): gunicorn with DEBUG off on loopback, on a
# database with the demo pages imported, under wrk against cached HTML pages (home, an
# article, search, the timeline, a province) and, in the same run, a static CSS file
# served by whitenoise. Prints requests/s, latency, errors and timeouts per address, and
# each HTML page's requests/s as a share of the static file's (the goal: at least 50%).
#
#   scripts/bench_load.sh DATABASE_URL [PORT]      (make bench-load runs it on SQLite and PostgreSQL)
#
# The pages come from the page cache (articles/pagecache.py) in Redis, shared by the
# workers: CACHE_URL (default redis://127.0.0.1:6379/13). Each page is requested once
# before its run, so the run measures cached pages; the response header says so.
# Traffic stays on 127.0.0.1, on a free port (or PORT, refused when anything answers on
# it: wrk must measure our server, not a colleague's); gunicorn is stopped (by its pid)
# however the script ends.
set -eu

DATABASE_URL=$1
PY=${PY:-.venv/bin/python}
PORT=${2:-$($PY -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
DURATION=${LOAD_DURATION:-30s}
CONNECTIONS=${LOAD_CONNECTIONS:-64}
WORKERS=${LOAD_WORKERS:-2}
THREADS=${LOAD_THREADS:-1}
STATIC_ROOT=${STATIC_ROOT:-$(pwd)/var/bench_load_static}
SECRET_KEY=$($PY -c "import secrets; print(secrets.token_urlsafe(50))")
CACHE_URL=${CACHE_URL:-redis://127.0.0.1:6379/13}
export DATABASE_URL STATIC_ROOT SECRET_KEY CACHE_URL
export DEBUG=false ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_COOKIES=false

echo "== $(echo "$DATABASE_URL" | sed 's#//[^@]*@#//#'), cache $CACHE_URL =="
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

ARTICLE=$($PY manage.py shell -v0 -c "from articles.models import Article; print(Article.objects.filter(duplicate_of__isnull=True).order_by('-published_at', '-id').first().get_absolute_url())" 2>/dev/null)
CSS=$($PY manage.py shell -v0 -c "from django.templatetags.static import static; print(static('css/site.css'))" 2>/dev/null)
run() {  # label path: one wrk run; prints the RESULT line and remembers requests/s
    label=$1 path=$2
    status=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")
    [ "$status" = 200 ] || { echo "$path answered $status before the run"; exit 1; }
    cached=$(curl -s -o /dev/null -D - "$BASE$path" | tr -d '\r' | sed -n 's/^[Xx]-[Pp]age-[Cc]ache: //p')
    line=$(timeout 120 wrk --threads 2 --connections "$CONNECTIONS" --duration "$DURATION" --timeout 2s \
        --script scripts/bench_load.lua "$BASE$path" | sed -n 's/^RESULT //p')
    rps=$(echo "$line" | sed -n 's/.*rps=\([0-9.]*\).*/\1/p')
    printf '%-10s %-8s %s  %s\n' "$label" "${cached:-static}" "$line" "$path"
    eval "RPS_$label=\${rps:-0}"
}
run static "$CSS"
for page in home:/ article:$ARTICLE "search:/articles/?q=%E5%8C%BB%E7%96%97%E4%B8%AD%E5%BF%83" timeline:/timeline/ \
    province:/provinces/henan/; do
    run "${page%%:*}" "${page#*:}"
done
run static2 "$CSS"  # again at the end: the machine's load drifts during a run
echo "requests/s as a share of the static file's (mean of its two runs):"
for label in home article search timeline province; do
    eval "rps=\$RPS_$label"
    awk -v page="$label" -v rps="$rps" -v a="$RPS_static" -v b="$RPS_static2" \
        'BEGIN { s = (a + b) / 2; printf "  %-10s %8.1f req/s  %5.1f%% of static (%.1f req/s)\n", page, rps, 100 * rps / s, s }'
done
