"""The demo's two campaigns, built by the process itself as the demo's people would take its steps.

Last year's campaign ran its four phases in four pilot units and is closed; this year's started from it
and is under way, with deadlines counted from the day the demo is built: one unit is late, the others
are spread over every stage of the year. Each step is taken by the user whose role it is, so every
record, message and frozen file is the one the process makes. The steps all happen in one run; their
dates are then set back to when they would have happened (``_backdate``).

Built by a scheduled action right after the module is installed with demo data: the packages' PDFs are
printed by wkhtmltopdf, which fetches the report's style sheets from a running server.
"""

import logging
import time
from datetime import date, timedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# --- the university -----------------------------------------------------------------------------

# (department key, supervising university leader's key); each unit's working group: its head leads, the
# deputy and the section chief are members, the section chief is the liaison
UNITS = [
    ("office", "president"), ("jiwei", "discipline"), ("org", "secretary"), ("publicity", "president"),
    ("hr", "discipline"), ("student", "secretary"), ("graduate", "president"), ("academic", "discipline"),
    ("science", "secretary"), ("social", "president"), ("finance", "discipline"), ("audit", "secretary"),
    ("lab", "president"), ("construction", "discipline"), ("logistics", "secretary"), ("assets", "president"),
    ("procurement", "discipline"), ("admission", "secretary"), ("logistics_group", "president"),
    ("education_group", "discipline"),
]
# last year's campaign: the pilot units
PILOTS = ("finance", "construction", "procurement", "admission")
# where each unit of this year's campaign stands; the others are in phase 2 with self-checks in every state
STAGE = {
    "logistics_group": "kickoff",  # has not reported its list: overdue
    "education_group": "list_reported",  # the office has yet to file its list: overdue
    "finance": "self_checks",
    "audit": "reviewing",  # every self-check accepted: the working group completes its review
    "hr": "publicity",  # annexes 2 and 3 publicised until yesterday, an objection still to handle
    "academic": "submitted",  # waiting for the supervising leader
    "science": "approved",  # waiting for the office
    "social": "returned",  # returned by the office
    "construction": "measures",  # phase 3, measures in every state
    "procurement": "inspection",  # phase 4, an inspection with findings and an adjustment
    "admission": "inspection",
}
# the demo's own unit, where the demo's cadre and unit leader log in: a form in each state for them to act on
FINANCE_CHECKS = {"finance_head": "submitted", "finance_deputy": "submitted", "finance_section": "accepted",
                  "finance_staff": "draft", "finance_staff2": "returned"}
MOBILE_PREFIXES = ("138", "139", "158", "186")
# existing logins of the demo's XML: employee key -> login
KNOWN_LOGINS = {"secretary": "zuzhang", "deputy_discipline": "jiwei", "finance_head": "caiwu_leader",
                "finance_staff": "caiwu_cadre"}

# how long the scheduled action builds before it hands over to its next run (a cron thread may run 120 s)
CRON_BUDGET_SECONDS = 45
# logins made per step: each password is hashed with Odoo's 600,000 rounds
PEOPLE_PER_STEP = 20

# --- what the cadres find (岗位廉政风险点) --------------------------------------------------------

# (duty, risk point, category, level) by post; a department's own points come first
POST_RISKS = {
    "head": [("重大事项决策", "“三重一大”事项未经集体研究，个人说了算", "power", "high"),
             ("干部队伍管理", "对分管科室和人员日常监督不到位，发现问题不及时纠正", "institution", "medium")],
    "deputy": [("分管业务审批", "分管业务审批把关不严，为不符合条件的事项开“绿灯”", "power", "medium")],
    "section": [("业务办理", "办理业务时程序不规范，选择性执行制度", "institution", "medium"),
                ("服务对象接待", "利用职务便利吃拿卡要、优亲厚友", "ideology", "low")],
    "staff": [("资料与信息管理", "违规对外提供工作信息，泄露工作秘密", "ideology", "low")],
}
DEPARTMENT_RISKS = {
    "finance": {
        "head": [("大额资金使用审批", "大额资金支出未经集体决策，存在违反“三重一大”规定的风险", "power", "high")],
        "deputy": [("收费管理", "收费项目和标准执行不规范，可能出现乱收费或截留收入", "institution", "medium")],
        "section": [("预算编制与执行", "预算调整未经集体研究，个人决定经费分配", "power", "high")],
        "staff": [("现金收付与报销审核", "报销单据审核把关不严，可能放宽标准、违规报销", "power", "medium"),
                  ("银行账户与资金支付", "网银支付密钥与审核权集中于一人，存在资金被挪用风险", "power", "high")],
    },
    "construction": {
        "head": [("工程项目管理", "工程招投标过程中泄露标底或暗箱操作", "power", "high")],
        "section": [("工程变更签证", "工程变更签证审核不严，虚增工程量", "power", "high")],
        "staff": [("工程现场管理", "接受施工单位宴请，放松质量监管", "ideology", "medium")],
    },
    "procurement": {
        "head": [("政府采购", "采购需求设置倾向性条款，排斥潜在供应商", "power", "high")],
        "section": [("供应商管理", "供应商库管理制度不健全，入库审核不严", "institution", "medium")],
    },
    "admission": {
        "head": [("招生录取", "特殊类型招生中违规操作、暗箱录取", "power", "high")],
        "staff": [("考务管理", "试卷保密管理不到位，存在泄题风险", "institution", "high")],
    },
    "hr": {
        "head": [("人员招聘", "招聘条件因人设岗，程序不公开", "power", "high")],
        "section": [("职称评审", "职称评审材料审核不严，弄虚作假", "institution", "medium")],
    },
    "assets": {"head": [("资产处置", "国有资产处置评估不实，低价处置造成流失", "power", "high")]},
    "academic": {"section": [("教材选用", "教材选用收受出版商回扣", "ideology", "medium")]},
    "logistics": {"section": [("物资采购与验收", "物资验收把关不严，以次充好", "power", "medium")]},
}
# what the pilot units' cadres add in the second year (the carried-over points stay in the register)
NEW_RISKS = {
    "head": [("信息化项目建设", "信息化项目立项论证不充分，指定供应商", "power", "medium")],
    "deputy": [("合同管理", "合同签订前未经法律审核，条款有利于对方", "institution", "medium")],
    "section": [("数据系统权限", "业务系统账号和权限多人共用，操作无法追溯", "institution", "medium")],
    "staff": [("公务接待", "超标准接待或借接待名义报销个人费用", "ideology", "low")],
}
MEASURES = {  # by category: (kind's XML id, measure)
    "power": ("measure_kind_checks", "实行集体研究和分级审批，审批意见留痕备查"),
    "institution": ("measure_kind_rules", "修订业务办理制度并在单位内公开，按季度自查"),
    "ideology": ("measure_kind_warning", "签订廉洁从业承诺书，开展警示教育"),
}


def _post_of(employee_key):
    """The post key of an employee key: finance_staff2 -> staff; the office's deputy_discipline -> deputy."""
    post = employee_key.rsplit("_", 1)[-1].rstrip("0123456789")
    return post if post in POST_RISKS else "deputy"


