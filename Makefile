# kg: two commands set everything up on a fresh machine.
#   make run    build output/graph.ttl and output/graph.html from input/
#   make test   run the whole test suite (installs Chromium and a CJK font when missing)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-0.1.0

.PHONY: run test test-fast bench eval eval-html train browser-deps clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 'setuptools>=70.1'
	$(BIN)/python -m pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kg build input -o output

# Browser tests drive Debian's Chromium and Firefox ESR; without a CJK font they draw Chinese as boxes.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v firefox-esr >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi wqy; then \
	  echo "installing chromium, firefox-esr and fonts-wqy-zenhei (Debian packages)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium firefox-esr fonts-wqy-zenhei >/dev/null; \
	fi

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest

# The quick part of the suite: no browser, no whole-article builds.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# Speed and memory: build throughput against jieba, jobs=1 vs 2, SPARQL latency at ~1M triples,
# build time against an article's length (10k, 100k, 1M characters; 1M against 10 x 100k) and a
# kg serve load test (simple queries at concurrency 4 and 16 on the dev set's graph).
# Uses CLUENER sentences as the corpus when DATA holds them, generated articles otherwise.
BENCH_DATA ?= ../shared/data/cluener
bench: $(STAMP)
	$(BIN)/python -m kg.bench --data $(BENCH_DATA) --out output/bench

# Breadth on the dev set: every article built alone and scored against its gold, once with the
# pretrained recognisers (LAC, the tagger) and once with --no-ner; tables on stdout, reports in output/eval/*.json and
# each article's build in output/eval/<run>/<article>/.
DEV_ARTICLES ?= ../shared/articles/dev
DEV_GOLD     ?= ../shared/gold/dev
EVAL_JOBS    ?= 2
EVAL = $(BIN)/kg eval dev $(DEV_ARTICLES) $(DEV_GOLD) --jobs $(EVAL_JOBS)
eval: $(STAMP)
	$(EVAL) --json output/eval/dev.json --out output/eval/dev
	$(EVAL) --no-ner --json output/eval/dev-no-ner.json --out output/eval/dev-no-ner

# The same table for the dev set's saved pages ($(DEV_ARTICLES)/html/<article>.html) instead of
# the .txt (evidence still looked for in the .txt): compare its totals with make eval's.
eval-html: $(STAMP)
	$(EVAL) --html --json output/eval/dev-html.json --out output/eval/dev-html

# Train the learned tagger (outside CI): make train DATA=../shared/data
# Reads the NER corpora and DuEE under DATA (kg/models/tagger/MODEL_CARD.md, "Training data"),
# about 25 minutes for 10 epochs on one core; rerunning resumes from $(TRAIN_WORK)/checkpoint.npz.
TRAIN_WORK ?= output/train-tagger
train: $(STAMP)
	@test -n "$(DATA)" || { echo "usage: make train DATA=path/to/shared/data"; exit 2; }
	$(BIN)/python -m kg.tagger.train --data $(DATA) --out $(TRAIN_WORK) --epochs 10
	cp $(TRAIN_WORK)/tagger.npz kg/models/tagger/tagger.npz

clean:
	rm -rf $(VENV) build *.egg-info output/graph.* .pytest_cache
