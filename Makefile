# A newcomer's targets: `make run` and `make test` set everything up on first use.
# The venv is made with PYTHON when it is given (`make PYTHON=python3.12`); else with the
# fastest build on this machine of the Python that python3 is (tools/pick_python.py: a
# distribution's optimised build runs ipcity a sixth faster than one compiled without).
PYTHON ?=
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Python's bytecode caches (gitignored) are written even where the environment turns them
# off: without them each pytest worker rewrites every test module's asserts again (4 s)
# and every `python -m ipcity` a test starts compiles the modules it imports (0.4 s).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install run test test-fast lint format schema bench fuzz clean

$(STAMP): pyproject.toml
	@python='$(PYTHON)'; \
	if [ -z "$$python" ]; then python=$$(python3 tools/pick_python.py) || python=python3; fi; \
	echo "making $(VENV) with $$python"; \
	"$$python" -c 'import sys; sys.exit("ipcity needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)' && \
	"$$python" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/ipcity report

# The tests run on every core (pytest-xdist); one after another they keep about one busy.
test: $(STAMP)
	$(BIN)/ipcity validate
	$(MAKE) lint
	$(BIN)/pytest -n auto

# The tests but the slow ones (pip installs, processes of the real command, real git, a
# browser, a real shell, long property runs): for the edit-test loop. `make test` runs
# them all.
test-fast: $(STAMP)
	$(BIN)/pytest -n auto -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check ipcity tests bench tools
	$(BIN)/ruff format --check ipcity tests bench tools
	$(BIN)/mypy
	$(BIN)/mypy bench/generate.py bench/run.py tools/pick_python.py

format: $(STAMP)
	$(BIN)/ruff format ipcity tests bench tools
	$(BIN)/ruff check --fix ipcity tests bench tools

# Timings of every command at 44, 1,000 and 10,000 tasks, and taskwarrior's when installed.
# Generates bench/out/ on first use (gitignored). Not part of `make test`.
bench: $(STAMP)
	$(BIN)/python bench/run.py

# The loader, the outputs of a hostile plan, the fast readers of the log and of the plan,
# the plan's shapes without Pydantic, the options' reader and the texts a record
# round-trips, fuzzed with many more examples than `make test` tries (40 mutated files;
# 400 records; 100 documents; 100 plan files; 20 values a parameter; 100 texts; make fuzz
# 3,000, 30,000, 7,500, 7,500, 150 and 1,000).
fuzz: $(STAMP)
	IPCITY_FUZZ_EXAMPLES=$${IPCITY_FUZZ_EXAMPLES:-3000} \
	IPCITY_HYPOTHESIS_EXAMPLES=$${IPCITY_HYPOTHESIS_EXAMPLES:-1000} \
		$(BIN)/pytest tests/test_fuzz.py tests/test_fuzz_outputs.py tests/test_yaml_fast.py \
		tests/test_yaml_block.py tests/test_plan_shapes.py tests/test_values.py \
		tests/test_roundtrip.py

# The JSON Schema files editors read; a test fails when they and the models differ.
schema: $(STAMP)
	mkdir -p schema
	for name in tasks units status; do $(BIN)/ipcity schema $$name > schema/$$name.schema.json; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis
