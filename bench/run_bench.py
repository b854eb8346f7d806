#!/usr/bin/env python3
"""University-scale benchmark of integrity_risk (``make bench``).

Generates, in a fresh database where the module is installed, a deterministic campaign the size
of a large university (100 units, 5,000 cadres, 20,000 risk points, 40,000 measures) and one a
quarter of that size, then prints a table of figures: the median of several runs, the number of
SQL queries, peak Python memory, and beside the ORM paths the floor the database itself allows
(the same data read by one SQL query), with the ratio and the target. The university-wide PDFs
are printed once (they take seconds to minutes), beside wkhtmltopdf alone on the same HTML.
"""

import argparse
import contextlib
import datetime
import io
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc

import psutil

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools.pdf import PdfFileReader

FULL = {"units": 100, "cadres": 5000, "risks": 20000, "measures": 40000, "big_unit": 500}
QUARTER = {key: value // 4 for key, value in FULL.items()}
BATCH = 5000
# a bounded PDF print takes at most this much more memory at 4x the rows (Python: besides the PDF it returns)
PDF_MEMORY_GROWTH = 1.25
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True,
         "mail_auto_subscribe_no_notify": True}


def log(message):
    print(message, flush=True)


# --- data ------------------------------------------------------------------------------------


def generate(env, label, size, rng):
    """A running campaign of ``size`` in phase 2, every person with a self-check; returns the campaign."""
    started = time.perf_counter()
    created = 0
    company = env.company
    jobs = env["hr.job"].create([{"name": f"{label}岗位{n:02d}", "company_id": company.id} for n in range(60)])
    departments = env["hr.department"].create([{"name": f"{label}单位{n:03d}"} for n in range(size["units"])])
    created += len(jobs) + len(departments)
    # one big unit (the review's worst case), the other people spread evenly
    rest = size["cadres"] - size["big_unit"]
    per_unit = [size["big_unit"]] + [rest // (size["units"] - 1) + (1 if i < rest % (size["units"] - 1) else 0)
                                     for i in range(size["units"] - 1)]
    ranks = ["deputy_section", "section", "deputy_division", "division"]
    employees = []
    for department, count in zip(departments, per_unit, strict=True):
        employees += [{
            "name": f"{department.name}干部{n:03d}", "department_id": department.id,
            "job_id": jobs[rng.randrange(len(jobs))].id, "cadre_rank": rng.choice(ranks),
            "political_status": rng.choice(["cpc", "masses", "democratic"]), "company_id": company.id,
        } for n in range(count)]
    Employee = env["hr.employee"]
    for start in range(0, len(employees), BATCH):
        Employee |= env["hr.employee"].create(employees[start:start + BATCH])
    created += len(employees)
    by_department = Employee.grouped("department_id")
    campaign = env["integrity.campaign"].create({"name": f"{label} 2013", "year": 2013})
    units = env["integrity.unit"].create([{
        "campaign_id": campaign.id, "department_id": department.id, "sequence": n,
        "leader_id": by_department[department][0].id, "liaison_id": by_department[department][1].id,
    } for n, department in enumerate(departments)])
    leaders = units.leader_id
    leader_users = env["res.users"].create([{
        "name": leader.name, "login": f"{label}_leader_{leader.id}",
        "groups_id": [(4, env.ref("integrity_risk.group_unit").id)]} for leader in leaders])
    for leader, user in zip(leaders, leader_users, strict=True):
        leader.user_id = user
    created += len(units) + len(leader_users) + 1
    campaign.action_start()
    units._as_process().write({"current_phase": "identification", "list_reported_date": datetime.date(2012, 12, 20)})
    checks = units._create_self_checks()
    created += len(checks)
    # risk points: spread over the units in proportion to their people, one responsible person each
    risks = []
    for unit, count in zip(units, per_unit, strict=True):
        people = by_department[unit.department_id]
        share = round(size["risks"] * count / size["cadres"])
        for n in range(share):
            person = people[n % len(people)]
            risks.append({
                "unit_id": unit.id, "job_id": person.job_id.id, "employee_ids": [Command.set(person.ids)],
                "name": f"{unit.name}风险点{n:04d}：{rng.choice(['审批', '采购', '报销', '招聘', '评审'])}环节",
                "category": rng.choice(["power", "institution", "ideology"]),
                **{factor: str(rng.randint(1, 5)) for factor in
                   ("importance", "frequency", "discretion", "probability", "harm")},
                "major_matter": rng.random() < 0.1, "source": "unit_discussion",
            })
    Risk = env["integrity.risk"]
    for start in range(0, len(risks), BATCH):
        Risk |= env["integrity.risk"].create(risks[start:start + BATCH])
    created += len(risks)
    measures = []
    per_risk = size["measures"] // max(len(Risk), 1)
    for risk in Risk:
        measures += [{
            "risk_id": risk.id, "name": f"措施{n + 1}：{risk.name}", "responsible_id": risk.employee_ids[:1].id,
            "deadline": datetime.date(2013, 6, 30) + datetime.timedelta(days=rng.randrange(120)), "sequence": n,
        } for n in range(per_risk)]
    for start in range(0, len(measures), BATCH):
        env["integrity.measure"].create(measures[start:start + BATCH])
    created += len(measures)
    measure_by_unit = env["integrity.measure"].search([("campaign_id", "=", campaign.id)]).grouped("unit_id")
    inspections = env["integrity.inspection"].create([
        {"unit_id": unit.id, "date": datetime.date(2013, 9, 1) + datetime.timedelta(days=60 * n)}
        for unit in units for n in range(2)])
    env["integrity.inspection.finding"].create([
        {"inspection_id": inspection.id, "measure_id": measure.id,
         "result": rng.choice(["carried_out", "partly", "carried_out"])}
        for inspection in inspections for measure in measure_by_unit[inspection.unit_id][:5]])
    created += len(inspections) * 6
    env.flush_all()
    seconds = time.perf_counter() - started
    log(f"  {label}: {created:,} records in {seconds:.0f} s ({created / seconds:,.0f} records/s): "
        f"{len(units)} units, {len(Employee)} cadres, {len(Risk)} risk points, {len(measures)} measures, "
        f"{len(inspections)} inspections, {len(checks)} self-checks")
    return campaign


