#!/usr/bin/env bash
# The model's name: a hash of everything training reads, so `make` retrains only
# when the data, domain, config or NLU rules change (not when an FAQ answer does:
# data/knowledge is read by the actions, not by training).
set -euo pipefail
cd "$(dirname "$0")/.."
{ cat config.yml domain.yml content/lexicon.yml; find data -type f -name '*.yml' -not -path 'data/knowledge/*' | sort | xargs cat; \
  cat twitch_nlu/*.py twitch/nlp_build.py twitch/duration.py; } | sha256sum | cut -c1-16 | sed 's/^/twitch-/'
