#!/usr/bin/env python3
"""Deadline week under load (``make loadtest``, issue 16 section 3).

The last days before a phase deadline: thousands of cadres submit their self-checks, unit leaders accept them,
liaisons upload, the office watches the kanban and the pivot, the daily job sends its reminders. This script

1. creates a fresh database ``integrity_risk_load``, installs the module without demo data, generates a
   university with ``bench/run_bench.py``'s generator (a quarter of the bench's size by default, ``--size``),
   moves the campaign into the week before the phase 2 deadline, gives every generated cadre, liaison and unit
   leader a login (one password hash, computed once), plus office and floor logins;
2. starts Odoo in multi-process mode on 127.0.0.1:8092 (2 HTTP workers, one cron worker, the limits of
   ``make serve``; websockets on 8091, or none when that process cannot start here: it is then left out, said
   so, rather than left to crash and be restarted beside the workers being measured), and HAProxy on
   127.0.0.1:8090 in front of it as deploy/haproxy.cfg has it in production (a request reaches Odoo when a
   worker is free; the others wait in order in HAProxy, not in the kernel's accept queue);
3. runs, with Locust (in a virtualenv of its own: Locust's dependencies would replace the Werkzeug and gevent
   that Odoo pins), a short warm-up, the floor (a trivial authenticated read by 16 clients without pause: the
   server's own rate), then for each concurrency (50, 100, 200 by default) the deadline-week mix at a person's
   pace (``--think``), each measured for ``--duration`` seconds, with the daily deadline job triggered a few
   seconds into each mix;
4. prints, per scenario and action: requests in the window, throughput, p50/p95/p99 latency and errors, the
   server's own time for each route from its log, the CPU each side used, the job's run and the retries Odoo
   logged for concurrency failures;
5. stops the server and checks the database against what the clients believe they did: every submitted form
   submitted or accepted exactly once with its 10 lines, every accepted line exactly one risk point, every
   uploaded file attached once;
6. exits non-zero unless there were no errors, nothing was lost or doubled, and the self-check submit's p95 at
   100 simultaneous users is under a second.

Everything it writes is under ``.local/loadtest/`` (the Odoo log, the plan, the clients' results, the report).
Only 127.0.0.1 is ever contacted, and every phase is bounded in time.
"""

import argparse
import collections
import datetime
import hashlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import dev

ROOT = dev.ROOT
DATABASE = f"{dev.MODULE}_load"
HOST = "127.0.0.1"
PORT = 8090  # where the simulated people go: HAProxy, queueing requests for the workers (deploy/haproxy.cfg)
HTTP_PORT = 8092  # Odoo's HTTP workers, behind it
GEVENT_PORT = 8091
WORKERS = 2
# the floor's clients: enough to keep every worker busy (as many as Odoo's own accept queue holds, 8 per worker, as
# in the runs before HAProxy stood in front, so the figures compare)
FLOOR_CLIENTS = 8 * WORKERS
WORK = dev.LOCAL / "loadtest"
# outside the checkout, beside the Odoo cache: a virtualenv inside the module would end up in its i18n export
VENV = dev.odoo_env.cache_root().parent / "loadtest-venv"
LOCUST_DIR = ROOT / "tools" / "loadtest"
LOCUST_REQUIREMENTS = LOCUST_DIR / "requirements.txt"
LOCUSTFILE = LOCUST_DIR / "locustfile.py"
LABEL = "load"  # the generator's label: departments, posts and leader logins are named after it
PASSWORD = "deadline-week-2013"
LINES = 10  # lines of each submitted self-check (the locustfile fills in 10)
OFFICE_LOGINS = 8
FLOOR_LOGINS = 10
TARGET_USERS = 100
TARGET_ACTION = "cadre: submit"
TARGET_P95_MS = 1000
CRON_XMLID = "integrity_risk.ir_cron_deadlines"
CRON_NAME = "Integrity Risk: Deadline Reminders and Overdue Units"
# <date> <time>,<ms> <pid> <LEVEL> <db> <logger>: <message>
LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(\d{3}) (\d+) ([A-Z]+) (\S+) ([\w.]+): (.*)$")
# werkzeug: 127.0.0.1 - - [..] "POST /web/dataset/call_kw/m/f HTTP/1.0" 200 - <queries> <query s> <other s>
REQUEST_LINE = re.compile(r'"(\w+) (\S+) HTTP/[\d.]+" (\d{3}) \S+ (\d+) ([\d.]+) ([\d.]+)')
RETRY_LINE = re.compile(r"^(\w+), (\d+) tries left, try again")
# HAProxy's httplog: <client> [<accept date>] <frontend> <backend>/<server> TR/Tw/Tc/Tr/Ta <status> ...
PROXY_LINE = re.compile(r"\[(\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d\.\d{3})\] \S+ \S+ -?\d+/(-?\d+)/-?\d+/-?\d+/-?\d+ ")


def say(message):
    dev.say(message)


# --- the load generator's own environment ---------------------------------------------------------------------


def require_locust():
    """Locust in its own virtualenv in the per-user cache, (re)built when tools/loadtest/requirements.txt changes."""
    stamp = VENV / ".requirements-sha1"
    digest = hashlib.sha1(LOCUST_REQUIREMENTS.read_bytes()).hexdigest()
    python = VENV / "bin" / "python"
    if python.exists() and stamp.exists() and stamp.read_text() == digest:
        return python
    say(f"installing Locust into {VENV} (its own virtualenv: it needs newer Werkzeug and gevent than Odoo's)")
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    result = subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", str(LOCUST_REQUIREMENTS)],
                            capture_output=True, text=True)
    if result.returncode:
        print(result.stdout + result.stderr)
        dev.fail(f"could not install {LOCUST_REQUIREMENTS.relative_to(ROOT)} into {VENV}")
    stamp.write_text(digest)
    return python


# --- the database ---------------------------------------------------------------------------------------------


def open_registry():
    import odoo

    odoo.tools.config.parse_config([f"--addons-path={dev.addons_path()}", f"--data-dir={dev.LOCAL / 'data'}",
                                    f"--database={DATABASE}", "--log-level=warn"])
    return odoo.modules.registry.Registry(DATABASE)


def size_of(fraction):
    sys.path.insert(0, str(ROOT / "bench"))
    import run_bench

    size = {key: max(1, int(value * fraction)) for key, value in run_bench.FULL.items()}
    size["units"] = max(size["units"], 4)
    size["big_unit"] = min(size["big_unit"], size["cadres"] // 4)
    return run_bench, size


def prepare(args):
    """A fresh database: the module, a generated university in the week before its phase 2 deadline, logins."""
    run_bench, size = size_of(args.size)
    dev.drop_database(DATABASE)
    say(f"installing {dev.MODULE} without demo data in a fresh database {DATABASE} ...")
    started = time.time()
    dev.install(DATABASE, demo=False)
    say(f"installed in {time.time() - started:.0f} s; generating a university of {size['units']} units, "
        f"{size['cadres']:,} cadres, {size['risks']:,} risk points, {size['measures']:,} measures "
        f"(--size {args.size:g} of the bench's) ...")
    from odoo import SUPERUSER_ID, api

    registry = open_registry()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, run_bench.QUIET)
        campaign = run_bench.generate(env, LABEL, size, random.Random(2013))
        deadline_week(env, campaign)
        give_logins(env, campaign)
    return registry


def deadline_week(env, campaign):
    """Phase deadlines around today: the list was due three weeks ago, the register is due in two days."""
    today = datetime.date.today()
    offsets = [-21, 2, 30, 60, 90, 120]
    phases = campaign.phase_ids.sorted(lambda p: (p.sequence, p.id))
    # each phase is checked against its neighbours as it is written: the last one moves first
    for phase, offset in reversed(list(zip(phases, offsets, strict=False))):
        phase.deadline = today + datetime.timedelta(days=offset)
    say(f"  deadlines: {', '.join(f'{p.code} {p.deadline}' for p in phases)}")


def give_logins(env, campaign):
    """A user for every generated person with a self-check, liaisons in the working-group group; office and floor
    users; one password for all (hashed once: Odoo's 600,000 rounds per hash)."""
    from odoo import Command

    started = time.time()
    Users = env["res.users"].with_context(no_reset_password=True)
    group_user = env.ref("integrity_risk.group_user")
    group_unit = env.ref("integrity_risk.group_unit")
    group_office = env.ref("integrity_risk.group_office")
    checks = env["integrity.self.check"].search([("campaign_id", "=", campaign.id)])
    liaisons = campaign.unit_ids.liaison_id
    people = checks.employee_id.filtered(lambda e: not e.user_id)
    values = [{"name": person.name, "login": f"{LABEL}_cadre_{person.id}",
               "groups_id": [Command.set((group_unit if person in liaisons else group_user).ids)]}
              for person in people]
    users = Users.browse()
    for start in range(0, len(values), 250):
        users |= Users.create(values[start:start + 250])
    for person, user in zip(people, users, strict=True):
        person.user_id = user
    Users.create([{"name": f"Office {n}", "login": f"{LABEL}_office_{n}", "groups_id": [Command.set(group_office.ids)]}
                  for n in range(1, OFFICE_LOGINS + 1)])
    Users.create([{"name": f"Floor {n}", "login": f"{LABEL}_floor_{n}", "groups_id": [Command.set(group_user.ids)]}
                  for n in range(1, FLOOR_LOGINS + 1)])
    env.flush_all()
    hashed = Users._crypt_context().hash(PASSWORD)
    env.cr.execute("UPDATE res_users SET password = %s WHERE login LIKE %s", [hashed, f"{LABEL}\\_%"])
    say(f"  {len(users):,} cadre and liaison users, {OFFICE_LOGINS} office and {FLOOR_LOGINS} floor users, "
        f"{env.cr.rowcount:,} passwords set in {time.time() - started:.0f} s")


def write_plan(registry, burst):
    """What the simulated people need: logins, forms, units (the cadres in blocks of ``burst`` colleagues of one
    unit, the blocks of all units interleaved: every unit progresses, colleagues submit together)."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        campaign = env["integrity.campaign"].search([("name", "=", f"{LABEL} 2013")], limit=1)
        if not campaign:
            dev.fail(f"no generated campaign in {DATABASE}: run without --reuse")
        units = campaign.unit_ids.sorted(lambda u: (u.sequence, u.id))
        checks = env["integrity.self.check"].search([("campaign_id", "=", campaign.id), ("state", "=", "draft")],
                                                    order="id")
        blocks = {}
        for unit, group in checks.grouped("unit_id").items():
            eligible = group.filtered(lambda c, u=unit: c.employee_id != u.leader_id and c.user_id
                                      and c.reviewer_user_id)
            blocks[unit.id] = [eligible[start:start + burst] for start in range(0, len(eligible), burst)]
        cadres = []
        for round_ in range(max((len(b) for b in blocks.values()), default=0)):
            for unit in units:
                if round_ < len(blocks.get(unit.id, [])):
                    cadres += [{"login": check.user_id.login, "check": check.id, "unit": unit.id, "group": round_}
                               for check in blocks[unit.id][round_]]
        plan = {
            "host": f"http://{HOST}:{PORT}", "database": DATABASE, "password": PASSWORD,
            "campaign": campaign.id, "burst": burst,
            "open_mine_action": env.ref("integrity_risk.integrity_self_check_action_open_mine").id,
            "cadres": cadres,
            "leaders": {unit.id: unit.leader_id.user_id.login for unit in units if unit.leader_id.user_id},
            "liaisons": {unit.id: unit.liaison_id.user_id.login for unit in units if unit.liaison_id.user_id},
            "liaison_units": [unit.id for unit in units if unit.liaison_id.user_id][:OFFICE_LOGINS],
            "office": [f"{LABEL}_office_{n}" for n in range(1, OFFICE_LOGINS + 1)],
            "floor": [f"{LABEL}_floor_{n}" for n in range(1, FLOOR_LOGINS + 1)],
        }
    path = WORK / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False))
    say(f"  {len(cadres):,} forms for simulated cadres ({len(units)} units), {len(plan['leaders'])} unit leaders")
    return path, plan


def replay_deadline_day(registry, campaign_id):
    """Forget the reminders sent for this deadline, so every scenario's job run is the deadline's first and
    heaviest one (a test fixture: production sends each reminder once per deadline)."""
    import psycopg2.errors  # with Odoo's requirements

    from odoo.tools import mute_logger

    for _attempt in range(600):
        with registry.cursor() as cr:
            # not while the job runs (its first run after the start, a run left from the previous scenario, or one
            # retried after a failure): the cron worker locks the job's row while it runs, and locking it here
            # keeps the job from starting meanwhile
            cron_id = api_env(cr).ref(CRON_XMLID).id
            try:
                with mute_logger("odoo.sql_db"):  # the refusal is expected while the job runs
                    cr.execute("SELECT id FROM ir_cron WHERE id = %s FOR NO KEY UPDATE NOWAIT", [cron_id])
            except (psycopg2.errors.LockNotAvailable, psycopg2.errors.SerializationFailure):
                cr.rollback()
                time.sleep(0.5)
                continue
            cr.execute("""DELETE FROM integrity_reminder
                           WHERE unit_id IN (SELECT id FROM integrity_unit WHERE campaign_id = %(campaign)s)
                              OR self_check_id IN (SELECT id FROM integrity_self_check
                                                    WHERE campaign_id = %(campaign)s)""", {"campaign": campaign_id})
            cr.execute("UPDATE integrity_campaign SET last_escalation_date = NULL WHERE id = %s", [campaign_id])
            cr.execute("""DELETE FROM mail_activity a USING mail_activity_type t, ir_model_data d, integrity_unit u
                           WHERE a.activity_type_id = t.id AND d.model = 'mail.activity.type' AND d.res_id = t.id
                             AND d.module = 'integrity_risk' AND d.name = 'mail_activity_type_deadline'
                             AND a.res_model = 'integrity.unit' AND a.res_id = u.id AND u.campaign_id = %s""",
                       [campaign_id])
            return
    dev.fail("the deadline job kept running for 5 minutes: could not prepare the next scenario", code=1)


def api_env(cr):
    from odoo import SUPERUSER_ID, api

    return api.Environment(cr, SUPERUSER_ID, {})


def trigger_cron(registry):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        api.Environment(cr, SUPERUSER_ID, {}).ref(CRON_XMLID)._trigger()
    return time.time()


# --- the server -----------------------------------------------------------------------------------------------


def port_free(port):
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) != 0


def server_options():
    """``make serve``'s settings (dev.serving_options) with two HTTP workers and this test's ports."""
    options = []
    for option in dev.serving_options():
        if option.startswith("--workers="):
            option = f"--workers={WORKERS}"
        elif option.startswith("--gevent-port="):
            option = f"--gevent-port={GEVENT_PORT}"
        options.append(option)
    return options


def start_server(log, websocket=True):
    """Odoo in multi-process mode; returns (server, what became of its websocket process).

    The websocket (gevent) process is started on GEVENT_PORT; when it does not come up (it exits at once and the
    server starts it again, several times a second, stealing CPU from the workers), Odoo is started again
    without it: the simulated browsers use no websocket, and the figures must be the workers'.
    """
    for port in (PORT, HTTP_PORT, GEVENT_PORT):
        if not port_free(port):
            dev.fail(f"port {port} on {HOST} is in use: stop what listens there and try again")
    options = server_options()
    if not websocket:
        options = [option for option in options if not option.startswith("--gevent-port=")] + ["--gevent-port=0"]
    command = dev.odoo_command(DATABASE, f"--http-interface={HOST}", f"--http-port={HTTP_PORT}", *options,
                               f"--logfile={log}", "--log-level=info")
    say(f"starting Odoo on http://{HOST}:{HTTP_PORT} ({' '.join(options)})")
    console = WORK / "odoo-console.txt"
    output = open(console, "a" if not websocket else "w")
    server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    server.console = output
    deadline = time.time() + 180
    while time.time() < deadline:
        if server.poll() is not None:
            dev.fail(f"Odoo stopped at start (exit code {server.returncode}); see {log}", code=1)
        try:
            with urllib.request.urlopen(f"http://{HOST}:{HTTP_PORT}/web/health", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(1)
    else:
        stop_server(server)
        dev.fail(f"Odoo did not answer on {HOST}:{HTTP_PORT} within 180 s; see {log}", code=1)
    say(f"Odoo answers (process {server.pid})")
    if not websocket:
        return server, "not started"
    for _second in range(30):
        if not port_free(GEVENT_PORT):
            return server, f"running on {HOST}:{GEVENT_PORT}"
        time.sleep(1)
    output.flush()
    # the last line of each traceback Odoo's children printed: why the process exited
    failures = [line.strip() for line in console.read_text(errors="replace").splitlines()
                if line and not line[0].isspace() and not line.startswith(("Traceback", "Running as user"))]
    reason = failures[-1] if failures else "it never listened"
    say(f"the websocket process did not come up on port {GEVENT_PORT} within 30 s ({reason}; "
        f"{len(failures)} failed starts so far, see {console}); starting Odoo again without it")
    stop_server(server)
    server, _state = start_server(log, websocket=False)
    return server, f"could not start ({reason}): Odoo runs without it (--gevent-port=0)"


def stop_server(server):
    """SIGTERM to the server we started (its master stops its workers), SIGKILL to its group if it lingers."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # the group of the process we started: its workers
            server.wait(10)
    server.console.close()
    say(f"Odoo stopped (exit code {server.returncode})")


def proxy_config():
    """deploy/haproxy.cfg's queueing, on 127.0.0.1 without TLS: one request per worker, the others wait here."""
    return f"""global
    maxconn 4096
    log stdout format raw local0 info

defaults
    mode http
    log global
    option httplog
    option forwardfor
    option http-server-close
    timeout connect 5s
    timeout client 60s
    timeout server 1200s
    timeout queue 120s

frontend people
    bind {HOST}:{PORT}
    default_backend odoo_workers

backend odoo_workers
    server odoo {HOST}:{HTTP_PORT} maxconn {WORKERS}
"""


def start_proxy():
    """HAProxy in front of the workers, as in production; its log (one line per request) in WORK/haproxy.log."""
    haproxy = shutil.which("haproxy")
    if not haproxy:
        dev.fail("HAProxy is missing: the load test measures Odoo behind it, as deploy/haproxy.cfg serves it "
                 "(Debian: apt-get install haproxy)")
    config = WORK / "haproxy.cfg"
    config.write_text(proxy_config())
    log = open(WORK / "haproxy.log", "w")
    proxy = subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT,
                             start_new_session=True)
    proxy.log = log
    for _tenth in range(100):
        if proxy.poll() is not None:
            dev.fail(f"HAProxy stopped at start (exit code {proxy.returncode}); see {WORK / 'haproxy.log'}", code=1)
        if not port_free(PORT):
            say(f"HAProxy on http://{HOST}:{PORT}, {WORKERS} requests at a time to Odoo's workers")
            return proxy
        time.sleep(0.1)
    proxy.kill()
    dev.fail(f"HAProxy did not listen on {HOST}:{PORT} within 10 s; see {WORK / 'haproxy.log'}", code=1)


def stop_proxy(proxy):
    proxy.terminate()
    try:
        proxy.wait(10)
    except subprocess.TimeoutExpired:
        proxy.kill()
        proxy.wait(10)
    proxy.log.close()


# --- CPU of each side -----------------------------------------------------------------------------------------


def cpu_seconds(processes):
    import psutil

    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue  # ended meanwhile
    return total


def cpu_snapshot(server, runner):
    """CPU seconds so far of each side, by process (a process that ended meanwhile is not counted), the whole
    machine's busy seconds, and the kernel's TCP counters (machine-wide)."""
    import psutil

    try:
        master = psutil.Process(server.pid)
        odoo_processes = [master, *master.children(recursive=True)]
        # workers recycled meanwhile (--limit-request): their CPU is the master's children's once reaped
        reaped = master.cpu_times().children_user + master.cpu_times().children_system
    except psutil.Error:
        odoo_processes, reaped = [], 0.0
    postgres = [psutil.Process(pid) for pid in postgres_backends() if psutil.pid_exists(pid)]
    try:
        locust = [psutil.Process(runner.pid)]
    except psutil.Error:
        locust = []
    machine = psutil.cpu_times()
    return {
        "odoo": {**{p.pid: cpu_seconds([p]) for p in odoo_processes}, "reaped": reaped},
        "postgres": {p.pid: cpu_seconds([p]) for p in postgres},
        "locust": {p.pid: cpu_seconds([p]) for p in locust},
        "machine": sum(machine) - machine.idle - getattr(machine, "iowait", 0.0),
        "tcp": tcp_counters(),
    }


def postgres_backends():
    """The PostgreSQL server processes serving this test's database (not another session's tests)."""
    try:
        with dev.pg_connect() as connection, connection.cursor() as cr:
            cr.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [DATABASE])
            return [row[0] for row in cr.fetchall()]
    except Exception:  # noqa: BLE001 - the figure is left out rather than the run stopped
        return []


def tcp_counters():
    """ListenOverflows and ListenDrops of /proc/net/netstat: connections the kernel dropped because a listening
    socket's accept queue was full (Odoo's prefork server listens with a backlog of 8 x workers)."""
    counters = {}
    try:
        rows = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return counters
    for header, values in zip(rows[::2], rows[1::2], strict=False):
        if header.startswith("TcpExt:"):
            counters = dict(zip(header.split()[1:], (int(v) for v in values.split()[1:]), strict=False))
    return {key: counters.get(key, 0) for key in ("ListenOverflows", "ListenDrops")}


def cpu_used(start, end, window):
    """Cores used in the window by each side (processes present at both ends, plus those started meanwhile)."""
    used = {}
    for side in ("odoo", "postgres", "locust"):
        seconds = sum(value - start[side].get(pid, 0.0) for pid, value in end[side].items())
        if side == "odoo":  # a worker reaped meanwhile: its whole life is in "reaped", less what it had used before
            seconds -= sum(value for pid, value in start[side].items() if pid not in end[side])
        used[side] = seconds / window
    used["machine"] = (end["machine"] - start["machine"]) / window
    used["other"] = used["machine"] - used["odoo"] - used["postgres"] - used["locust"]
    used["tcp"] = {key: end["tcp"].get(key, 0) - start["tcp"].get(key, 0) for key in end["tcp"]}
    return used


# --- one scenario ---------------------------------------------------------------------------------------------


def run_scenario(python, plan_path, registry, campaign_id, server, kind, users, args):
    """One run of the locustfile; returns its result (with the CPU used and the job's trigger time)."""
    name = f"{kind}-{users}"
    out = WORK / f"result-{name}.json"
    out.unlink(missing_ok=True)
    duration = args.warmup if kind == "warmup" else args.duration
    command = [str(python), str(LOCUSTFILE), "--plan", str(plan_path), "--state", str(WORK / "state.json"),
               "--out", str(out), "--kind", kind, "--users", str(users), "--duration", str(duration),
               "--think", str(args.think[0]), str(args.think[1]), "--burst", str(args.burst),
               "--ramp", str(min(args.ramp, 5) if kind == "floor" else args.ramp),
               "--stop-timeout", str(args.stop_timeout)]
    if kind == "mixed":
        replay_deadline_day(registry, campaign_id)
    say(f"scenario {name}: {users} users, {duration:g} s measured" +
        (f", think time {args.think[0]:g}-{args.think[1]:g} s" if kind != "floor" else ", no think time"))
    runner = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              cwd=LOCUST_DIR)
    cpu = {}
    result_notes = []
    triggered = []
    timers = []
    limit = time.time() + duration + 120 + args.stop_timeout + 120  # start, stop, a margin: it ends by itself
    killer = threading.Timer(max(1.0, limit - time.time()), runner.kill)
    killer.daemon = True
    killer.start()
    with open(WORK / f"locust-{name}.txt", "w") as transcript:
        for line in runner.stdout:
            transcript.write(line)
            if line.startswith("MEASURING"):
                cpu["start"] = cpu_snapshot(server, runner)
                if kind == "mixed":
                    timer = threading.Timer(args.cron_after, lambda: triggered.append(trigger_cron(registry)))
                    timer.daemon = True
                    timer.start()
                    timers.append(timer)
            elif line.startswith("STOPPING"):
                cpu["end"] = cpu_snapshot(server, runner)
            elif "Not all users finished" in line:
                result_notes.append(line.strip())
                print(f"    locust: {line.rstrip()}", flush=True)
            elif "Traceback" in line or "ERROR" in line or "WARNING" in line:
                print(f"    locust: {line.rstrip()}", flush=True)
    runner.wait()
    killer.cancel()
    for timer in timers:
        timer.join()
    if runner.returncode or not out.exists():
        dev.fail(f"the Locust run {name} failed (exit code {runner.returncode}); see "
                 f"{WORK / f'locust-{name}.txt'}", code=1)
    result = json.loads(out.read_text())
    result["name"] = name
    result["cron_triggered"] = triggered[0] if triggered else None
    result["notes"] = result_notes
    if "start" in cpu and "end" in cpu:
        window = result["end"] - result["start"]
        result["cpu"] = cpu_used(cpu["start"], cpu["end"], window)
    return result


# --- the server's log -----------------------------------------------------------------------------------------


def lines_of(path):
    """The lines of a log file; none when it was not written."""
    if path.exists():
        with open(path, encoding="utf-8", errors="replace") as file:
            yield from file


def read_log(path):
    """Records of Odoo's log: (epoch, level, logger, message, continuation lines)."""
    records = []
    for line in lines_of(path):
        found = LOG_LINE.match(line)
        if found:
            stamp = time.mktime(time.strptime(found.group(1), "%Y-%m-%d %H:%M:%S")) + int(found.group(2)) / 1000
            records.append([stamp, found.group(4), found.group(6), found.group(7), []])
        elif records:
            records[-1][4].append(line.rstrip("\n"))
    return records


def server_side(records, start, end):
    """{route: (count, p50 ms, p95 ms, mean queries)} of the requests the server finished inside the window."""
    routes = collections.defaultdict(list)
    for stamp, _level, logger, message, _more in records:
        if logger != "werkzeug" or not start <= stamp <= end:
            continue
        found = REQUEST_LINE.search(message)
        if found:
            path = found.group(2).split("?")[0]
            routes[path].append((float(found.group(5)) + float(found.group(6)), int(found.group(4))))
    table = {}
    for path, items in routes.items():
        times = sorted(seconds * 1000 for seconds, _queries in items)
        table[path] = (len(items), percentile(times, 0.5), percentile(times, 0.95),
                       sum(queries for _seconds, queries in items) / len(items))
    return table


def worker_seconds(records, start, end):
    """{route: seconds the workers spent on it} for the requests finished inside the window."""
    busy = collections.Counter()
    for stamp, _level, logger, message, _more in records:
        if logger == "werkzeug" and start <= stamp <= end:
            found = REQUEST_LINE.search(message)
            if found:
                busy[found.group(2).split("?")[0]] += float(found.group(5)) + float(found.group(6))
    return busy


def log_events(records, start, end):
    """Retries, the deadline job's runs and the warnings and errors logged between ``start`` and ``end``."""
    retries = collections.Counter()
    exhausted = 0
    cron = []
    problems = []
    for stamp, level, logger, message, more in records:
        if not start <= stamp <= end:
            continue
        found = RETRY_LINE.match(message)
        if found:
            retries[found.group(1)] += 1
        elif "maximum number of tries reached" in message:
            exhausted += 1
        if CRON_NAME in message:
            cron.append((stamp, message))
        if level in ("WARNING", "ERROR", "CRITICAL"):
            problems.append((stamp, level, logger, message, more))
    return retries, exhausted, cron, problems


def proxy_waits(path):
    """[(epoch the request was accepted, ms it waited in HAProxy's queue for a free worker)] from its log."""
    waits = []
    for line in lines_of(path):
        found = PROXY_LINE.search(line)
        if found and int(found.group(2)) >= 0:  # -1: the request never reached the queue
            accepted = datetime.datetime.strptime(found.group(1), "%d/%b/%Y:%H:%M:%S.%f").timestamp()
            waits.append((accepted, int(found.group(2))))
    return waits


# --- the final check ------------------------------------------------------------------------------------------


def verify(registry, campaign_id):
    """Compare what the clients believe they did with the database: [(check, found, ok)]."""
    state = json.loads((WORK / "state.json").read_text())
    submitted, accepted, unknown = set(state["submitted"]), set(state["accepted"]), set(state["unknown"])
    uploads = {tuple(item) for item in state["uploads"]}
    checks = []

    def check(label, found, ok):
        checks.append((label, found, ok))

    with registry.cursor() as cr:
        cr.execute("SELECT id, state FROM integrity_self_check WHERE campaign_id = %s AND state != 'draft'",
                   [campaign_id])
        states = dict(cr.fetchall())
        done = {check_id for check_id, value in states.items() if value in ("submitted", "accepted")}
        check("self-checks the clients submitted (answer received)", f"{len(submitted):,}", True)
        lost = submitted - done
        check("  of them not submitted or accepted in the database (lost)", len(lost), not lost)
        ghosts = done - submitted - unknown  # a step whose answer never came may or may not have been taken
        check("  submitted or accepted in the database, not by a client (doubled or ghost)", len(ghosts), not ghosts)
        others = {check_id for check_id, value in states.items() if value not in ("submitted", "accepted")}
        check("  in another state (returned: nobody returns in this test)", len(others), not others)
        done_anyway = unknown & set(states)
        check(f"submits and accepts whose answer never came (connection closed or timed out; counted as errors): "
              f"{len(unknown)}, taken by the server all the same", len(done_anyway), True)
        cr.execute("SELECT employee_id, count(*) FROM integrity_self_check WHERE campaign_id = %s "
                   "GROUP BY employee_id HAVING count(*) > 1", [campaign_id])
        check("people with more than one self-check", cr.rowcount, cr.rowcount == 0)
        cr.execute("SELECT c.id, count(l.id) FROM integrity_self_check c LEFT JOIN integrity_self_check_line l "
                   "ON l.self_check_id = c.id WHERE c.id = ANY(%s) GROUP BY c.id", [sorted(done | submitted)])
        wrong = {check_id: count for check_id, count in cr.fetchall() if count != LINES}
        check(f"submitted forms without exactly {LINES} lines", len(wrong), not wrong)
        accepted_db = {check_id for check_id, value in states.items() if value == "accepted"}
        check("self-checks the clients accepted (answer received)", f"{len(accepted):,}", True)
        check("  of them not accepted in the database (lost)", len(accepted - accepted_db), not accepted - accepted_db)
        extra = accepted_db - accepted - unknown
        check("  accepted in the database, not by a client", len(extra), not extra)
        cr.execute("""SELECT count(*) FROM integrity_self_check_line l JOIN integrity_self_check c
                       ON c.id = l.self_check_id WHERE c.campaign_id = %s AND c.state = 'accepted'""", [campaign_id])
        accepted_lines = cr.fetchone()[0]
        cr.execute("""SELECT count(*), count(DISTINCT r.self_check_line_id) FROM integrity_risk r
                       WHERE r.self_check_line_id IS NOT NULL AND r.campaign_id = %s""", [campaign_id])
        risks, distinct = cr.fetchone()
        check("lines of accepted forms / risk points from self-check lines",
              f"{accepted_lines:,} / {risks:,}", accepted_lines == risks == LINES * len(accepted_db))
        check("  risk points sharing a self-check line (doubled)", risks - distinct, risks == distinct)
        cr.execute("""SELECT count(*) FROM integrity_self_check_line l JOIN integrity_self_check c
                       ON c.id = l.self_check_id WHERE c.campaign_id = %s AND c.state = 'accepted'
                       AND NOT EXISTS (SELECT 1 FROM integrity_risk r WHERE r.self_check_line_id = l.id)""",
                   [campaign_id])
        missing = cr.fetchone()[0]
        check("  accepted lines without a risk point (lost)", missing, missing == 0)
        cr.execute("""SELECT count(*) FROM integrity_risk r JOIN integrity_self_check_line l
                       ON l.id = r.self_check_line_id JOIN integrity_self_check c ON c.id = l.self_check_id
                       WHERE r.campaign_id = %s AND c.state != 'accepted'""", [campaign_id])
        orphans = cr.fetchone()[0]
        check("  risk points from lines of forms not accepted", orphans, orphans == 0)
        cr.execute("""SELECT a.res_id, count(*) FROM mail_activity a JOIN ir_model_data d
                       ON d.model = 'mail.activity.type' AND d.res_id = a.activity_type_id
                      AND d.module = 'integrity_risk' AND d.name = 'mail_activity_type_self_check_review'
                      WHERE a.res_model = 'integrity.self.check' AND a.active AND a.res_id = ANY(%s)
                      GROUP BY a.res_id""", [sorted(done)])
        reviews = dict(cr.fetchall())
        waiting = done - accepted_db
        bad = [check_id for check_id in waiting if reviews.get(check_id, 0) != 1]
        bad += [check_id for check_id in accepted_db if reviews.get(check_id, 0)]
        check("forms whose open review activities are not 1 (submitted) or 0 (accepted)", len(bad), not bad)
        cr.execute("""SELECT rel.unit_id, rel.attachment_id FROM integrity_unit_flow_chart_rel rel
                       JOIN integrity_unit u ON u.id = rel.unit_id WHERE u.campaign_id = %s""", [campaign_id])
        linked = set(cr.fetchall())
        check("files the liaisons attached (answer received)", len(uploads), True)
        check("  of them not attached in the database (lost)", len(uploads - linked), not uploads - linked)
        check("  attached in the database, not by a client (doubled)", len(linked - uploads), not linked - uploads)
        problems = state["problems"]
        check("client-side surprises (a form in the wrong state after a step, ...)", len(problems), not problems)
    return checks, state


