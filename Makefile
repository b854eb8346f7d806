# Development commands; see README.md. tools/dev.py sets up Odoo 18.0 when python3 lacks it.
PYTHON ?= python3

.PHONY: run serve test bench upgrade-test loadtest lint i18n roles
run:
	$(PYTHON) tools/dev.py run

serve:
	$(PYTHON) tools/dev.py serve

test:
	$(PYTHON) tools/dev.py test $(TEST_ARGS)

upgrade-test:
	$(PYTHON) tools/upgrade_test.py

loadtest:
	$(PYTHON) tools/loadtest.py $(LOADTEST_ARGS)

bench:
	$(PYTHON) tools/dev.py bench

lint:
	$(PYTHON) tools/dev.py lint

i18n:
	$(PYTHON) tools/i18n.py

roles:
	$(PYTHON) tools/roles.py
