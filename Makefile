# Two commands for a newcomer: `make run` and `make test`. Both need only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SWEEP_SECONDS ?= 60
GEO_DEFAULT_TERRITORY ?= GB
export GEO_DEFAULT_TERRITORY
WEBHOOK_SWEEP_SECONDS ?= 5

# The days where date code breaks (tests/clock.py names them); `make test-clocks` runs the whole
# suite at each.
CLOCKS ?= month-end feb-end year-end leap-day eu-spring eu-autumn us-spring us-autumn year-ahead far

.PHONY: install run test test-clocks bench bench-load bench-purchase bench-ingest bench-rights bench-webhooks bench-feed bench-uploads bench-verify bench-duplicates bench-delivery lint format clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.x")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: install
	@echo "Visitors on localhost have no country; GEO_DEFAULT_TERRITORY=$(GEO_DEFAULT_TERRITORY) stands in."
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed_demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py restriction_compile
	# Queued, not read here: the demo's masters are hours of video (docs/operations.md).
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py evidence_read --enqueue
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py ensure_staff
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py ensure_demo_buyer
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py ensure_demo_partner
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py signing_keys_ensure
	@echo "Site http://127.0.0.1:$(PORT)/  admin /admin/  API /api/v1/  docs /api/docs/"
	@echo "Background tasks (posters, thumbnails, previews, the evidence of new masters) run in a db_worker beside the server;"
	@echo "the first time, the demo's previews and evidence keep it busy for a while after the site is up (docs/operations.md);"
	@echo "renditions_sweep runs every $(SWEEP_SECONDS)s to requeue renditions a dead worker left running;"
	@echo "saved_searches_run beside it matches saved searches (embargoes lift by the clock) and mails digests;"
	@echo "uploads_expire deletes partners' abandoned uploads."
	@echo "webhooks_deliver sends due webhook retries every $(WEBHOOK_SWEEP_SECONDS)s (WEBHOOK_ALLOW_PRIVATE=$${WEBHOOK_ALLOW_PRIVATE:-1})."
	# Webhooks may go to http and local addresses (a receiver on this machine) under make run only.
	export WEBHOOK_ALLOW_PRIVATE=$${WEBHOOK_ALLOW_PRIVATE:-1}; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py db_worker & worker=$$!; \
	( while sleep $(SWEEP_SECONDS); do DEBUG=$${DEBUG:-1} $(BIN)/python manage.py renditions_sweep; DEBUG=$${DEBUG:-1} $(BIN)/python manage.py saved_searches_run; DEBUG=$${DEBUG:-1} $(BIN)/python manage.py uploads_expire; done ) & sweeper=$$!; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py webhooks_deliver --every $(WEBHOOK_SWEEP_SECONDS) & webhooks=$$!; \
	trap 'kill $$worker $$sweeper $$webhooks 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-clocks: install
	@failed=""; for clock in $(CLOCKS); do \
	  echo "== pytest --clock=$$clock"; \
	  $(BIN)/python -m pytest --clock=$$clock $(PYTEST_ARGS) || failed="$$failed $$clock"; \
	done; \
	if [ -n "$$failed" ]; then echo "failed at:$$failed"; exit 1; fi; echo "passed at every clock"

bench: install
	$(BIN)/python bench/lists.py

bench-load: install
	$(BIN)/python bench/load.py

bench-purchase: install
	$(BIN)/python bench/purchase.py

bench-ingest: install
	$(BIN)/python bench/ingest.py

bench-rights: install
	$(BIN)/python bench/restrictions.py

bench-webhooks: install
	$(BIN)/python bench/webhooks.py

bench-feed: install
	$(BIN)/python bench/feed.py

bench-uploads: install
	$(BIN)/python bench/uploads.py

# Verified footage: recall and false matches on the real-photograph test set, then what reading
# a master's evidence costs per minute of 1080p (docs/benchmarks.md).
bench-verify: install
	DEBUG=1 $(BIN)/python bench/fingerprints.py
	DEBUG=1 $(BIN)/python bench/evidence.py

# Matching one new 2-minute clip against 1,000,000 on PostgreSQL: give BENCH_DATABASE_URL.
bench-duplicates: install
	DEBUG=1 DATABASE_URL=$${BENCH_DATABASE_URL:?set BENCH_DATABASE_URL=postgres://...} $(BIN)/python bench/duplicates_scale.py

# Delivery formats: each format made from a 111 s 1080p25 master (times real time, memory),
# then a prepared format's download link and stream on a scratch PostgreSQL database.
bench-delivery: install
	$(BIN)/python bench/transcode.py
	$(BIN)/python bench/delivery.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