# --- the report -----------------------------------------------------------------------------------------------


def percentile(values, fraction):
    if not values:
        return None
    rank = max(1, -int(-fraction * len(values) // 1))
    return values[min(rank, len(values)) - 1]


def ms(value):
    return f"{value:8.0f}" if value is not None else f"{'-':>8}"


def report_scenario(result, records, waits, lines):
    window = result["end"] - result["start"]
    mix = ", ".join(f"{count} {role}" for role, count in result["mix"].items())
    think = "no think time" if result["kind"] == "floor" else f"think {result['think'][0]:g}-{result['think'][1]:g} s"
    lines.append("")
    lines.append(f"== {result['name']}: {result['users']} users ({mix}); {think}; window {window:.0f} s "
                 f"(started after {result['start'] - result['begun']:.0f} s of ramp, "
                 f"last rounds ended {result['stopped'] - result['end']:.0f} s after it)")
    lines.append(f"  {'action':36} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
                 f"{'max ms':>8} {'errors':>7} {'all':>6} {'p95 all':>8}")
    for name, row in result["rows"].items():
        lines.append(f"  {name:36} {row['count']:7d} {row['rate']:7.2f} {ms(row['p50'])} {ms(row['p95'])} "
                     f"{ms(row['p99'])} {ms(row['max'])} {row['errors']:7d} {row['all']:6d} {ms(row['p95_all'])}")
        for message, count in row["error_samples"]:
            lines.append(f"      {count} x {message}")
    table = server_side(records, result["start"], result["end"])
    if table:
        busy = worker_seconds(records, result["start"], result["end"])
        login = busy.get("/web/session/authenticate", 0.0)
        total = sum(busy.values())
        lines.append(f"  worker time in the window: {total:.0f} s of {WORKERS} x {window:.0f} s "
                     f"({total / (WORKERS * window):.0%} busy), of it logins (password hash) {login:.0f} s "
                     f"({login / total if total else 0:.0%})")
        lines.append("  server side (Odoo's log: time in a worker, without waiting for one; queries per request):")
        for path, (count, p50, p95, queries) in sorted(table.items(), key=lambda item: -item[1][0]):
            lines.append(f"    {path:62} {count:6d} {ms(p50)} {ms(p95)} {queries:7.1f} q")
    queued = sorted(wait for stamp, wait in waits if result["start"] <= stamp <= result["end"])
    if queued:
        lines.append(f"  waiting in HAProxy for a free worker ({len(queued)} requests): "
                     f"p50 {percentile(queued, 0.5)} ms, p95 {percentile(queued, 0.95)} ms, "
                     f"p99 {percentile(queued, 0.99)} ms, max {queued[-1]} ms")
    if result.get("cpu"):
        cpu = result["cpu"]
        lines.append(f"  CPU in the window, in cores of {os.cpu_count()}: Odoo {cpu['odoo']:.2f}, PostgreSQL "
                     f"(this database) {cpu['postgres']:.2f}, Locust {cpu['locust']:.2f}, everything else on the "
                     f"machine {max(cpu['other'], 0.0):.2f} (busy {cpu['machine']:.2f})")
        tcp = cpu["tcp"]
        lines.append(f"  connections dropped by a full accept queue (kernel, machine-wide): ListenOverflows "
                     f"{tcp.get('ListenOverflows', '-')}, ListenDrops {tcp.get('ListenDrops', '-')}")
    retries, exhausted, cron, problems = log_events(records, result["begun"], result["stopped"])
    retry_text = ", ".join(f"{code} {count}" for code, count in retries.items()) or "none"
    lines.append(f"  concurrency retries Odoo logged: {retry_text}; given up after the last try: {exhausted}")
    if result["kind"] == "mixed":
        if result.get("cron_triggered"):
            after = result["cron_triggered"] - result["start"]
            runs = "; ".join(f"{message.split(') ', 1)[-1]} at {stamp - result['start']:.0f} s"
                             for stamp, message in cron if " done in " in message or "failed" in message)
            runs = runs or "no run logged"
            lines.append(f"  deadline job triggered {after:.0f} s into the window: {runs}")
        else:
            lines.append("  deadline job: not triggered")
        if result.get("bursts"):
            lines.append(f"  simultaneous steps of one unit (rendezvous met): "
                         f"{', '.join(f'{n} groups of {size}' for size, n in sorted(result['bursts'].items()))}")
    for note in result.get("notes", []):
        lines.append(f"  NOTE: rounds still under way {result['stopped'] - result['end']:.0f} s after the window were "
                     f"stopped: {note}")
    for message, count in result.get("crashes", []):
        lines.append(f"  CRASH of a simulated user (counted as an error): {count} x {message}")
    if result.get("exhausted"):
        lines.append(f"  cadre pool exhausted: {result['exhausted']} rounds found no form left (use a larger --size)")
    if problems:
        lines.append(f"  warnings and errors in Odoo's log: {len(problems)} (first lines below, all in odoo.log)")
    return retries, exhausted, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=float, default=0.25,
                        help="fraction of make bench's university (1 = 100 units, 5,000 cadres); default 0.25")
    parser.add_argument("--users", default="50,100,200", help="simultaneous users of each scenario")
    parser.add_argument("--duration", type=float, default=90, help="measured seconds of each scenario")
    parser.add_argument("--warmup", type=float, default=20, help="seconds of the unmeasured warm-up (0: none)")
    parser.add_argument("--ramp", type=float, default=60,
                        help="seconds over which each scenario's users arrive, before its window: people come to "
                        "the system over time, not all in the same seconds; default 60")
    parser.add_argument("--think", type=float, nargs=2, default=(10.0, 30.0), metavar=("MIN", "MAX"),
                        help="seconds a person takes between two actions (uniform); default 10 30, a person's pace "
                        "(ten lines take longer to write); 2 8 makes every person act three times faster")
    parser.add_argument("--burst", type=int, default=4, help="colleagues of one unit who submit at the same moment")
    parser.add_argument("--stop-timeout", type=float, default=300,
                        help="longest wait, after each window, for the rounds under way to end")
    parser.add_argument("--cron-after", type=float, default=5, help="seconds into each mix to trigger the job")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database and clients' state of an earlier run and go on with its forms")
    args = parser.parse_args()
    levels = [int(value) for value in args.users.split(",") if value.strip()]
    dev.require_odoo()
    dev.require_python_packages()
    dev.require_postgres()
    WORK.mkdir(parents=True, exist_ok=True)
    python = require_locust()
    if args.reuse and dev.database_exists(DATABASE):
        registry = open_registry()
    else:
        for stale in WORK.glob("*.json"):
            stale.unlink()
        registry = prepare(args)
    plan_path, plan = write_plan(registry, args.burst)
    import psutil

    idle_busy = psutil.cpu_percent(interval=3) / 100 * (os.cpu_count() or 1)
    say(f"the machine before the run: {idle_busy:.2f} cores busy with other work")
    log = WORK / "odoo.log"
    log.unlink(missing_ok=True)
    server, websocket = start_server(log)
    proxy = None
    results = []
    try:
        proxy = start_proxy()
        if args.warmup:
            results.append(run_scenario(python, plan_path, registry, plan["campaign"], server, "warmup", 6, args))
        results.append(run_scenario(python, plan_path, registry, plan["campaign"], server, "floor", FLOOR_CLIENTS,
                                    args))
        for users in levels:
            results.append(run_scenario(python, plan_path, registry, plan["campaign"], server, "mixed", users, args))
    finally:
        if proxy:
            stop_proxy(proxy)
        stop_server(server)
    checks, _state = verify(registry, plan["campaign"])
    records = read_log(log)
    waits = proxy_waits(WORK / "haproxy.log")
    lines = [f"Deadline week under load: {DATABASE}, {WORKERS} HTTP workers + 1 cron worker, "
             f"{os.cpu_count()} cores ({idle_busy:.2f} busy with other work just before); Locust "
             f"{', '.join(r['name'] for r in results)}; --size {args.size:g}",
             f"websocket process: {websocket}"]
    errors = 0
    misses = []
    all_problems = []
    retries_total = collections.Counter()
    for result in results:
        retries, exhausted, problems = report_scenario(result, records, waits, lines)
        retries_total.update(retries)
        retries_total["(given up)"] += exhausted
        all_problems += problems
        errors += sum(row["errors"] for row in result["rows"].values())
        errors += sum(count for _message, count in result.get("crashes", []))
        if result["kind"] == "mixed":
            idle = [name for name in ("cadre: submit", "leader: accept", "office: kanban columns",
                                      "office: university annex 3 XLSX", "liaison: attach to unit")
                    if not result["rows"].get(name, {}).get("all")]
            if idle:
                misses.append(f"{result['name']}: nobody got to {', '.join(idle)}")
    lines.append("")
    lines.append("== nothing lost or doubled (database after the server stopped, against what the clients believe):")
    for label, found, ok in checks:
        lines.append(f"  {'ok  ' if ok else 'FAIL'} {label}: {found}")
    if all_problems:
        lines.append("")
        lines.append("== warnings and errors in Odoo's log (distinct first lines, with counts):")
        seen = collections.Counter(f"{level} {logger}: {message[:200]}"
                                   for _stamp, level, logger, message, _more in all_problems)
        for text, count in seen.most_common(20):
            lines.append(f"  {count:5d} x {text}")
        with open(WORK / "odoo-problems.txt", "w", encoding="utf-8") as file:
            for stamp, level, logger, message, more in all_problems:
                file.write(f"{datetime.datetime.fromtimestamp(stamp)} {level} {logger}: {message}\n")
                file.write("".join(f"{line}\n" for line in more))
    if errors:
        misses.append(f"{errors} client-visible error(s)")
    failed = [label.strip() for label, _found, ok in checks if not ok]
    if failed:
        misses.append("lost, doubled or unverifiable: " + "; ".join(failed))
    target = next((r for r in results if r["kind"] == "mixed" and r["users"] == TARGET_USERS), None)
    if target is None:
        lines.append(f"(the submit target is for {TARGET_USERS} users, not among --users: not measured)")
    else:
        row = target["rows"].get(TARGET_ACTION)
        p95 = row and row["p95"]
        if p95 is None:
            misses.append(f"no '{TARGET_ACTION}' finished in the window at {TARGET_USERS} users")
        elif p95 >= TARGET_P95_MS:
            misses.append(f"'{TARGET_ACTION}' p95 {p95:.0f} ms at {TARGET_USERS} users, "
                          f"target under {TARGET_P95_MS} ms")
        else:
            lines.append(f"'{TARGET_ACTION}' p95 at {TARGET_USERS} users: {p95:.0f} ms (target under "
                         f"{TARGET_P95_MS} ms)")
    lines.append("")
    lines += [f"TARGET MISSED: {miss}" for miss in misses] or ["All targets hold."]
    text = "\n".join(lines)
    print(text, flush=True)
    (WORK / "report.txt").write_text(text + "\n", encoding="utf-8")
    say(f"report, Odoo log and Locust transcripts in {WORK}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
