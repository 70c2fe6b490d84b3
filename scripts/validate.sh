#!/usr/bin/env bash
# `rasa data validate` must pass with no warnings at all, except the one below.
set -uo pipefail
cd "$(dirname "$0")/.."
# `crisis` is sent as a payload by the tests until the NLU's training data has it.
ALLOWED="The intent 'crisis' is listed in the domain file, but is not found in the NLU training data"
out=$(.venv/bin/rasa data validate --fail-on-warnings 2>&1)
status=$?
rest=$(echo "$out" | grep -vF "$ALLOWED")
allowed=$(echo "$out" | grep -cF "$ALLOWED")
echo "$rest" | grep -E "UserWarning|WARNING|ERROR|validat" | grep -v "^$" || true
if echo "$rest" | grep -qE "UserWarning|ERROR|Traceback" || { [ $status -ne 0 ] && [ "$allowed" -eq 0 ]; }; then
  echo "rasa data validate: FAILED (warnings or errors above)"
  exit 1
fi
echo "rasa data validate: passed with no warnings"
