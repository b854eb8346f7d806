#!/usr/bin/env python3
"""Run, test and benchmark the addon on real Odoo 18.0 and PostgreSQL.

Called by the Makefile: ``make run``, ``make test``, ``make bench``. Everything
this script creates lives under ``.local/`` (ignored by git).
"""

import argparse
import glob
import hashlib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import odoo_env

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / ".local"
# Odoo finds a module by its folder name, and this repository may be cloned under any name: a folder
# outside the repository holds a link named after the module (inside, Odoo's file walks would loop).
ADDONS_LINKS = Path(tempfile.gettempdir()) / f"integrity_risk-addons-{hashlib.sha1(bytes(ROOT)).hexdigest()[:10]}"
MODULE = "integrity_risk"
RUN_DB = MODULE
HTTP_PORT = 8069
GEVENT_PORT = 8072
# OCA's wheels require an `odoo` distribution that a source checkout does not register: installed without
# their dependencies, which requirements.txt lists
PROJECT_REQUIREMENTS = [(ROOT / "requirements.txt", []), (ROOT / "requirements-oca.txt", ["--no-deps"]),
                        (ROOT / "requirements-dev.txt", [])]

# A log line of Odoo is "<date> <time> <pid> <LEVEL> <db> <logger>: <message>".
BAD_LOG_LINE = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ")


def say(message):
    print(f"[{MODULE}] {message}", flush=True)


def fail(message, code=2):
    print(f"[{MODULE}] {message}", file=sys.stderr, flush=True)
    sys.exit(code)


# --- prerequisites -------------------------------------------------------------

def require_odoo():
    """Run on with an interpreter that imports Odoo 18.0: this one, or the per-user cache (odoo_env.py)."""
    try:
        python = odoo_env.ensure(say, PROJECT_REQUIREMENTS)
    except odoo_env.SetupError as error:
        fail(str(error))
    if python != sys.executable:
        say(f"running with {python}")
        os.execv(python, [python, os.path.abspath(sys.argv[0]), *sys.argv[1:]])  # the same command


def requirement_names(path):
    names = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0])
    return names


def missing_distributions(path):
    missing = []
    for name in requirement_names(path):
        try:
            importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(name)
    return missing


def require_python_packages():
    for path, extra in PROJECT_REQUIREMENTS:
        missing = missing_distributions(path)
        if missing:
            say(f"installing missing Python packages: {', '.join(missing)}")
            cmd = [sys.executable, "-m", "pip", "install", "-q", *extra, "-r", str(path)]
            if subprocess.run(cmd).returncode:
                fail(f"could not install {path.name}; install it by hand (pip install {' '.join(extra)} -r "
                     f"{path.name}) and try again")


def check_pdf_tools():
    """wkhtmltopdf and a CJK font print the annex tables; say what is missing."""
    problems = []
    if not shutil.which("wkhtmltopdf"):
        problems.append("wkhtmltopdf (apt-get install wkhtmltopdf)")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True) if shutil.which("fc-list") else None
    if not fonts or not fonts.stdout.strip():
        problems.append("a Chinese font (apt-get install fonts-noto-cjk)")
    for problem in problems:
        say(f"missing for PDF printing: {problem}; PDF tests are skipped, HTML and XLSX still work")
    return not problems


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return True
    say("missing for browser tours: chromium (apt-get install chromium); tours are skipped")
    return False


# --- PostgreSQL ----------------------------------------------------------------

def pg_connect(dbname="postgres"):
    import psycopg2  # installed with Odoo's requirements

    connection = psycopg2.connect(dbname=dbname, connect_timeout=5)
    connection.autocommit = True
    return connection


def pg_answers():
    try:
        pg_connect().close()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False


def pg_private_cluster():
    """Start (creating it if needed) a cluster under .local/pg, socket in that folder."""
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    bindir = Path(binaries[-1]) if binaries else None
    initdb = shutil.which("initdb") or (bindir and str(bindir / "initdb"))
    pg_ctl = shutil.which("pg_ctl") or (bindir and str(bindir / "pg_ctl"))
    if not initdb or not Path(initdb).exists():
        fail("no PostgreSQL server answers and its server programs (initdb, pg_ctl) are not installed: "
             "apt-get install postgresql, or set PGHOST/PGPORT/PGUSER to a running server")
    if os.geteuid() == 0:
        fail("no PostgreSQL server answers, and PostgreSQL refuses to run a private cluster as root: "
             "start the system server (pg_ctlcluster <version> main start) or run as a normal user")
    pgdir = LOCAL / "pg"
    data = pgdir / "data"
    if not (data / "PG_VERSION").exists():
        say(f"creating a private PostgreSQL cluster in {pgdir}")
        pgdir.mkdir(parents=True, exist_ok=True)
        subprocess.run([initdb, "-D", str(data), "-U", "odoo", "-A", "trust", "-E", "UTF8"],
                       check=True, stdout=subprocess.DEVNULL)
    os.environ["PGHOST"] = str(pgdir)
    os.environ["PGUSER"] = "odoo"
    if not pg_answers():
        say("starting the private PostgreSQL cluster")
        subprocess.run([pg_ctl, "-D", str(data), "-l", str(pgdir / "server.log"), "-w",
                        "-o", f"-k {pgdir} -c listen_addresses=''", "start"],
                       check=True, stdout=subprocess.DEVNULL)
    if not pg_answers():
        fail(f"the private PostgreSQL cluster did not start; see {pgdir / 'server.log'}")