# --- measuring -------------------------------------------------------------------------------


def measure(env, function, runs):
    """(median seconds, queries of one run, peak MB) of ``function`` run ``runs`` times on a cold cache."""
    times = []
    queries = 0
    for _run in range(runs):
        env.invalidate_all()
        count = env.cr.sql_log_count
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
        queries = env.cr.sql_log_count - count
    env.invalidate_all()
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), queries, peak


def xlsx_floor(env, campaign):
    """Annex 3 of every unit from one SQL query, written by the same xlsxwriter code: no ORM."""
    from odoo.addons.integrity_risk.report import annex_layout, annex_xlsx

    env.cr.execute("""
        WITH people AS (
            SELECT rel.risk_id, string_agg(e.name, '、' ORDER BY e.name) AS names
              FROM integrity_risk_employee_rel rel
              JOIN hr_employee e ON e.id = rel.employee_id
              JOIN integrity_risk r ON r.id = rel.risk_id
             WHERE r.campaign_id = %(campaign)s
             GROUP BY rel.risk_id
        )
        SELECT u.id, d.name->>'en_US', r.name, r.level, j.name->>'en_US', r.category, p.names
          FROM integrity_risk r
          JOIN integrity_unit u ON u.id = r.unit_id
          JOIN hr_department d ON d.id = u.department_id
          JOIN hr_job j ON j.id = r.job_id
          LEFT JOIN people p ON p.risk_id = r.id
         WHERE r.campaign_id = %(campaign)s AND r.state != 'retired' AND r.active
         ORDER BY u.sequence, u.id, r.level_rank DESC, j.id, r.id
    """, {"campaign": campaign.id})
    level_labels = {"high": "高", "medium": "中", "low": "低"}
    tables = [
        annex_layout.table(3, env._, str, annex_layout.numbered([
            {"content": content, "level": level_labels.get(level, ""), "post_people": f"{post}：{people}",
             "remark": category or ""} for _unit, _name, content, level, post, category, people in rows]),
            label="附表3：", title="西北师范大学廉政风险点及风险等级汇总表", sheet_name=rows[0][1])
        for rows in (list(group) for _unit_id, group in itertools.groupby(env.cr.fetchall(), key=lambda r: r[0]))
    ]
    return annex_xlsx.write_workbook(tables)


