#!/usr/bin/env bash
# `rasa data validate` must pass with no warnings at all, but one: Rasa 3.6 counts the
# FAQ's retrieval action `utter_faq` as an unused response, because the rules answer the
# retrieval intent `faq` with action_answer_faq (from the knowledge base) instead.
set -uo pipefail
cd "$(dirname "$0")/.."
known="The utterance 'utter_faq' is not used in any story or rule."
out=$(.venv/bin/rasa data validate --fail-on-warnings 2>&1)
status=$?
problems=$(echo "$out" | grep -E "UserWarning|WARNING|ERROR|Traceback" | grep -vF "$known" | grep -v "^$")
echo "$out" | grep -E "UserWarning|WARNING|ERROR|validat" | grep -v "^$" || true
if [ -n "$problems" ] || { [ $status -ne 0 ] && ! echo "$out" | grep -qF "$known"; }; then
  echo "rasa data validate: FAILED (warnings or errors above)"
  exit 1
fi
echo "rasa data validate: passed with no warnings (but the known one about utter_faq)"
