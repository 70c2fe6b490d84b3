#!/usr/bin/env bash
# One Rasa server (REST, socket.io, Slack, Telegram, HTTP API) on RASA_PORT and its
# action server on ACTION_PORT, both on the loopback interface. SIGTERM stops both
# gracefully (turns in flight finish); when either stops, the other is stopped too and
# this exits, so whoever started it sees the instance as down. Started once by serve.sh
# (`make run`) and RASA_INSTANCES times by deploy/cluster.py (`make run-cluster`).
# Needs MODEL, ENDPOINTS, RASA_TOKEN and ALLOWED_ORIGINS in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RASA_PORT:?}" "${ACTION_PORT:?}" "${MODEL:?}" "${ENDPOINTS:?}" "${RASA_TOKEN:?}" "${ALLOWED_ORIGINS:?}"
export ACTION_PORT RASA_TOKEN
# credentials.yml reads the channels' settings from these; Rasa refuses an unset one,
# and an empty one leaves that channel off.
for name in SLACK_BOT_TOKEN SLACK_SIGNING_SECRET SLACK_API_URL \
            TELEGRAM_TOKEN TELEGRAM_SECRET_TOKEN TELEGRAM_WEBHOOK_URL TELEGRAM_API_URL TELEGRAM_ADMIN_TOKEN; do
  export "$name=${!name:-}"
done
# JSON logs without content at INFO, in every process (deploy/launch.py, privacy/logs.py; LOG_LEVEL=DEBUG shows all).
LOGGED=".venv/bin/python -m deploy.launch"
read -ra origins <<<"${ALLOWED_ORIGINS//,/ }"

# The action server is for Rasa only: on the loopback interface (rasa-sdk's default is all).
SANIC_HOST=127.0.0.1 $LOGGED rasa run actions --port "$ACTION_PORT" --actions actions &
actions=$!
# Sanic refuses a longer body (413) or WebSocket frame from its length, before reading it,
# and says so in JSON; channels/ limit the message and the rate (docs/security.md).
# deploy/launch.py hands the token to Rasa from the environment, as every local user
# can read a command line.
SANIC_REQUEST_MAX_SIZE=${SANIC_REQUEST_MAX_SIZE:-65536} SANIC_WEBSOCKET_MAX_SIZE=${SANIC_WEBSOCKET_MAX_SIZE:-65536} \
SANIC_FALLBACK_ERROR_FORMAT=json \
  $LOGGED rasa run --enable-api -i 127.0.0.1 --port "$RASA_PORT" --cors "${origins[@]}" \
  --model "$MODEL" --endpoints "$ENDPOINTS" --credentials credentials.yml &
rasa=$!
# Rasa first: the turns it finishes may still call the action server.
trap 'kill -TERM $rasa 2>/dev/null || true' INT TERM
# Whichever stopped, Rasa stops before its action server.
status=0
wait -n $rasa $actions || status=$?
kill -TERM $rasa 2>/dev/null || true
wait $rasa 2>/dev/null || true
kill -TERM $actions 2>/dev/null || true
wait $actions 2>/dev/null || true
exit $status
