# Two commands: `make build` and `make test`. Everything else is optional.
PY      ?= python3
TOOLS   := .tools
UV      := $(TOOLS)/bin/uv
VENV    := .venv
BIN     := $(VENV)/bin
export GX_ANALYTICS_ENABLED := False
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
# the venv's packages are compiled to bytecode once, at install: every Python process the tests start
# (two xdist workers, each `cpi` subprocess, Streamlit) then reads .pyc instead of compiling dbt,
# Streamlit, SciPy, pandas... again (PYTHONDONTWRITEBYTECODE, set in some shells, stops Python from
# writing them itself; README "Development")
export UV_COMPILE_BYTECODE := 1

.PHONY: setup setup-spark build test test-fast app docs lint clean bench

$(UV):
	$(PY) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

# A venv that has the Spark extra keeps it (uv sync removes what it is not asked for).
$(VENV)/.synced: $(UV) pyproject.toml uv.lock Makefile
	$(UV) sync --frozen $(if $(wildcard $(VENV)/.synced-spark),--extra spark) --python $(PY)
	touch $@

setup: $(VENV)/.synced

## setup-spark: also the optional Spark engine (extra `spark`: pyspark, dbt-spark; needs Java 17)
$(VENV)/.synced-spark: $(UV) pyproject.toml uv.lock Makefile
	$(UV) sync --frozen --extra spark --python $(PY)
	touch $@ $(VENV)/.synced

setup-spark: $(VENV)/.synced-spark

## build: ingest data/raw, validate, dbt build, publish warehouse/cpi.duckdb, print headline
build: setup
	$(BIN)/cpi build

## test: the whole suite (pytest: ingest, publish, ops, marts, fidelity, stats, app, browser, bench,
## spark) on TEST_WORKERS processes (pytest-xdist; the shared builds are made once per run)
TEST_WORKERS ?= auto
# the test processes write the bytecode of our own modules and pytest's rewritten test modules
# (__pycache__/, ignored by git) even where the shell sets PYTHONDONTWRITEBYTECODE: each worker
# and each `cpi` subprocess reads them instead of compiling every module again
WRITE_PYC   := env -u PYTHONDONTWRITEBYTECODE
PYTEST_ARGS  ?=
test: setup-spark
	$(WRITE_PYC) $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

## test-fast: what needs no build: unit tests and quick checks (no slow, shared_build, browser, spark)
test-fast: setup
	$(WRITE_PYC) $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup -m "not slow and not shared_build and not browser and not spark" $(PYTEST_ARGS)

## app: the dashboard on the published release
app: setup
	$(BIN)/cpi app

docs: setup
	$(BIN)/cpi docs

## bench: the benchmark (docs/benchmarks.md): scales 1,10,100,1000 of the 2023 wave + 36 monthly
## waves, cold / unchanged / add-a-wave builds, floor and pandas; results in .bench/results/
BENCH_ARGS ?=
bench: setup
	$(BIN)/cpi bench $(BENCH_ARGS)

## lint: ruff (check + format), the import contracts (pyproject.toml [tool.importlinter]), SQLFluff
LINT_PY := cpi presentation release_data cpi_demo cpi_bench streamlit_app survey_stats tests scripts
lint: setup
	$(BIN)/ruff check $(LINT_PY)
	$(BIN)/ruff format --check $(LINT_PY)
	$(BIN)/lint-imports
	$(BIN)/sqlfluff lint models

clean:
	rm -rf $(VENV) $(TOOLS) target logs dbt_packages
