"""A pytest plugin of ``make test`` (``-p pytest_odoo_tags``): the tests' Odoo tags as pytest markers, so that
``make test`` selects by them. Each tag a class has through ``@tagged`` marks its tests, e.g.
``make test TEST_ARGS="-m 'not browser'"`` leaves out the Chromium tours and ``TEST_ARGS="-m is_query_count"``
runs the query counts only. (A plugin rather than a conftest.py: pytest would import the addon's tests package
before pytest-odoo has set up Odoo's addons.)"""


def pytest_collection_modifyitems(config, items):
    for item in items:
        for tag in sorted(getattr(item.cls, "test_tags", ())):
            config.addinivalue_line("markers", f"{tag}: the Odoo test tag {tag}")
            item.add_marker(tag)
