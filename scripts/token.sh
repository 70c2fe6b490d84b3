#!/usr/bin/env bash
# Prints the HTTP API's token: RASA_TOKEN, else the one made on the first run in
# RASA_TOKEN_FILE (default build/rasa-token), readable by its owner only. Used by
# serve.sh (`make run`) and deploy/cluster.py (`make run-cluster`).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${RASA_TOKEN:-}" ]; then printf '%s\n' "$RASA_TOKEN"; exit 0; fi
RASA_TOKEN_FILE=${RASA_TOKEN_FILE:-build/rasa-token}
if [ ! -s "$RASA_TOKEN_FILE" ]; then
  mkdir -p "$(dirname "$RASA_TOKEN_FILE")"
  (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))' >"$RASA_TOKEN_FILE.$$")
  mv -n "$RASA_TOKEN_FILE.$$" "$RASA_TOKEN_FILE"; rm -f "$RASA_TOKEN_FILE.$$"
fi
chmod 600 "$RASA_TOKEN_FILE"
cat "$RASA_TOKEN_FILE"
