#!/usr/bin/env bash
# `rasa data validate` must pass with no warnings at all.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(.venv/bin/rasa data validate --fail-on-warnings 2>&1)
status=$?
echo "$out" | grep -E "UserWarning|WARNING|ERROR|validat" | grep -v "^$" || true
if [ $status -ne 0 ] || echo "$out" | grep -q "UserWarning"; then
  echo "rasa data validate: FAILED (warnings or errors above)"
  exit 1
fi
echo "rasa data validate: passed with no warnings"
