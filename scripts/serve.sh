#!/usr/bin/env bash
# Starts the action server, the Rasa server (REST, socket.io, Slack, Telegram, HTTP API),
# the web page and the journal's reminder scheduler, and stops them all on Ctrl-C or
# SIGTERM. Used by `make run` and by the end-to-end tests, so both start the same thing.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RASA_PORT:=5005}" "${ACTION_PORT:=5055}" "${WEB_PORT:=8080}" "${ENDPOINTS:=endpoints.yml}" "${TRACKER_DB:=build/tracker.db}"
export ACTION_PORT TRACKER_DB MODEL=${MODEL:?set MODEL to the model file} ENDPOINTS
BIN=.venv/bin
# JSON logs without content at INFO, in every process (deploy/launch.py, privacy/logs.py; LOG_LEVEL=DEBUG shows all).
LOGGED="$BIN/python -m deploy.launch"
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

# The HTTP API always needs a token (scripts/token.sh).
token_source=RASA_TOKEN
[ -n "${RASA_TOKEN:-}" ] || token_source=${RASA_TOKEN_FILE:-build/rasa-token}
RASA_TOKEN=$(scripts/token.sh)
export RASA_TOKEN
# Browsers may call Rasa only from the web page's own origin(s).
export ALLOWED_ORIGINS=${ALLOWED_ORIGINS:-"http://127.0.0.1:$WEB_PORT http://localhost:$WEB_PORT"}

# The journal's tables, brought up to date before anything uses them: SQLite in build/
# (JOURNAL_DB_URL), PostgreSQL with the production profile's DB_* (docs/journal.md).
case "$ENDPOINTS" in *production*) export JOURNAL_DB=${JOURNAL_DB:-postgresql} ;; esac
$BIN/python -m journal.migrate

# The Rasa server and its action server (the cluster starts several of these).
scripts/instance.sh &
pids+=($!)
$LOGGED web.server --host 127.0.0.1 --port "$WEB_PORT" --rasa-port "$RASA_PORT" \
  ${RASA_PUBLIC_URL:+--rasa-url "$RASA_PUBLIC_URL"} &
pids+=($!)
# The journal's daily reminders, sent from this one scheduler (journal/reminders.py).
$LOGGED journal.reminders --rasa-url "http://127.0.0.1:$RASA_PORT" &
pids+=($!)
# Conversations older than RETENTION_DAYS go, now and then daily (docs/privacy.md).
# A shell loop waits between runs, so no Python process (over 100 MB with Rasa) idles all day.
(
  trap 'kill "$nap" 2>/dev/null; exit 0' TERM
  while :; do
    $BIN/python -m privacy.purge --endpoints "$ENDPOINTS" || true
    sleep "${PURGE_EVERY_SECONDS:-86400}" & nap=$!
    wait "$nap"
  done
) &
pids+=($!)

alive() {
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "A server stopped; stopping the rest." >&2; return 1; }
  done
}
# The URL (with the token) goes to curl on its standard input, not its command line.
up() { printf 'url = "%s"\n' "$1" | curl -fs -K - >/dev/null 2>&1; }

for _ in $(seq 1 240); do
  alive || exit 1
  if up "http://127.0.0.1:$RASA_PORT/status?token=$RASA_TOKEN" \
     && up "http://127.0.0.1:$ACTION_PORT/health" && up "http://127.0.0.1:$WEB_PORT/healthz"; then
    echo
    echo "twitch-assistant is ready. Open http://127.0.0.1:$WEB_PORT to chat"
    echo "  FAQ page: http://127.0.0.1:$WEB_PORT/faq"
    echo "  REST:     curl -s -XPOST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook -d '{\"sender\":\"me\",\"message\":\"hi\"}'"
    echo "  HTTP API: add ?token= with the token in $token_source"
    echo "  Stop:     Ctrl-C"
    break
  fi
  sleep 1
done
# Stop when a server stops, or when whoever started us (make) is gone: a SIGTERM
# sent to make alone must not leave the servers running.
parent=$PPID
while kill -0 "$parent" 2>/dev/null; do
  alive || exit 1
  sleep 1
done