# --- PDF -------------------------------------------------------------------------------------


class ChildrenPeak:
    """The peak resident memory of this process's children (wkhtmltopdf), sampled every 10 ms."""

    def __enter__(self):
        self.process = psutil.Process()
        self.peak = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while not self.done.wait(0.01):
            total = 0
            for child in self.process.children(recursive=True):
                with contextlib.suppress(psutil.Error):  # ended meanwhile
                    total += child.memory_info().rss
            self.peak = max(self.peak, total)

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join()

    @property
    def megabytes(self):
        return self.peak / 2**20


def measure_pdf(env, report_name, campaign):
    """One print of a university-wide PDF as the office prints it, and once more under tracemalloc:
    (seconds, queries, Python peak MB, wkhtmltopdf peak MB, pages, PDF MB)."""
    Report = env["ir.actions.report"]
    env.invalidate_all()
    count = env.cr.sql_log_count
    with ChildrenPeak() as children:
        started = time.perf_counter()
        pdf = Report._render_qweb_pdf(report_name, campaign.ids)[0]
        seconds = time.perf_counter() - started
    queries = env.cr.sql_log_count - count
    pages, size = len(PdfFileReader(io.BytesIO(pdf)).pages), len(pdf) / 2**20
    del pdf
    env.invalidate_all()
    tracemalloc.start()
    Report._render_qweb_pdf(report_name, campaign.ids)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, queries, peak, children.megabytes, pages, size


def pdf_floor(env, report_name, campaign):
    """wkhtmltopdf alone, one process, on the whole print's HTML as Odoo hands it over (rendered, wrapped in the
    report layout) with the same paper options: (seconds, wkhtmltopdf peak MB)."""
    from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

    Report = env["ir.actions.report"].with_context(debug=False)
    report = Report._get_report(report_name).with_context(debug=False)
    html = Report._render_qweb_html(report_name, campaign.ids, data={"report_type": "pdf", "debug": False})[0]
    bodies, _ids, _header, _footer, paper = report._prepare_html(html, report_model=report.model)
    args = Report._build_wkhtmltopdf_args(report.get_paperformat(), False, specific_paperformat_args=paper)
    with tempfile.TemporaryDirectory() as folder:
        source, target = os.path.join(folder, "annex.html"), os.path.join(folder, "annex.pdf")
        with open(source, "w", encoding="utf-8") as file:
            file.write(bodies[0])  # Debian's wkhtmltopdf takes one document; the print is one
        del html, bodies
        with ChildrenPeak() as children:
            started = time.perf_counter()
            process = subprocess.run([_get_wkhtmltopdf_bin(), *args, source, target], capture_output=True,
                                     check=False)
            seconds = time.perf_counter() - started
    # 1: loaded with errors (here: the report's CSS, with no HTTP server to serve it), as Odoo accepts
    assert process.returncode in (0, 1), process.stderr[-1000:]
    return seconds, children.megabytes


def kanban_orm(env, campaign):
    Unit = env["integrity.unit"]
    domain = [("campaign_id", "=", campaign.id)]
    spec = {name: {} for name in (
        "name", "current_phase", "is_overdue", "liaison_phone", "self_check_accepted_count", "self_check_count",
        "risk_high_count", "risk_medium_count", "risk_low_count", "measure_done_count", "measure_count",
        "current_deadline", "current_submission_state", "activity_state")}
    spec.update(campaign_id={"fields": {"display_name": {}}}, liaison_id={"fields": {"display_name": {}}})
    groups = Unit.web_read_group(domain, ["current_phase"], ["current_phase"])["groups"]
    for group in groups:
        if group["current_phase_count"]:
            Unit.web_search_read(group["__domain"], spec, limit=80)


