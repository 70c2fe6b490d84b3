# twitch-assistant. `make run` to chat, `make test` for everything CI checks.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV       := .venv
BIN        := $(VENV)/bin
SPACY_DIR  := twitch_nlu/pipelines/spacy_twitch
MODEL_NAME  = $(shell scripts/model-name.sh)
MODEL       = models/$(MODEL_NAME).tar.gz
export RASA_PORT   ?= 5005
export ACTION_PORT ?= 5055
export WEB_PORT    ?= 8080
export TRACKER_DB  ?= build/tracker.db
# endpoints.production.yml for PostgreSQL and Redis (README).
export ENDPOINTS   ?= endpoints.yml
# Keep Rasa and TensorFlow quiet and off the network.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONHASHSEED := 0
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: run shell install install-browser spacy train test test-unit validate test-stories \
        test-e2e test-e2e-postgres checks evaluate evaluate-journal evaluate-journal2 bench soak test-bench clean purge \
        install-nginx run-cluster test-cluster

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $$(scripts/find-python.sh) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip wheel setuptools
	$(BIN)/pip install -q -e ".[test]"
	@touch $@

# The widget's socket.io-client, served locally by web/server.py.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(BIN)/.installed node_modules/.installed

# Debian's Chromium for the browser tests (Playwright never downloads one).
install-browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

# Debian's nginx for `make run-cluster`; run as a child with its own paths under build/.
install-nginx:
	@test -x /usr/sbin/nginx || { apt-get update -qq && apt-get install -y -qq nginx >/dev/null; }

$(SPACY_DIR)/meta.json: $(BIN)/.installed content/lexicon.yml twitch/nlp_build.py twitch/duration.py
	$(BIN)/python -m twitch.nlp_build $(SPACY_DIR)

spacy: $(SPACY_DIR)/meta.json

# Trains only when nothing in models/ matches the current data, domain and config.
train: install spacy
	@if [ -f $(MODEL) ]; then echo "Model $(MODEL) is up to date."; else \
	  $(BIN)/rasa train --fixed-model-name $(MODEL_NAME) --out models && \
	  find models -name 'twitch-*.tar.gz' ! -name '$(MODEL_NAME).tar.gz' -delete; fi

run: train
	MODEL=$(MODEL) scripts/serve.sh

# The production profile on one machine: nginx on RASA_PORT in front of RASA_INSTANCES
# (default 2) Rasa and action servers, PostgreSQL and Redis (deploy/cluster.py; README).
run-cluster: train install-nginx
	MODEL=$(MODEL) $(BIN)/python -m deploy.cluster

# Deletes conversations older than RETENTION_DAYS (default 30) now; `make run` does it daily.
purge: install
	$(BIN)/python -m privacy.purge --endpoints $(ENDPOINTS)

# The shell's own server has no HTTP API (so needs no token), on the loopback only.
shell: train
	@$(BIN)/rasa run actions --port $(ACTION_PORT) --actions actions >build/actions-shell.log 2>&1 & \
	  pid=$$!; trap "kill $$pid 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/rasa shell --model $(MODEL) --endpoints endpoints.yml -i 127.0.0.1 --port $$(( $(RASA_PORT) + 100 ))

JUNIT = --junitxml=build/junit/$@.xml

test-unit: install spacy
	$(BIN)/pytest -q tests/unit $(JUNIT)

validate: install
	scripts/validate.sh

test-stories: train
	$(BIN)/rasa test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors \
	  --endpoints endpoints.yml --out build/results/stories

# Real servers: REST and socket.io conversations, Slack and Telegram against fake
# platform APIs, and the pages in Chromium.
test-e2e: train install-browser
	TWITCH_MODEL=$(MODEL) $(BIN)/pytest -q tests/e2e tests/channels tests/browser $(JUNIT)

# What depends on the tracker store, again with PostgreSQL and Redis: conversations over
# several turns, erasure ("forget me", on every channel), socket.io sessions, many
# conversations at once (the fuzzing, a tenth of its size here), the logs, two instances
# on one database and Redis, and the journal. The rest
# (the door set, locales, limits, tokens, webhooks, pages) does not, and runs once.
STORE_TESTS = tests/e2e/test_conversations.py tests/e2e/test_contract_examples.py tests/e2e/test_crisis.py \
              tests/e2e/test_privacy.py tests/e2e/test_socketio.py tests/e2e/test_fuzz.py tests/e2e/test_logs.py \
              tests/channels/test_forget.py tests/e2e/test_two_instances.py tests/e2e/test_journal_forget.py
test-e2e-postgres: train
	TWITCH_MODEL=$(MODEL) TWITCH_TRACKER_STORE=postgresql FUZZ_EXAMPLES=25 $(BIN)/pytest -q $(STORE_TESTS) $(JUNIT)

