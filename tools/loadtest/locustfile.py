"""The simulated people of ``make loadtest``: deadline week of integrity_risk, through the web client's own calls.

Run by ``tools/loadtest.py`` (one scenario per run, in the Locust virtualenv it creates), never imported by Odoo:

    python locustfile.py --plan plan.json --state state.json --out result.json --kind mixed --users 100

Kinds: ``mixed`` (cadres fill in and submit a 10-line self-check, unit leaders accept, liaisons upload, the office
watches the kanban and the pivot, one university-wide XLSX), ``floor`` (every user reads their own res.users record,
no think time: the most the server does for a trivial authenticated call) and ``warmup`` (a few users of each kind).

Every request is timed from Locust's request events; the figures (count, rate, p50/p95/p99) are those of the
requests that ended inside the measured window, which starts once every simulated user has started; errors are
counted over the whole run, ramp and tail included. What the clients believe they did (forms submitted, accepted,
files attached) is kept in the state file across scenarios, for the orchestrator to compare with the database.
"""

import argparse
import collections
import itertools
import json
import logging
import random
import re
import sys
import time
import urllib.parse

import gevent
import gevent.lock
from gevent.event import Event
from locust import FastHttpUser, constant, task
from locust.env import Environment
from locust.log import setup_logging

PLAN = {}
ARGS = None
SELF_CHECK = "integrity.self.check"
UNIT = "integrity.unit"
CSRF = re.compile(r'csrf_token: "([0-9a-f]+o\d*)"')
REQUEST_IDS = itertools.count(1)

# What the web client reads when it opens a self-check (views/integrity_self_check_views.xml)
FORM_SPEC = {
    "state": {}, "can_submit": {}, "can_accept": {}, "can_return": {}, "can_edit": {}, "return_comment": {},
    "job_id": {"fields": {"display_name": {}}}, "reviewer_id": {"fields": {"display_name": {}}},
    "employee_id": {"fields": {"display_name": {}}}, "date": {}, "unit_id": {"fields": {"display_name": {}}},
    "line_ids": {"fields": {"sequence": {}, "duty": {}, "name": {}, "category": {}, "level": {}},
                 "limit": 40, "order": "sequence ASC, id ASC"},
    "guidance": {}, "display_name": {},
}
LIST_SPEC = {
    "unit_id": {"fields": {"display_name": {}}}, "employee_id": {"fields": {"display_name": {}}},
    "job_id": {"fields": {"display_name": {}}}, "reviewer_id": {"fields": {"display_name": {}}},
    "line_count": {}, "date": {}, "state": {}, "activity_state": {}, "activity_summary": {},
}
# the units kanban's cards (views/integrity_unit_views.xml), as bench/run_bench.py reads them
KANBAN_SPEC = {
    **{name: {} for name in (
        "name", "current_phase", "is_overdue", "liaison_phone", "self_check_accepted_count", "self_check_count",
        "risk_high_count", "risk_medium_count", "risk_low_count", "measure_done_count", "measure_count",
        "current_deadline", "current_submission_state", "activity_state")},
    "campaign_id": {"fields": {"display_name": {}}}, "liaison_id": {"fields": {"display_name": {}}},
}
CHATTER = ["activities", "attachments", "followers", "scheduledMessages"]


def failure(response):
    """What went wrong with an HTTP answer, or with the connection when none came (status 0)."""
    if not response.status_code:
        return f"no answer: {type(response.error).__name__}: {response.error}"[:300]
    try:
        text = response.text or ""
    except (UnicodeDecodeError, AttributeError):
        text = repr((response.content or b"")[:300])
    return f"HTTP {response.status_code}: {text[:300]}"


class Abort(Exception):
    """A request failed (already counted as an error): the simulated person gives up this round.

    ``answered``: the server answered (with an error, so nothing was written); else the outcome is unknown.
    """

    def __init__(self, answered=True):
        super().__init__()
        self.answered = answered


# --- what the simulated people share ------------------------------------------------------------------------


class Shared:
    """The state of one scenario's clients, loaded from and saved to the state file."""

    def __init__(self, state):
        self.cursor = state.get("cursor", 0)
        self.submitted = set(state.get("submitted", []))
        self.accepted = set(state.get("accepted", []))
        self.unknown = set(state.get("unknown", []))  # a step whose answer never came (cut off at the hard stop)
        self.uploads = list(state.get("uploads", []))
        self.problems = list(state.get("problems", []))
        self.exhausted = 0
        self.claimed = set()
        self.leaders_on = collections.defaultdict(set)
        self.sessions = {}
        self.session_locks = collections.defaultdict(gevent.lock.Semaphore)
        self.rendezvous = {}
        self.arrivals = collections.Counter()
        self.bursts = collections.Counter()
        self.ready = 0
        self.measuring = Event()
        self.unit_of = {check["check"]: check["unit"] for check in PLAN["cadres"]}

    def dump(self):
        return {"cursor": self.cursor, "submitted": sorted(self.submitted), "accepted": sorted(self.accepted),
                "unknown": sorted(self.unknown), "uploads": self.uploads, "problems": self.problems}

    def next_cadre(self):
        if self.cursor >= len(PLAN["cadres"]):
            self.exhausted += 1
            return None
        cadre = PLAN["cadres"][self.cursor]
        self.cursor += 1
        return cadre

    def pending(self, unit):
        return sum(1 for check in self.submitted - self.accepted - self.claimed if self.unit_of.get(check) == unit)

    def meet(self, key, size, timeout):
        """Wait until ``size`` people reach the same point for ``key`` (or ``timeout``), then go on together."""
        group = self.rendezvous.setdefault(key, {"count": 0, "event": Event()})
        group["count"] += 1
        if group["count"] >= size:
            group["event"].set()
            self.bursts[size] += 1
        else:
            group["event"].wait(timeout)
        if group["event"].is_set() or group["count"] >= size:
            return True
        return False


SHARED = None


# --- the users ----------------------------------------------------------------------------------------------


class OdooUser(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    connection_timeout = 120.0
    network_timeout = 600.0
    role = "user"

    def on_start(self):
        self.uid = None
        self.ctx = {}
        self.started()

    def started(self):
        SHARED.ready += 1

    # -- JSON-RPC as the web client sends it --

    def rpc(self, name, path, params):
        body = {"jsonrpc": "2.0", "method": "call", "params": params, "id": next(REQUEST_IDS)}
        with self.client.post(path, json=body, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(failure(response))
                raise Abort(answered=False)
            try:
                answer = response.json()
            except ValueError:
                response.failure(f"not JSON: {(response.text or '')[:300]}")
                raise Abort(answered=False) from None
            if "error" in answer:
                error = answer["error"]
                data = error.get("data") or {}
                response.failure(f"{data.get('name', error.get('message'))}: {data.get('message', '')[:300]}")
                raise Abort
            response.success()
            return answer.get("result")

    def call_kw(self, name, model, method, args, **kwargs):
        kwargs.setdefault("context", self.ctx)
        return self.rpc(name, f"/web/dataset/call_kw/{model}/{method}",
                        {"model": model, "method": method, "args": args, "kwargs": kwargs})

    def call_button(self, name, model, method, record_id):
        return self.rpc(name, f"/web/dataset/call_button/{model}/{method}",
                        {"model": model, "method": method, "args": [[record_id]], "kwargs": {"context": self.ctx}})

    def login(self, name, login):
        """A new browser session for ``login`` (/web/session/authenticate, as the login form's JSON twin)."""
        self.client.cookiejar.clear()
        info = self.rpc(name, "/web/session/authenticate",
                        {"db": PLAN["database"], "login": login, "password": PLAN["password"]})
        if not info or not info.get("uid"):
            self.problem(f"{login}: login answered without a user")
            raise Abort
        self.uid = info["uid"]
        company = info.get("user_companies", {}).get("current_company")
        self.ctx = {**info.get("user_context", {}), "allowed_company_ids": [company] if company else []}
        return info

    def shared_login(self, name, login):
        """The session of ``login`` shared by the simulated users acting as that person (tabs of one browser)."""
        with SHARED.session_locks[login]:
            if login not in SHARED.sessions:
                self.login(name, login)
                SHARED.sessions[login] = (list(self.client.cookiejar), self.uid, self.ctx)
                return
        cookies, self.uid, self.ctx = SHARED.sessions[login]
        self.client.cookiejar.clear()
        for cookie in cookies:
            self.client.cookiejar.set_cookie(cookie)

    def session(self):
        """Log in as ``self.login_as`` unless done (a failed login is tried again on the next round)."""
        if self.uid is None:
            self.shared_login(f"{self.role}: login", self.login_as)

    def open_chatter(self, name, model, record_id):
        self.rpc(name, "/mail/thread/data", {"thread_model": model, "thread_id": record_id, "request_list": CHATTER})
        self.rpc(name, "/mail/thread/messages", {"thread_model": model, "thread_id": record_id, "limit": 30})

    def step(self, name, method, check_id, done):
        """A button of the self-check; what the client believes it did is recorded for the final check."""
        SHARED.unknown.add(check_id)
        try:
            self.call_button(name, SELF_CHECK, method, check_id)
        except Abort as abort:
            if abort.answered:
                SHARED.unknown.discard(check_id)
            raise
        SHARED.unknown.discard(check_id)
        done.add(check_id)

    @staticmethod
    def quietly(function, *args, **kwargs):
        """``function`` in a greenlet of its own: its failure is already counted, nothing to raise."""
        try:
            return function(*args, **kwargs)
        except Abort:
            return None

    def think(self):
        gevent.sleep(random.uniform(*ARGS.think))

    def problem(self, message):
        """Something the client sees as wrong although the server answered without an error."""
        SHARED.problems.append(message)
        logging.warning("client-side problem: %s", message)


class Cadre(OdooUser):
    """A cadre who logs in, opens 我的岗位廉政风险自查, fills in 10 lines, saves, submits, then leaves."""

    role = "cadre"

    @task
    def self_check(self):
        cadre = SHARED.next_cadre()
        if cadre is None:
            gevent.sleep(1)
            return
        try:
            self.fill_in_and_submit(cadre)
        except Abort:
            self.think()  # the person looks at the error before the next one logs in

    def fill_in_and_submit(self, cadre):
        self.login("cadre: login", cadre["login"])
        self.think()
        action = self.rpc("cadre: open my form (menu)", "/web/action/run",
                          {"action_id": PLAN["open_mine_action"], "context": self.ctx})
        check_id = (action or {}).get("res_id")
        if check_id != cadre["check"]:
            self.problem(f"{cadre['login']}: the menu opened {check_id}, not the form {cadre['check']}")
            return
        self.call_kw("cadre: load form", SELF_CHECK, "web_read", [[check_id]], specification=FORM_SPEC)
        self.open_chatter("cadre: load chatter", SELF_CHECK, check_id)
        self.think()
        rng = random.Random(check_id)
        lines = [[0, f"virtual_{n}", {
            "sequence": n, "duty": f"岗位职责{n + 1}：审批、采购、报销、招聘或评审",
            "name": f"风险防控点{n + 1}：{rng.choice(['审批', '采购', '报销', '招聘', '评审'])}环节把关不严",
            "category": rng.choice(["power", "institution", "ideology"]),
            "level": rng.choice(["high", "medium", "low"]),
        }] for n in range(10)]
        saved = self.call_kw("cadre: save 10 lines", SELF_CHECK, "web_save", [[check_id], {"line_ids": lines}],
                             specification=FORM_SPEC)
        if len(saved[0]["line_ids"]) != 10:
            self.problem(f"form {check_id}: {len(saved[0]['line_ids'])} lines after saving 10")
        self.think()
        # colleagues of one unit submit at the same moment (their leader reviews them; same unit, same rows)
        SHARED.meet(("submit", cadre["unit"], cadre["group"]), ARGS.burst, timeout=10)
        self.step("cadre: submit", "action_submit", check_id, SHARED.submitted)
        form = self.call_kw("cadre: reload form", SELF_CHECK, "web_read", [[check_id]], specification=FORM_SPEC)
        if form[0]["state"] != "submitted" and check_id not in SHARED.accepted:
            self.problem(f"form {check_id}: {form[0]['state']} right after submitting")


class Leader(OdooUser):
    """A unit leader (two browser tabs per leader at most) who accepts the submitted forms of their unit."""

    role = "leader"

    def on_start(self):
        super().on_start()
        self.unit = None

    def pick_unit(self):
        """Stay on a unit while it has forms waiting; else go where most wait (two tabs per leader at most)."""
        if self.unit and SHARED.pending(self.unit):
            return self.unit
        if self.unit:
            SHARED.leaders_on[self.unit].discard(id(self))
        free = [unit for unit in PLAN["leaders"] if len(SHARED.leaders_on[unit]) < 2]
        waiting = [(SHARED.pending(unit), unit) for unit in free]
        waiting = [item for item in waiting if item[0]]
        self.unit = max(waiting)[1] if waiting else None
        if self.unit:
            SHARED.leaders_on[self.unit].add(id(self))
        return self.unit

    @task
    def review(self):
        unit = self.pick_unit()
        if not unit:
            self.think()
            return
        check_id = None
        try:
            self.shared_login("leader: login", PLAN["leaders"][unit])
            listed = self.call_kw("leader: to-review list", SELF_CHECK, "web_search_read", [],
                                  domain=[["reviewer_user_id", "=", self.uid], ["state", "=", "submitted"]],
                                  specification=LIST_SPEC, offset=0, limit=80, order="", count_limit=10001)
            waiting = [record["id"] for record in listed["records"] if record["id"] not in SHARED.claimed]
            if not waiting:
                self.think()
                return
            check_id = waiting[0]
            SHARED.claimed.add(check_id)
            self.think()
            self.call_kw("leader: load form", SELF_CHECK, "web_read", [[check_id]], specification=FORM_SPEC)
            self.open_chatter("leader: load chatter", SELF_CHECK, check_id)
            self.think()
            # the two tabs of a leader accept at the same moment when they can (same unit: new risk points)
            arrival = SHARED.arrivals[unit]
            SHARED.arrivals[unit] += 1
            SHARED.meet(("accept", unit, arrival // 2), 2, timeout=5)
            self.step("leader: accept", "action_accept", check_id, SHARED.accepted)
            form = self.call_kw("leader: reload form", SELF_CHECK, "web_read", [[check_id]], specification=FORM_SPEC)
            if form[0]["state"] != "accepted":
                self.problem(f"form {check_id}: {form[0]['state']} right after accepting")
        except Abort:
            return  # counted as an error; the person tries again on the next round
        finally:
            SHARED.claimed.discard(check_id)


class Liaison(OdooUser):
    """A unit's liaison who uploads flow charts to the unit, as the many2many_binary widget does."""

    role = "liaison"

    def on_start(self):
        super().on_start()
        units = PLAN["liaison_units"]
        self.unit = units[Liaison.assigned % len(units)]
        Liaison.assigned += 1
        self.login_as = PLAN["liaisons"][self.unit]
        self.csrf = None

    def open_web_client(self):
        """The web client's page, once per session: it carries the CSRF token of the upload form."""
        with self.client.get("/odoo", name="liaison: open web client", catch_response=True) as response:
            found = CSRF.search(response.text or "") if response.status_code == 200 else None
            if not found:
                response.failure(failure(response) if response.status_code != 200 else "no CSRF token in the page")
                raise Abort(answered=False)
            response.success()
            self.csrf = found.group(1)

    @task
    def upload(self):
        self.think()
        try:
            self.session()
            if not self.csrf:
                self.open_web_client()
        except Abort:
            return
        rng = random.Random()
        content = rng.randbytes(200 * 1024)  # a 200 KB scan of a flow chart
        boundary = f"----loadtest{rng.getrandbits(64):x}"
        parts = []
        for key, value in (("csrf_token", self.csrf), ("model", UNIT), ("id", str(self.unit))):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="ufile"; filename="权力运行流程图.pdf"\r\n'
                     "Content-Type: application/pdf\r\n\r\n".encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        with self.client.post("/web/binary/upload_attachment", data=b"".join(parts), name="liaison: upload file",
                              headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
                              catch_response=True) as response:
            try:
                answer = json.loads(response.text)
            except (TypeError, ValueError):
                answer = None
            if response.status_code != 200 or not answer or "error" in answer[0]:
                response.failure(failure(response))
                return
            response.success()
        attachment = answer[0]["id"]
        try:
            self.think()
            self.call_kw("liaison: attach to unit", UNIT, "web_save",
                         [[self.unit], {"flow_chart_ids": [[4, attachment]]}],
                         specification={"flow_chart_ids": {"fields": {"display_name": {}}}, "display_name": {}})
            SHARED.uploads.append([self.unit, attachment])
        except Abort:
            return  # counted as an error; the person tries again on the next round


Liaison.assigned = 0


class Office(OdooUser):
    """The leading group's office watching the units kanban and the risk pivot."""

    role = "office"

    def on_start(self):
        super().on_start()
        self.login_as = PLAN["office"][Office.assigned % len(PLAN["office"])]
        Office.assigned += 1

    @task
    def watch(self):
        self.think()
        domain = [["campaign_id", "=", PLAN["campaign"]]]
        try:
            self.session()
            groups = self.call_kw("office: kanban columns", UNIT, "web_read_group", [domain, [], ["current_phase"]],
                                  orderby="", lazy=True, offset=0, limit=None)
            for group in groups["groups"]:
                if group["current_phase_count"]:
                    self.call_kw("office: kanban cards", UNIT, "web_search_read", [], domain=group["__domain"],
                                 specification=KANBAN_SPEC, offset=0, limit=80, order="sequence, id",
                                 count_limit=10001)
            self.think()
            # the pivot's four read_group calls (total, rows, columns, cells), sent at once as the browser does
            calls = [gevent.spawn(self.quietly, self.call_kw, "office: risk pivot", "integrity.risk", "read_group",
                                  [domain, ["__count"], groupby], lazy=False)
                     for groupby in ([], ["unit_id"], ["level"], ["unit_id", "level"])]
            gevent.joinall(calls)
        except Abort:
            return  # counted as an error; the person tries again on the next round


Office.assigned = 0


class Export(OdooUser):
    """The office downloading the university-wide annex 3 workbook once, some seconds into the measured window."""

    role = "export"
    fixed_count = 1

    def on_start(self):
        super().on_start()
        self.login_as = PLAN["office"][0]
        self.done = False

    @task
    def export(self):
        if self.done:
            gevent.sleep(1)
            return
        SHARED.measuring.wait()
        gevent.sleep(ARGS.export_after)
        self.done = True
        try:
            self.session()
        except Abort:
            return
        url = f"/report/xlsx/integrity_risk.xlsx_campaign_annex_3/{PLAN['campaign']}"
        query = urllib.parse.urlencode(
            {"data": json.dumps([url, "xlsx"]), "context": json.dumps(self.ctx), "token": "loadtest"})
        with self.client.get(f"/report/download?{query}", name="office: university annex 3 XLSX",
                             catch_response=True) as response:
            body = response.content or b""
            if response.status_code != 200 or not body.startswith(b"PK"):
                response.failure(failure(response))
            else:
                response.success()


class Floor(OdooUser):
    """The floor: a trivial authenticated read (the user's own res.users record), no think time."""

    role = "floor"

    def on_start(self):
        self.uid = None
        self.ctx = {}
        self.login_as = PLAN["floor"][Floor.assigned % len(PLAN["floor"])]
        Floor.assigned += 1
        try:  # before the window: the floor measures the reads alone
            self.session()
        except Abort:
            self.uid = None  # counted as an error; logged in again on the first round
        self.started()

    @task
    def read_own_user(self):
        try:
            self.session()
            self.call_kw("floor: read own user", "res.users", "read", [[self.uid]], fields=["name", "login"])
        except Abort:
            return  # counted as an error; the person tries again on the next round


Floor.assigned = 0


# --- running a scenario -------------------------------------------------------------------------------------


def mix(kind, users):
    """{user class: count} of a scenario of ``users`` simultaneous people."""
    if kind == "floor":
        return {Floor: users}
    office = max(1, round(users * 0.04))
    liaisons = max(1, round(users * 0.04))
    leaders = max(2, round(users * 0.12))
    export = 1
    cadres = users - office - liaisons - leaders - export
    if cadres < 1:
        raise SystemExit(f"{users} users are too few for a mixed scenario")
    return {Cadre: cadres, Leader: leaders, Liaison: liaisons, Office: office, Export: export}


def percentile(values, fraction):
    """The nearest-rank percentile of ``values`` (sorted)."""
    if not values:
        return None
    rank = max(1, int(-(-fraction * len(values) // 1)))
    return values[min(rank, len(values)) - 1]


def summarise(samples, start, end):
    rows = {}
    for name, items in sorted(samples.items()):
        inside = sorted(latency for finished, latency, _error in items if start <= finished <= end)
        every = sorted(latency for _finished, latency, _error in items)
        errors = [error for _finished, _latency, error in items if error]
        rows[name] = {
            "count": len(inside), "rate": len(inside) / (end - start) if end > start else 0.0,
            "p50": percentile(inside, 0.50), "p95": percentile(inside, 0.95), "p99": percentile(inside, 0.99),
            "max": inside[-1] if inside else None, "all": len(items), "p95_all": percentile(every, 0.95),
            "errors": len(errors),
            "error_samples": collections.Counter(errors).most_common(5),
        }
    return rows


def main():
    global ARGS, SHARED, PLAN
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plan", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--kind", choices=["mixed", "floor", "warmup"], required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--ramp", type=float, default=10, help="seconds over which the users start")
    parser.add_argument("--start-timeout", type=float, default=120, help="longest wait for every user to start")
    parser.add_argument("--stop-timeout", type=float, default=300, help="longest wait for rounds under way to end")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 8.0), metavar=("MIN", "MAX"))
    parser.add_argument("--burst", type=int, default=4, help="colleagues of one unit who submit at the same moment")
    parser.add_argument("--export-after", type=float, default=10)
    ARGS = parser.parse_args()
    setup_logging("WARNING")
    with open(ARGS.plan, encoding="utf-8") as file:
        PLAN = json.load(file)
    for key in ("leaders", "liaisons"):  # JSON keys are strings: back to unit ids
        PLAN[key] = {int(unit): login for unit, login in PLAN[key].items()}
    try:
        with open(ARGS.state, encoding="utf-8") as file:
            state = json.load(file)
    except FileNotFoundError:
        state = {}
    SHARED = Shared(state)
    kind = "mixed" if ARGS.kind == "warmup" else ARGS.kind
    counts = mix(kind, ARGS.users)
    if ARGS.kind == "floor":
        ARGS.think = (0.0, 0.0)
    for user_class, count in counts.items():
        user_class.fixed_count = count
    environment = Environment(user_classes=list(counts), host=PLAN["host"], stop_timeout=ARGS.stop_timeout)
    samples = collections.defaultdict(list)

    def on_request(name, response_time, exception, **_kwargs):
        samples[name].append((time.time(), response_time, str(exception)[:400] if exception else None))

    environment.events.request.add_listener(on_request)
    crashes = collections.Counter()

    def on_user_error(user_instance, exception, tb):
        crashes[f"{type(user_instance).__name__}: {type(exception).__name__}: {exception}"[:300]] += 1

    environment.events.user_error.add_listener(on_user_error)
    runner = environment.create_local_runner()
    begun = time.time()
    runner.start(ARGS.users, spawn_rate=max(1.0, ARGS.users / ARGS.ramp))
    expected = ARGS.users  # each user counts itself once started (logged in, where it keeps one session)
    while time.time() - begun < ARGS.start_timeout:
        if runner.user_count >= ARGS.users and SHARED.ready >= expected:
            break
        gevent.sleep(0.2)
    start = time.time()
    SHARED.measuring.set()
    print(f"MEASURING {start:.3f} users={runner.user_count} ready={SHARED.ready}/{expected} "
          f"after {start - begun:.1f} s", flush=True)
    gevent.sleep(ARGS.duration)
    end = time.time()
    print(f"STOPPING {end:.3f}", flush=True)
    runner.stop()
    stopped = time.time()
    runner.quit()
    result = {
        "kind": ARGS.kind, "users": ARGS.users, "mix": {cls.role: count for cls, count in counts.items()},
        "think": list(ARGS.think), "begun": begun, "start": start, "end": end, "stopped": stopped,
        "rows": summarise(samples, start, end), "bursts": dict(SHARED.bursts), "exhausted": SHARED.exhausted,
        "crashes": crashes.most_common(),
    }
    with open(ARGS.out, "w", encoding="utf-8") as file:
        json.dump(result, file, ensure_ascii=False, indent=1)
    with open(ARGS.state, "w", encoding="utf-8") as file:
        json.dump(SHARED.dump(), file)
    print(f"DONE stopped in {stopped - end:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