def kanban_floor(env, campaign):
    """The same cards from SQL: columns, names and contacts, counts, deadlines, submissions, activities."""
    queries = [
        "SELECT current_phase, count(*) FROM integrity_unit WHERE campaign_id = %(c)s GROUP BY 1",
        """SELECT u.id, u.current_phase, d.name->>'en_US', e.name, u.liaison_phone, c.name
             FROM integrity_unit u JOIN hr_department d ON d.id = u.department_id
             JOIN integrity_campaign c ON c.id = u.campaign_id
             LEFT JOIN hr_employee e ON e.id = u.liaison_id
            WHERE u.campaign_id = %(c)s ORDER BY u.sequence, u.id""",
        "SELECT unit_id, level, count(*) FROM integrity_risk WHERE campaign_id = %(c)s AND active "
        "AND state != 'retired' GROUP BY 1, 2",
        "SELECT unit_id, state, count(*) FROM integrity_self_check WHERE campaign_id = %(c)s GROUP BY 1, 2",
        "SELECT unit_id, state, count(*) FROM integrity_measure WHERE campaign_id = %(c)s AND active GROUP BY 1, 2",
        "SELECT unit_id, deliverable, state FROM integrity_submission WHERE campaign_id = %(c)s",
        "SELECT code, deadline FROM integrity_campaign_phase WHERE campaign_id = %(c)s",
        """SELECT a.res_id, min(a.date_deadline) FROM mail_activity a JOIN integrity_unit u ON u.id = a.res_id
            WHERE a.res_model = 'integrity.unit' AND u.campaign_id = %(c)s GROUP BY 1""",
    ]
    for query in queries:
        env.cr.execute(query, {"c": campaign.id})
        env.cr.fetchall()


def pivot_orm(env, campaign):
    env["integrity.risk"].read_group([("campaign_id", "=", campaign.id)], ["__count"], ["unit_id", "level"],
                                     lazy=False)


def pivot_floor(env, campaign):
    env.cr.execute("SELECT unit_id, level, count(*) FROM integrity_risk WHERE campaign_id = %s AND active "
                   "GROUP BY 1, 2", [campaign.id])
    env.cr.fetchall()


def self_check_round(env, checks):
    """Fill, submit and accept the next unused self-check with 10 lines."""
    check = checks.pop()
    check.write({"line_ids": [Command.create({"duty": f"职责{n}", "name": f"风险防控点{n}", "category": "power",
                                      "level": "medium"}) for n in range(10)]})
    # the bench acts for the holder and the reviewer (the generated cadres have no logins): as the process
    check.sudo().action_submit()
    check.sudo().action_accept()