# The held-out NLU test sets: never trained on. MIN_MACRO_F1 makes each a gate.
# tests/nlu_door, tests/nlu_door2 and tests/nlu_door3 are the door sets (written blind);
# all are reported before any gate fails.
evaluate: train
	$(BIN)/rasa test nlu --model $(MODEL) --nlu tests/nlu/test_nlu.yml --out build/results/nlu
	$(BIN)/rasa test nlu --model $(MODEL) --nlu tests/nlu_door/door_nlu.yml --out build/results/nlu_door
	$(BIN)/rasa test nlu --model $(MODEL) --nlu tests/nlu_door2/door2_nlu.yml --out build/results/nlu_door2
	$(BIN)/rasa test nlu --model $(MODEL) --nlu tests/nlu_door3/door3_nlu.yml --out build/results/nlu_door3
	$(BIN)/python -m twitch.nlu_report build/results/nlu --name "Held-out set (tests/nlu)" \
	  $(if $(MIN_MACRO_F1),--min-macro-f1 $(MIN_MACRO_F1)); first=$$?; \
	  $(BIN)/python -m twitch.nlu_report build/results/nlu_door --name "Door set (tests/nlu_door)" \
	  --intents-only $(if $(MIN_MACRO_F1),--min-macro-f1 $(MIN_MACRO_F1)); door=$$?; \
	  $(BIN)/python -m twitch.nlu_report build/results/nlu_door2 --name "Door set 2 (tests/nlu_door2)" \
	  --intents-only $(if $(MIN_MACRO_F1),--min-macro-f1 $(MIN_MACRO_F1)); door2=$$?; \
	  $(BIN)/python -m twitch.nlu_report build/results/nlu_door3 --name "Door set 3 (tests/nlu_door3)" \
	  --intents-only $(if $(MIN_MACRO_F1),--min-macro-f1 $(MIN_MACRO_F1)) && exit $$(( first || door || door2 ))

# Journal conversations no one trained on (tests/nlu_journal): reported, not a gate.
evaluate-journal: train
	$(BIN)/rasa test nlu --model $(MODEL) --nlu tests/nlu_journal/journal_nlu.yml --out build/results/nlu_journal
	$(BIN)/python -m twitch.nlu_report build/results/nlu_journal --name "Journal set (tests/nlu_journal)" --intents-only

# The second blind journal set (tests/nlu_journal2): reported, not a gate.
evaluate-journal2: train
	$(BIN)/rasa test nlu --model $(MODEL) --nlu tests/nlu_journal2/journal2_nlu.yml --out build/results/nlu_journal2
	$(BIN)/python -m twitch.nlu_report build/results/nlu_journal2 --name "Journal set 2 (tests/nlu_journal2)" --intents-only

# Faults on a real cluster with its own PostgreSQL and Redis: an instance killed, the
# database and Redis restarted, an action server stopped, a graceful stop (tests/cluster).
test-cluster: train install-nginx
	TWITCH_MODEL=$(MODEL) $(BIN)/pytest -q tests/cluster $(JUNIT)

# After training, the stages are independent: each end-to-end suite starts servers of
# its own on free ports, so they run side by side with the rest (each stage's output is
# shown whole when it ends). The fault tests run alone afterwards: they kill and restart
# servers, and a loaded machine would only slow their recovery. docs/performance.md has
# the stage times.
test: train install-browser install-nginx
	$(MAKE) --no-print-directory -j3 --output-sync=target test-e2e test-e2e-postgres checks
	$(MAKE) --no-print-directory test-cluster
	$(BIN)/python -m tests.junit_summary build/junit

checks: test-unit validate test-stories
	$(MAKE) --no-print-directory evaluate MIN_MACRO_F1=0.95
	$(MAKE) --no-print-directory evaluate-journal
	$(MAKE) --no-print-directory evaluate-journal2

# The assistant beside Rasa's `rasa init` starter bot (built once in build/starter), under
# Locust: build/bench.md, and the figures in docs/performance.md. BENCH_SHORT=1: seconds a level.
bench: train install-nginx
	TWITCH_MODEL=$(MODEL) $(BIN)/python -m tests.bench.run

# The cluster alone at 20 users for 10 minutes (also the end of `make bench`): build/soak.md.
soak: train install-nginx
	TWITCH_MODEL=$(MODEL) $(BIN)/python -m tests.bench.run --soak

# The short bench end to end; not part of `make test` (its two start-ups take most of its time).
test-bench: train install-nginx
	TWITCH_MODEL=$(MODEL) $(BIN)/pytest -q tests/bench $(JUNIT)

clean:
	rm -rf build models/*.tar.gz .rasa node_modules