class IntegrityDemoYear(models.AbstractModel):
    _name = "integrity.demo.year"
    _description = "Demo Campaigns"

    # --- the build, in steps ---------------------------------------------------------------------

    def _steps(self):
        """The build as (name, method, argument), in order: each step is a transaction of its own when the
        scheduled action runs them, and none prints more than a unit's packages."""
        return [
            *((f"people_{offset}", self._dress_people, offset)
              for offset in range(0, len(self._demo_employees()), PEOPLE_PER_STEP)),
            ("last_start", self._last_start, None),
            *((f"last_{key}", self._last_unit, key) for key in PILOTS),
            ("last_close", self._last_close, None),
            ("this_start", self._this_start, None),
            ("this_lists", self._this_lists, None),
            *((f"this_{key}", self._this_unit, key) for key, _s in UNITS if STAGE.get(key) not in (
                "kickoff", "list_reported")),
            ("this_finish", self._this_finish, None),
        ]

    def _progress(self):
        """(steps done, the build's date): kept between the scheduled action's runs."""
        Param = self.env["ir.config_parameter"].sudo()
        done = int(Param.get_param("integrity_risk.demo_year_steps") or 0)
        day = Param.get_param("integrity_risk.demo_year_date")
        return done, day and fields.Date.to_date(day)

    def _run_steps(self, budget):
        """Take the steps not taken yet, stopping once ``budget`` seconds have passed; return how many are left."""
        Param = self.env["ir.config_parameter"].sudo()
        done, day = self._progress()
        if not day:
            day = fields.Date.context_today(self)
            Param.set_param("integrity_risk.demo_year_date", fields.Date.to_string(day))
        steps = self._steps()
        started = time.monotonic()
        # the demo's people work in Chinese: their messages, activities and printed files are in it
        builder = self.sudo().with_context(demo_today=day, lang="zh_CN", tz="Asia/Shanghai")
        for name, method, argument in steps[done:]:
            _logger.info("Demo year of %s: %s", day, name)
            arguments = () if argument is None else (argument,)
            getattr(builder, method.__name__)(*arguments)
            done += 1
            Param.set_param("integrity_risk.demo_year_steps", done)
            if time.monotonic() - started >= budget:
                break
        return len(steps) - done

    @api.model
    def _cron_build(self):
        """Some steps per run, well inside a cron thread's time limit; the action switches itself off when done.

        The next run is planned a few seconds later rather than reported as remaining work: Odoo times a cron
        thread's whole round of jobs, so the next steps must wait for the next round."""
        left = self._run_steps(CRON_BUDGET_SECONDS)
        if left:
            self.env.ref("integrity_risk.ir_cron_demo_year")._trigger(fields.Datetime.now() + timedelta(seconds=5))
        self.env["ir.cron"]._notify_progress(done=len(self._steps()) - left, remaining=0, deactivate=not left)

    def _today(self):
        return self.env.context["demo_today"]

    def _office(self):
        return self.env.ref("integrity_risk.user_office")

    def _last(self):
        return self.env.ref("integrity_risk.demo_campaign_last")

    def _current(self):
        return self.env.ref("integrity_risk.demo_campaign_current")

    def _unit_of(self, campaign, key):
        department = self.env.ref(f"integrity_risk.dept_{key}")
        return campaign.unit_ids.filtered(lambda u: u.department_id == department)

    # --- people --------------------------------------------------------------------------------

    def _employee(self, key):
        return self.env.ref(f"integrity_risk.emp_{key}")

    def _user(self, key):
        return self._employee(key).user_id

    def _demo_employees(self):
        return self.env["ir.model.data"].search_fetch(
            [("module", "=", "integrity_risk"), ("model", "=", "hr.employee")], ["name", "res_id"], order="id")

    def _dress_people(self, offset):
        """Phones and mails of demo employees; a login for each (everyone may have a form or a step to take)."""
        group_unit = self.env.ref("integrity_risk.group_unit")
        group_user = self.env.ref("integrity_risk.group_user")
        data = self._demo_employees()[offset:offset + PEOPLE_PER_STEP]
        working_groups = set()
        for department, _supervisor in UNITS:
            working_groups |= {f"{department}_head", f"{department}_deputy", f"{department}_section"}
        employees = self.env["hr.employee"].browse(data.mapped("res_id"))
        values = []
        for row, employee in zip(data, employees, strict=True):
            key = row.name[4:]
            if employee.user_id:
                continue
            login = KNOWN_LOGINS.get(key, key)
            groups = group_unit if key in working_groups else group_user
            values.append((employee, {
                "name": employee.name, "login": login, "password": login, "email": f"{login}@nwnu.edu.cn",
                "lang": "zh_CN", "tz": "Asia/Shanghai", "notification_type": "inbox",
                "groups_id": [Command.set((self.env.ref("base.group_user") | groups).ids)],
            }))
        users = self.env["res.users"].with_context(no_reset_password=True).create([vals for _e, vals in values])
        for (employee, _vals), user in zip(values, users, strict=True):
            employee.user_id = user
        # after the logins: linking a user takes the phones and mail of the user's contact
        for number, (row, employee) in enumerate(zip(data, employees, strict=True), start=offset + 1):
            login = KNOWN_LOGINS.get(row.name[4:], row.name[4:])
            employee.write({"work_phone": f"0931-79{71000 + number * 7:05d}",
                            "mobile_phone": f"{MOBILE_PREFIXES[number % 4]}{(number * 7_919_443) % 10 ** 8:08d}",
                            "work_email": f"{login}@nwnu.edu.cn"})

    # --- last year: the pilot units, all four phases --------------------------------------------

    def _new_campaign(self, year, name):
        office = self._office()
        return self.env["integrity.campaign"].with_user(office).create({
            "name": name, "year": year, "office_director_id": office.id,
            "office_user_ids": [Command.link(office.id)],
            "description": "<p>按照《西北师范大学全面推进廉政风险防控工作实施方案》，全校副科级以上干部及机关各部门、"
                           "直（附）属及后勤单位的全体干部、党员开展廉政风险防控管理。</p>",
            "leading_member_ids": [
                Command.create({"employee_id": self._employee(key).id, "role": role, "position": position,
                                "sequence": sequence})
                for sequence, (key, role, position) in enumerate([
                    ("secretary", "head", "党委书记"), ("president", "deputy", "校长"),
                    ("discipline", "deputy", "纪委书记"), ("jiwei_head", "member", "纪委（监察处）处长"),
                    ("org_head", "member", "组织部部长"), ("finance_head", "member", "财务处处长")], start=1)
            ],
        })

    def _add_units(self, campaign, departments):
        supervisor_of = dict(UNITS)
        order = [key for key, _s in UNITS]
        return self.env["integrity.unit"].with_user(self._office()).create([{
            "campaign_id": campaign.id, "department_id": self.env.ref(f"integrity_risk.dept_{key}").id,
            "sequence": order.index(key) + 1,
            "leader_id": self._employee(f"{key}_head").id,
            "member_ids": [Command.set((self._employee(f"{key}_deputy") | self._employee(f"{key}_section")).ids)],
            "liaison_id": self._employee(f"{key}_section").id,
            "supervisor_id": self._employee(supervisor_of[key]).id,
        } for key in departments])

    def _last_start(self):
        year = self._today().year - 1
        campaign = self._new_campaign(year, f"{year}年度廉政风险防控工作（试点）")
        self.env["ir.model.data"]._update_xmlids([
            {"xml_id": "integrity_risk.demo_campaign_last", "record": campaign, "noupdate": True}])
        units = self._add_units(campaign, PILOTS)
        campaign.with_user(self._office()).action_start()
        for unit in units:
            self._report_list(unit)
            self._file(unit, "working_group")

    def _last_unit(self, key):
        unit = self._unit_of(self._last(), key)
        year = unit.campaign_id.year
        self._self_checks(unit, {"accepted"}, POST_RISKS)
        self._complete_review(unit)
        self._publicise_and_submit(unit, "identification")
        self._file(unit, "identification", approve=True)
        self._plan_measures(unit, date(year, 6, 30), states=("done",))
        self._publicise_and_submit(unit, "measures")
        self._file(unit, "measures", approve=True)
        self._inspect(unit, date(year, 11, 20), apply=False)
        self._summarise(unit)
        self._file(unit, "summary")
        self._assess(unit, date(year, 12, 20), done=True)

    def _last_close(self):
        campaign = self._last()
        year = campaign.year
        campaign.with_user(self._office()).action_close()
        self._backdate_campaign(campaign, {
            "kickoff": date(year - 1, 12, 20), "identification": date(year, 4, 2), "measures": date(year, 7, 3),
            "inspection": date(year, 12, 5)})

    # --- this year: started from last year's, every stage at once -----------------------------

    def _this_start(self):
        today, office = self._today(), self._office()
        action = self._last().with_user(office).action_copy_next_year()
        campaign = self.env["integrity.campaign"].browse(action["res_id"])
        self.env["ir.model.data"]._update_xmlids([
            {"xml_id": "integrity_risk.demo_campaign_current", "record": campaign, "noupdate": True}])
        campaign.with_user(office).write({"name": f"{today.year}年度全面推进廉政风险防控工作"})
        # the office sets the year's deadlines: the list was due three weeks ago, the risk register in ten days
        deadlines = {"kickoff": today - timedelta(days=21), "identification": today + timedelta(days=10),
                     "measures": today + timedelta(days=80), "inspection": today + timedelta(days=170)}
        for phase in campaign.phase_ids.sorted("sequence", reverse=True):  # later first: they never cross
            phase.with_user(office).deadline = deadlines[phase.code]
        self._add_units(campaign, [key for key, _s in UNITS if key not in PILOTS])
        campaign.with_user(office).action_start()

    def _this_lists(self):
        for key, _s in UNITS:
            if STAGE.get(key) != "kickoff":
                unit = self._unit_of(self._current(), key)
                self._report_list(unit)
                if STAGE.get(key) != "list_reported":
                    self._file(unit, "working_group")

    def _this_unit(self, key):
        today, office = self._today(), self._office()
        unit = self._unit_of(self._current(), key)
        stage = STAGE.get(key, "self_checks")
        risks = NEW_RISKS if key in PILOTS else POST_RISKS
        if stage == "self_checks":
            self._self_checks(unit, {"draft", "submitted", "returned", "accepted"}, risks)
            return
        self._self_checks(unit, {"accepted"}, risks)
        self._year_changes(unit)
        if stage == "reviewing":
            return
        self._complete_review(unit)
        if stage == "publicity":
            package = self._publicise(unit, "identification")
            self._object(unit)
            self._backdate(package, publicity_start=today - timedelta(days=8),
                           publicity_end=today - timedelta(days=1))
            return
        self._publicise_and_submit(unit, "identification")
        if stage == "submitted":
            return
        package = unit._submission_for("identification")
        package.with_user(unit.supervisor_id.user_id).action_approve("同意报送。")
        if stage == "approved":
            return
        if stage == "returned":
            package.with_user(office).action_return("附表3中“收费管理”风险等级与附表2不一致，请核对后重新报送。")
            return
        self._file(unit, "identification")
        self._plan_measures(unit, today + timedelta(days=60), states=("in_progress", "done", "planned"),
                            proposal=stage == "measures")
        if stage == "measures":
            return
        self._publicise_and_submit(unit, "measures")
        self._file(unit, "measures", approve=True)
        self._inspect(unit, today - timedelta(days=1), apply=True)

    def _this_finish(self):
        today, campaign = self._today(), self._current()
        self._assess(self._unit_of(campaign, "procurement"), today, done=False)
        campaign.with_user(self._office()).action_compare_previous_year()
        self._backdate_campaign(campaign, {
            "kickoff": today - timedelta(days=28), "identification": today - timedelta(days=6),
            "measures": today - timedelta(days=3), "inspection": today - timedelta(days=1)})

    # --- the steps, each by the user whose role it is ----------------------------------------

    def _liaison(self, unit):
        return unit.liaison_id.user_id

    def _report_list(self, unit):
        unit.with_user(self._liaison(unit)).action_report_list()

    def _file(self, unit, deliverable, approve=False):
        package = unit._submission_for(deliverable)
        if approve and package.state == "submitted":
            package.with_user(unit.supervisor_id.user_id).action_approve("同意报送。")
        package.with_user(self.env.ref("integrity_risk.user_office")).action_file("材料齐全，予以备案。")

    def _self_checks(self, unit, states, catalogue):
        """Each person in scope fills their form; states cycle over the forms in the order of the scope."""
        department = unit.department_id.get_external_id()[unit.department_id.id].split(".dept_")[-1]
        cycle = [state for state in ("accepted", "submitted", "returned", "draft") if state in states]
        checks = self.env["integrity.self.check"].search([("unit_id", "=", unit.id)], order="id")
        for number, check in enumerate(checks):
            key = check.employee_id.get_external_id()[check.employee_id.id].split(".emp_")[-1]
            post = _post_of(key)
            lines = (DEPARTMENT_RISKS.get(department, {}).get(post, []) if catalogue is POST_RISKS else []) \
                + catalogue.get(post, [])
            state = cycle[number % len(cycle)]
            if key in FINANCE_CHECKS and "draft" in states:
                state = FINANCE_CHECKS[key]
                if key == "finance_staff":  # the demo's cadre finds her form empty: she fills it herself
                    lines = []
            holder = check.employee_id.user_id
            check = check.with_user(holder)
            if lines:
                check.write({"line_ids": [Command.create({"duty": duty, "name": name, "category": category,
                                                          "level": level}) for duty, name, category, level in lines]})
            if state == "draft":
                continue
            check.action_submit()
            reviewer = check.reviewer_user_id
            if state == "returned":
                check.with_user(reviewer).action_return("请补充本岗位在经费报销、资产使用方面的风险点。")
            elif state == "accepted":
                check.with_user(reviewer).action_accept()

    def _year_changes(self, unit):
        """Last year's points carried over: one regraded, one retired once the review is complete."""
        carried = unit.risk_ids.filtered("predecessor_id").sorted("id")
        if carried:
            carried[0].with_user(self._liaison(unit)).write({
                "level": "medium" if carried[0].level == "high" else "high",
                "level_reason": "去年整改后制度已健全，单位集体讨论调整等级。"})

    def _complete_review(self, unit):
        liaison = self._liaison(unit)
        unit.with_user(liaison).action_complete_review()
        carried = unit.risk_ids.filtered("predecessor_id").sorted("id")
        if len(carried) > 1:
            carried[-1].with_user(liaison).action_retire()

    def _publicise(self, unit, deliverable):
        today = self._today()
        package = unit._submission_for(deliverable).with_user(self._liaison(unit))
        package.write({"publicity_start": today, "publicity_end": today + timedelta(days=5),
                       "publicity_place": f"{unit.name}公告栏及学院网站"})
        package.action_start_publicity()
        return package

    def _publicise_and_submit(self, unit, deliverable):
        today = self._today()
        package = self._publicise(unit, deliverable)
        # five working days of publicity have passed by the time the unit submits
        self._backdate(package, publicity_start=today - timedelta(days=8), publicity_end=today - timedelta(days=1))
        package.action_submit()

    def _object(self, unit):
        staff = unit.scope_employee_ids.filtered(lambda e: e not in unit.leader_id | unit.liaison_id)[:1]
        self.env["integrity.objection"].with_user(staff.user_id).create({
            "submission_id": unit._submission_for("identification").id,
            "text": "“职称评审材料审核不严”的风险等级定为中等偏低，近两年有过投诉，建议定为高等级。"})

    def _plan_measures(self, unit, deadline, states, proposal=False):
        """A measure for every risk point; states cycle over them (a proposal comes from the post holder)."""
        liaison = self._liaison(unit)
        risks = unit.risk_ids.filtered(lambda r: r.state == "confirmed").sorted("id")
        for number, risk in enumerate(risks):
            kind, text = MEASURES[risk.category]
            state = states[number % len(states)]
            measure = self.env["integrity.measure"].with_user(liaison).create({
                "risk_id": risk.id, "name": text, "kind_id": self.env.ref(f"integrity_risk.{kind}").id,
                "responsible_id": risk.employee_ids[:1].id or unit.leader_id.id, "deadline": deadline})
            responsible = measure.responsible_user_id or liaison
            if state in ("in_progress", "done"):
                measure.with_user(responsible).write({"note": "已按计划推进，相关制度已印发。"})
                measure.with_user(responsible).action_start()
            if state == "done":
                evidence = self.env["ir.attachment"].with_user(responsible).create({
                    "name": "制度文件及会议纪要.txt", "raw": "关于加强内部控制的实施细则（试行）\n会议纪要".encode(),
                    "res_model": "integrity.measure", "res_id": measure.id})
                measure.with_user(responsible).write({"evidence_ids": [Command.link(evidence.id)]})
                measure.with_user(responsible).action_done()
        # 本人提出: a cadre outside the working group proposes a measure of her own; the group decides
        holder_risks = risks.filtered(lambda r: r.employee_ids.user_id - unit.user_ids)
        if proposal and holder_risks:
            risk = holder_risks[0]
            self.env["integrity.measure"].with_user((risk.employee_ids.user_id - unit.user_ids)[:1]).create({
                "risk_id": risk.id, "name": "本人经手事项每月向分管领导书面报告", "deadline": deadline,
                "kind_id": self.env.ref(f"integrity_risk.{MEASURES[risk.category][0]}").id})

    def _inspect(self, unit, day, apply):
        liaison = self._liaison(unit)
        inspection = self.env["integrity.inspection"].with_user(liaison).create({
            "unit_id": unit.id, "date": day, "inspector_ids": [Command.set((unit.leader_id | unit.liaison_id).ids)],
            "note": "<p>工作小组对照附表4逐项检查防控措施落实情况。</p>"})
        inspection.action_add_open_measures()
        findings = inspection.finding_ids.sorted("id")
        findings.write({"result": "carried_out"})
        if apply and findings:
            findings[0].write({"result": "ineffective", "remarks": "措施执行流于形式，审批意见未留痕。",
                               "action": "revise_measure"})
        inspection.action_done()
        if apply and findings:
            action = findings[0].action_apply()
            wizard = self.env[action["res_model"]].with_user(liaison).with_context(**action["context"]).create({
                "name": "审批意见一律在系统中填写并留痕，每季度由纪检委员抽查",
                "deadline": day + timedelta(days=30)})
            wizard.action_apply()

    def _summarise(self, unit):
        unit._submission_for("summary").with_user(self._liaison(unit)).write({
            "summary": "<p>本单位按照学校实施方案完成了风险排查、等级评定、措施制定和检查整改，"
                       "各项防控措施均已落实。</p>"})
        unit._submission_for("summary").with_user(self._liaison(unit)).action_submit()

    def _assess(self, unit, day, done):
        leader = self.env.ref("integrity_risk.user_leader")
        assessment = self.env["integrity.assessment"].with_user(leader).create({"unit_id": unit.id, "date": day})
        for number, line in enumerate(assessment.line_ids.sorted("id")):
            # full marks but for a point or two here and there; a draft is scored half-way
            if done:
                line.score = max(line.max_score - (number + unit.id) % 3, 0)
            elif number % 2 == 0:
                line.score = line.max_score
        if done:
            assessment.action_done()

    # --- dates ---------------------------------------------------------------------------------

    def _backdate(self, records, **values):
        """Set dates the process stamped with today to when the step would have been taken (the demo's
        year is built in one run)."""
        records.flush_recordset()
        assignments = SQL(", ").join(SQL("%s = %s", SQL.identifier(name), value) for name, value in values.items())
        self.env.cr.execute(SQL("UPDATE %s SET %s WHERE id IN %s", SQL.identifier(records._table), assignments,
                                tuple(records.ids)))
        records.invalidate_recordset(list(values))

    def _backdate_campaign(self, campaign, days):
        """The dates of each phase's steps: the self-checks, review and filing of a phase on its day."""
        units = campaign.unit_ids
        reported = units.filtered("list_reported_date")
        if reported:
            self._backdate(reported, list_reported_date=days["kickoff"])
        reviewed = units.filtered("review_date")
        if reviewed:
            self._backdate(reviewed, review_date=days["identification"])
        checks = self.env["integrity.self.check"].search([("campaign_id", "=", campaign.id)])
        if checks:
            self._backdate(checks, date=days["identification"])
        for deliverable, phase in (("working_group", "kickoff"), ("identification", "identification"),
                                   ("measures", "measures"), ("summary", "inspection")):
            packages = self.env["integrity.submission"].search(
                [("campaign_id", "=", campaign.id), ("deliverable", "=", deliverable)])
            if packages.filtered("filed_date"):
                self._backdate(packages.filtered("filed_date"), filed_date=days[phase])
            rounds = packages.round_ids
            if rounds:
                stamp = fields.Datetime.to_datetime(days[phase]) + timedelta(hours=2)
                self._backdate(rounds, submitted_on=stamp)
                if rounds.filtered("decided_on"):
                    self._backdate(rounds.filtered("decided_on"), decided_on=stamp + timedelta(days=1))
                if rounds.filtered("approved_on"):
                    self._backdate(rounds.filtered("approved_on"), approved_on=stamp + timedelta(hours=20))