def import_preview(env, campaign, content):
    """Check the university's annex 3 workbook row by row, as the office's import does before writing."""
    attachment = env["ir.attachment"].create({"name": "annex3.xlsx", "raw": content})
    wizard = env["integrity.import"].create({"campaign_id": campaign.id,
                                             "attachment_ids": [Command.set(attachment.ids)]})
    wizard.action_preview()
    assert wizard.error_count == 0 and wizard.create_count == 0 and wizard.update_count == 0, "the round trip changed"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="measure the data an earlier run generated")
    args = parser.parse_args()
    odoo.tools.config.parse_config([f"--addons-path={args.addons_path}", f"--data-dir={args.data_dir}",
                                    f"--database={args.database}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    rng = random.Random(2013)
    log("Generating the data (batch creates):" if not args.reuse else "Reusing the data of an earlier run.")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, QUIET)
        if args.reuse:
            campaigns = {label: env["integrity.campaign"].search([("name", "=", f"{label} 2013")]).id
                         for label in ("full", "quarter")}
            users = env["res.users"].search([("login", "=", "bench_office")])
        else:
            campaigns = {"full": generate(env, "full", FULL, rng).id,
                         "quarter": generate(env, "quarter", QUARTER, rng).id}
            users = env["res.users"].create([{"name": "Bench Office", "login": "bench_office",
                                              "groups_id": [(4, env.ref("integrity_risk.group_office").id)]}])
            cr.commit()
    rows = []
    with registry.cursor() as cr:
        env = api.Environment(cr, users.id, {"lang": "en_US"})
        for label in ("full", "quarter"):
            campaign = env["integrity.campaign"].browse(campaigns[label])
            big_unit = campaign.unit_ids.sorted(lambda u: -len(u.scope_employee_ids))[0]
            typical = campaign.unit_ids.sorted("id")[1]
            checks = env["integrity.self.check"].search(
                [("unit_id", "=", typical.id), ("state", "=", "draft"), ("employee_id", "!=", typical.leader_id.id)],
                limit=args.runs + 1)
            checks = list(checks)
            workbook = env["integrity.annex"].xlsx(3, campaign)[1]
            figures = [
                ("University-wide annex 3 XLSX", lambda campaign=campaign: env["integrity.annex"].xlsx(3, campaign),
                 lambda campaign=campaign: xlsx_floor(env, campaign), 2.0),
                (f"Unit annex 3 HTML ({typical.risk_count} rows)",
                 lambda unit=typical: env["ir.actions.report"]._render_qweb_html(
                     "integrity_risk.report_annex_3", unit.ids), None, None),
                ("Units kanban", lambda campaign=campaign: kanban_orm(env, campaign),
                 lambda campaign=campaign: kanban_floor(env, campaign), 3.0),
                ("Risk pivot level x unit", lambda campaign=campaign: pivot_orm(env, campaign),
                 lambda campaign=campaign: pivot_floor(env, campaign), 3.0),
                ("Self-check: 10 lines, submit, accept", lambda checks=checks: self_check_round(env, checks),
                 None, None),
                (f"Unit review ({len(big_unit.scope_employee_ids)} people)",
                 lambda unit=big_unit: unit._review_problems(), None, None),
                ("Import preview of the annex 3 XLSX (unchanged)",
                 lambda campaign=campaign, content=workbook: import_preview(env, campaign, content), None, None),
            ]
            for name, function, floor, target in figures:
                seconds, queries, peak = measure(env, function, args.runs)
                floor_seconds = measure(env, floor, args.runs)[0] if floor else None
                rows.append((label, name, seconds, queries, peak, floor_seconds, target, None))
            for annex in (3, 4):
                report_name = f"integrity_risk.report_campaign_annex_{annex}"
                seconds, queries, peak, children, pages, size = measure_pdf(env, report_name, campaign)
                floor_seconds, floor_children = pdf_floor(env, report_name, campaign)
                rows.append((label, f"University-wide annex {annex} PDF ({pages} pages)", seconds, queries, peak,
                             floor_seconds, 1.5, {"wkhtmltopdf": children, "floor": floor_children, "pdf": size}))
        cr.rollback()
    print_table(rows)
    return check_targets(rows)


def print_table(rows):
    log("")
    log(f"{'size':8} {'figure':42} {'median ms':>10} {'queries':>8} {'peak MB':>8} {'wk MB':>6} {'floor ms':>9} "
        f"{'ratio':>6} {'target':>7}")
    for label, name, seconds, queries, peak, floor, target, pdf in rows:
        ratio = seconds / floor if floor else None
        floor_text = f"{floor * 1000:9.1f}" if floor else f"{'-':>9}"
        wkhtmltopdf = f"{pdf['wkhtmltopdf']:6.0f}" if pdf else f"{'-':>6}"
        log(f"{label:8} {name:42} {seconds * 1000:10.1f} {queries:8d} {peak:8.1f} {wkhtmltopdf} {floor_text} "
            f"{(f'{ratio:.2f}' if ratio else '-'):>6} {(f'<= {target:g}x' if target else '-'):>7}")
    from odoo.addons.integrity_risk.models.ir_actions_report import CHUNK_RISK_POINTS, PARALLEL_RUNS

    log("")
    log(f"The PDFs are printed once, in parts of up to {CHUNK_RISK_POINTS:,} risk points, {PARALLEL_RUNS} "
        "wkhtmltopdf runs at once;")
    log("their floor is wkhtmltopdf alone on the whole print's HTML, in one process. wk MB: the peak resident")
    log("memory of the wkhtmltopdf processes together.")
    log("")
    queries = {}
    for label, name, _seconds, count, *_rest in rows:
        queries.setdefault(name.split(" (")[0], {})[label] = count
    log("Queries at the full size and at a quarter of it (equal: they do not grow with the rows;")
    log("the kanban's one more at full size is the web client's count of a column over 80 cards;")
    log("a PDF's grow with its parts, a few dozen per part, to keep one part in memory at a time):")
    for name, counts in queries.items():
        log(f"  {name:42} full {counts.get('full', '-'):>5}  quarter {counts.get('quarter', '-'):>5}")
    log("")
    log("PDF memory at the full size / at a quarter of it (bounded: about the same at both sizes, whereas")
    log("one wkhtmltopdf run on the whole HTML, the floor, grows with the print; the Python peak holds one")
    log("part and, at the end, the finished PDF it returns):")
    for name, sizes in pdf_memory(rows).items():
        full, quarter = sizes.get("full"), sizes.get("quarter")
        if not (full and quarter):
            continue
        log(f"  {name:30} Python {full['peak']:6.1f} / {quarter['peak']:6.1f} MB "
            f"(PDF {full['pdf']:5.1f} / {quarter['pdf']:5.1f} MB)   "
            f"wkhtmltopdf {full['wkhtmltopdf']:4.0f} / {quarter['wkhtmltopdf']:4.0f} MB   "
            f"floor's wkhtmltopdf {full['floor']:4.0f} / {quarter['floor']:4.0f} MB")


def pdf_memory(rows):
    """{PDF figure: {size: its memory figures}}."""
    memory = {}
    for label, name, _seconds, _queries, peak, _floor, _target, pdf in rows:
        if pdf:
            memory.setdefault(name.split(" (")[0], {})[label] = {"peak": peak, **pdf}
    return memory


def check_targets(rows):
    misses = []
    for name, sizes in pdf_memory(rows).items():
        # bounded: the university's PDF (4x the quarter's rows) takes about the memory of the quarter's; in Python,
        # plus the larger PDF it returns
        full, quarter = sizes.get("full"), sizes.get("quarter")
        if not (full and quarter):
            continue
        if full["wkhtmltopdf"] > PDF_MEMORY_GROWTH * quarter["wkhtmltopdf"]:
            misses.append(f"full {name}: wkhtmltopdf {full['wkhtmltopdf']:.0f} MB, over {PDF_MEMORY_GROWTH:g}x "
                          f"the quarter's {quarter['wkhtmltopdf']:.0f} MB")
        if full["peak"] - full["pdf"] > PDF_MEMORY_GROWTH * (quarter["peak"] - quarter["pdf"]):
            misses.append(f"full {name}: Python {full['peak'] - full['pdf']:.1f} MB besides its PDF, over "
                          f"{PDF_MEMORY_GROWTH:g}x the quarter's {quarter['peak'] - quarter['pdf']:.1f} MB")
    for label, name, seconds, _queries, _peak, floor, target, _pdf in rows:
        # the ratio targets are for the university's size; at a quarter, fixed costs weigh more
        if target and floor and label == "full" and seconds / floor > target:
            misses.append(f"{label} {name}: {seconds / floor:.2f}x its floor, target {target:g}x")
        if name.startswith("Unit review") and label == "full" and seconds >= 1.0:
            misses.append(f"{label} {name}: {seconds:.2f} s, target under 1 s")
    for miss in misses:
        log(f"TARGET MISSED: {miss}")
    if not misses:
        log("All targets hold.")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