def require_postgres():
    if not pg_answers():
        pg_private_cluster()
    with pg_connect() as connection, connection.cursor() as cr:
        cr.execute("SELECT current_user")
        role = cr.fetchone()[0]
    if role == "postgres":
        fail("PostgreSQL is reached as the 'postgres' superuser, which Odoo must not use: "
             "set PGUSER to another role that may create databases")


def database_exists(name):
    with pg_connect() as connection, connection.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def drop_database(name):
    connection = pg_connect()
    try:
        with connection.cursor() as cr:
            cr.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
            cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        connection.close()
    shutil.rmtree(LOCAL / "data" / "filestore" / name, ignore_errors=True)


# --- Odoo ----------------------------------------------------------------------

def addons_path():
    """Odoo's addons plus a folder where this repository appears under its module name."""
    link_dir = ADDONS_LINKS
    link_dir.mkdir(parents=True, exist_ok=True)
    link = link_dir / MODULE
    if link.is_symlink() and link.resolve() != ROOT:
        link.unlink()
    if not link.exists():
        link.symlink_to(ROOT, target_is_directory=True)
    import odoo

    odoo_root = Path(odoo.__file__).resolve().parent.parent
    paths = [str(link_dir)]
    if (odoo_root / "addons").is_dir():
        paths.append(str(odoo_root / "addons"))
    return ",".join(paths)


def odoo_launcher():
    """odoo-bin where the sources have it: in multi-process mode Odoo restarts itself for its websocket
    process with the same script, which `python -m odoo` does not survive (a relative import)."""
    import odoo

    odoo_bin = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
    return [sys.executable, str(odoo_bin)] if odoo_bin.exists() else [sys.executable, "-m", "odoo"]


def odoo_command(database, *args):
    return [*odoo_launcher(), "-d", database, f"--addons-path={addons_path()}",
            f"--data-dir={LOCAL / 'data'}", "--db-filter", f"^{database}$", *args]


def install(database, demo, update=False):
    """Install (or update) the module; return the log lines of the run."""
    mode = ["-u", MODULE] if update else ["-i", MODULE]
    cmd = odoo_command(database, *mode, "--stop-after-init", "--log-level=info", "--no-http")
    if not demo:
        cmd.append("--without-demo=all")
    elif not update:
        cmd.append("--load-language=zh_CN")  # the demo users work in Chinese
    process = subprocess.run(cmd, capture_output=True, text=True)
    lines = (process.stdout + process.stderr).splitlines()
    if process.returncode:
        first = next((i for i, line in enumerate(lines) if BAD_LOG_LINE.match(line) or "Traceback" in line), 0)
        print("\n".join(lines[first:first + 80] or lines[-60:]))
        fail(f"installing {MODULE} failed (exit code {process.returncode})", code=1)
    return lines


# --- commands ------------------------------------------------------------------

DEMO_LOGINS = [
    ("admin", "admin", "系统管理员（领导小组办公室）"),
    ("jiwei", "jiwei", "领导小组办公室（纪委）"),
    ("zuzhang", "zuzhang", "领导小组"),
    ("discipline", "discipline", "分管校领导（财务处、人事处、教务处……）"),
    ("caiwu_leader", "caiwu_leader", "财务处工作小组组长"),
    ("caiwu_cadre", "caiwu_cadre", "财务处干部（本人）"),
    ("hr_section", "hr_section", "人事处联系人"),
]


def prepare_demo_database():
    """The demo database, created on the first run and updated on later ones; the demo logins printed."""
    require_postgres()
    exists = database_exists(RUN_DB)
    say(("updating" if exists else "creating") + f" the database {RUN_DB} with demo data ...")
    install(RUN_DB, demo=True, update=exists)
    say("demo logins (login / password; every demo employee has one, see README.md):")
    for login, password, role in DEMO_LOGINS:
        say(f"  {login:14} / {password:14} {role}")
    if not exists:
        say("the demo year (two campaigns) is built by a scheduled action once the server runs: "
            "allow a few minutes before its campaigns appear")


