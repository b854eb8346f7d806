"""The set-up of Odoo for `make` (tools/odoo_env.py): pure functions, no Odoo needed."""

import importlib.util
import os
import tarfile
import tempfile
from pathlib import Path
from unittest import TestCase, mock

_SPEC = importlib.util.spec_from_file_location(
    "odoo_env", Path(__file__).resolve().parent.parent / "tools" / "odoo_env.py")
odoo_env = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(odoo_env)


class TestOdooEnv(TestCase):
    def test_binary_wheels_instead_of_builds(self):
        text = "psycopg2==2.9.5 ; python_version == '3.11'\npython-ldap==3.4.0\nlxml==5.2.1\n"
        with mock.patch.dict(odoo_env.NEEDS_HEADERS, {"python-ldap": ("no-such-header-anywhere.h",)}):
            adapted = odoo_env.adapted_requirements(text).splitlines()
        self.assertEqual(adapted[0], "psycopg2-binary==2.9.5 ; python_version == '3.11'")
        self.assertTrue(adapted[1].startswith("# python-ldap==3.4.0"), "skipped without its headers")
        self.assertEqual(adapted[2], "lxml==5.2.1")

    def test_sources_from_an_archive_and_only_18(self):
        tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
        for version, name in ((18, "odoo-18.0"), (17, "odoo-17.0")):
            tree = tmp / name / "odoo"
            tree.mkdir(parents=True)
            (tree / "release.py").write_text(f"version_info = ({version}, 0, 0, FINAL, 0, '')\n")
            with tarfile.open(tmp / f"{name}.tar.gz", "w:gz") as bundle:
                bundle.add(tmp / name, arcname=name)
        odoo_env.fetch_sources(str(tmp / "odoo-18.0.tar.gz"), "18.0", tmp / "src", print)
        self.assertTrue((tmp / "src" / "odoo" / "release.py").exists(), "the archive's top folder is stripped")
        with self.assertRaisesRegex(odoo_env.SetupError, "is not Odoo 18.0"):
            odoo_env.fetch_sources(str(tmp / "odoo-17.0.tar.gz"), "18.0", tmp / "src17", print)
        with self.assertRaisesRegex(odoo_env.SetupError, "neither a git repository nor Odoo's source tree"):
            odoo_env.fetch_sources(str(tmp / "odoo-18.0" / "odoo"), "18.0", tmp / "src3", print)

    def test_a_ready_cache_serves_runs_that_ask_for_nothing_else(self):
        tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
        root = tmp / "integrity_risk" / "odoo-18.0"
        root.mkdir(parents=True)
        (root / "ready").write_text("/some/copy@82a18140")
        python = str(odoo_env.venv_python(root / "venv"))
        environ = {name: value for name, value in os.environ.items() if name not in ("ODOO_SRC", "ODOO_REF")}
        with mock.patch.dict(os.environ, dict(environ, XDG_CACHE_HOME=str(tmp)), clear=True), \
                mock.patch.object(odoo_env, "odoo_importable", lambda exe: exe == python):
            self.assertEqual(odoo_env.ensure(print, []), python)
            os.environ.update(ODOO_SRC="/some/copy", ODOO_REF="82a18140")
            self.assertEqual(odoo_env.ensure(print, []), python, "the same source asked again")
