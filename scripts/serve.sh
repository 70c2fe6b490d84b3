#!/usr/bin/env bash
# Starts the action server and the Rasa server (REST, socket.io, HTTP API), and
# stops both on Ctrl-C or SIGTERM. Used by `make run`.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RASA_PORT:=5005}" "${ACTION_PORT:=5055}" "${ENDPOINTS:=endpoints.yml}" "${TRACKER_DB:=build/tracker.db}"
export ACTION_PORT TRACKER_DB
MODEL=${MODEL:?set MODEL to the model file}
RASA=.venv/bin/rasa
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

auth=()
[ -n "${RASA_TOKEN:-}" ] && auth=(--auth-token "$RASA_TOKEN")

$RASA run actions --port "$ACTION_PORT" --actions actions &
pids+=($!)
$RASA run --enable-api -i 127.0.0.1 --port "$RASA_PORT" --cors "*" \
  --model "$MODEL" --endpoints "$ENDPOINTS" --credentials credentials.yml "${auth[@]}" &
pids+=($!)

alive() {
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "A server stopped; stopping the rest." >&2; return 1; }
  done
}

for _ in $(seq 1 180); do
  alive || exit 1
  if curl -fs "http://127.0.0.1:$RASA_PORT/status${RASA_TOKEN:+?token=$RASA_TOKEN}" >/dev/null 2>&1; then
    echo
    echo "twitch-assistant is ready."
    echo "  REST:   curl -s -XPOST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook -d '{\"sender\":\"me\",\"message\":\"hi\"}'"
    echo "  Shell:  make shell (in another terminal)"
    echo "  Stop:   Ctrl-C"
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