def command_run(_args):
    prepare_demo_database()
    say(f"serving Odoo on http://localhost:{HTTP_PORT}  (Ctrl-C stops it)")
    os.execv(sys.executable, odoo_command(RUN_DB, f"--http-port={HTTP_PORT}"))  # Odoo handles Ctrl-C itself


def serving_options():
    """Odoo's multi-process settings sized for this machine, as deploy/odoo.conf documents them."""
    cores = os.cpu_count() or 1
    with open("/proc/meminfo") as meminfo:
        total_kib = int(next(line for line in meminfo if line.startswith("MemTotal:")).split()[1])
    hard = 2560 * 1024 * 1024  # each worker may grow to this before Odoo recycles it
    # (2 x cores) + 1 workers, as many as the memory holds at their hard limit, keeping 1 GiB for PostgreSQL
    workers = max(2, min(2 * cores + 1, (total_kib * 1024 - 1024 ** 3) // hard))
    return [f"--workers={workers}", "--max-cron-threads=1", f"--limit-memory-soft={2048 * 1024 * 1024}",
            f"--limit-memory-hard={hard}", "--limit-time-cpu=600", "--limit-time-real=1200",
            "--limit-request=8192", "--proxy-mode", f"--gevent-port={GEVENT_PORT}"]


def command_serve(_args):
    """The demo database served by Odoo's multi-process mode, as in production behind a reverse proxy."""
    prepare_demo_database()
    options = serving_options()
    say(f"serving Odoo in multi-process mode on http://localhost:{HTTP_PORT} ({' '.join(options)}); "
        f"websockets on port {GEVENT_PORT}; Ctrl-C stops it")
    os.execv(sys.executable, odoo_command(RUN_DB, f"--http-port={HTTP_PORT}", *options))


def command_test(args):
    require_postgres()
    pdf_ready = check_pdf_tools()
    browser_ready = find_chromium()
    database = f"{MODULE}_test_{os.getpid()}"
    drop_database(database)
    try:
        say(f"installing {MODULE} without demo data in a fresh database {database} ...")
        started = time.time()
        lines = install(database, demo=False)
        bad = [line for line in lines if BAD_LOG_LINE.match(line)]
        if bad:
            print("\n".join(bad))
            fail(f"the install logged {len(bad)} warning or error line(s); see above", code=1)
        say(f"installed cleanly in {time.time() - started:.0f}s; running the tests")
        env = dict(os.environ, INTEGRITY_RISK_PDF="1" if pdf_ready else "0",
                   INTEGRITY_RISK_BROWSER="1" if browser_ready else "0",
                   PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "tools"), os.environ.get("PYTHONPATH")])))
        cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "pytest_odoo_tags", "-q", "--tb=short",
               f"--rootdir={ADDONS_LINKS}", "-W", "ignore::DeprecationWarning",
               f"--odoo-database={database}", f"--odoo-addons-path={addons_path()}",
               "--odoo-log-level=critical", f"--odoo-extra=data-dir={LOCAL / 'data'}",
               "--odoo-http", str(ADDONS_LINKS / MODULE / "tests"), *args.pytest_args]
        result = subprocess.run(cmd, env=env, cwd=ADDONS_LINKS)
        return result.returncode
    finally:
        drop_database(database)


def command_bench(args):
    """A fresh database with the module, then bench/run_bench.py's data and figures (kept for inspection)."""
    require_postgres()
    database = f"{MODULE}_bench"
    drop_database(database)
    say(f"installing {MODULE} in a fresh database {database} ...")
    install(database, demo=False)
    cmd = [sys.executable, str(ROOT / "bench" / "run_bench.py"), f"--addons-path={addons_path()}",
           f"--data-dir={LOCAL / 'data'}", f"--database={database}", *args.pytest_args]
    return subprocess.run(cmd).returncode


def command_lint(_args):
    """ruff, then pylint with Odoo's plugin, both from the interpreter that imports Odoo."""
    module = Path(addons_path().split(",")[0]) / MODULE
    for cmd in ([sys.executable, "-m", "ruff", "check", str(ROOT)],
                [sys.executable, "-m", "pylint", f"--rcfile={ROOT / '.pylintrc'}", str(module)]):
        if subprocess.run(cmd, cwd=ROOT).returncode:
            return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["run", "serve", "test", "bench", "lint"])
    parser.add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed on to pytest or the bench")
    args = parser.parse_args()
    require_odoo()
    require_python_packages()
    command = {"run": command_run, "serve": command_serve, "test": command_test, "bench": command_bench,
               "lint": command_lint}[args.command]
    sys.exit(command(args) or 0)


if __name__ == "__main__":
    main()
