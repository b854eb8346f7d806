"""Who may read, create, write and delete what: every role × every model × own unit / other unit.

One table (``MATRIX``) states the rights; the test generates a case per cell and asserts both ways: an
allowed operation succeeds, every other one is refused. Each case runs in a savepoint.
"""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import IntegrityCase

ROLES = ("office", "leading_group", "unit", "holder", "reviewer", "supervisor", "other_company")
OWN, OTHER = "own", "other"
ALL_HERE = {"office", "leading_group", "unit", "holder", "reviewer", "supervisor"}  # this company's users
WG = {"office", "unit", "reviewer"}  # the reviewer (unit A's leader) sits in unit A's working group
READ_UNIT = {"office", "leading_group", "unit", "reviewer", "holder"}
READERS_ELSEWHERE = {"office", "leading_group"}
# the supervising leader reads the packages and the register they approve
READ_SUPERVISED = READ_UNIT | {"supervisor"}


def rights(own, other=None):
    """Roles allowed on unit A's record, and on unit B's (by default the office alone)."""
    return {OWN: set(own), OTHER: {"office"} if other is None else set(other)}


def everywhere(roles):
    """For records of no unit (campaign settings): the same roles, whatever the unit."""
    return {OWN: set(roles), OTHER: set(roles)}


NOBODY = rights(set(), set())
NOBODY_AT_ALL = {"read": NOBODY, "write": NOBODY, "create": NOBODY, "unlink": NOBODY}

# model: {operation: rights}. Read the rows as the plan's roles would say them.
MATRIX = {
    "integrity.phase.template": {"read": everywhere(ALL_HERE | {"other_company"}),
                                 "write": everywhere({"office", "other_company"}),
                                 "create": everywhere({"office", "other_company"}),
                                 "unlink": everywhere({"office", "other_company"})},
    # another company's office runs its own campaigns, and never touches this one's
    "integrity.campaign": {"read": everywhere(ALL_HERE), "write": everywhere({"office"}),
                           "create": everywhere({"office", "other_company"}), "unlink": everywhere({"office"})},
    "integrity.campaign.phase": {"read": everywhere(ALL_HERE), "write": everywhere({"office"}),
                                 "create": everywhere({"office"}), "unlink": everywhere({"office"})},
    "integrity.campaign.leader": {"read": everywhere(ALL_HERE), "write": everywhere({"office"}),
                                  "create": everywhere({"office"}), "unlink": everywhere({"office"})},
    "integrity.grading.config": {"read": everywhere(ALL_HERE), "write": everywhere({"office"}),
                                 "create": everywhere({"office"}), "unlink": everywhere({"office"})},
    "integrity.measure.kind": {"read": everywhere(ALL_HERE | {"other_company"}),
                               "write": everywhere({"office", "other_company"}),
                               "create": everywhere({"office", "other_company"}),
                               "unlink": everywhere({"office", "other_company"})},
    "integrity.assessment.scheme": {"read": everywhere(ALL_HERE | {"other_company"}),
                                    "write": everywhere({"office", "other_company"}),
                                    "create": everywhere({"office", "other_company"}),
                                    "unlink": everywhere({"office", "other_company"})},
    "integrity.assessment.criterion": {"read": everywhere(ALL_HERE | {"other_company"}),
                                       "write": everywhere({"office", "other_company"}),
                                       "create": everywhere({"office", "other_company"}),
                                       "unlink": everywhere({"office", "other_company"})},
    "integrity.guidance": {"read": everywhere(ALL_HERE | {"other_company"}),
                           "write": everywhere({"office", "other_company"}),
                           "create": everywhere({"office", "other_company"}),
                           "unlink": everywhere({"office", "other_company"})},
    "integrity.unit": {"read": rights(ALL_HERE, READERS_ELSEWHERE), "write": rights(WG),
                       "create": rights({"office"}), "unlink": rights({"office"})},
    "integrity.risk": {"read": rights(READ_SUPERVISED, READERS_ELSEWHERE), "write": rights(WG),
                       "create": rights(WG), "unlink": rights(WG)},
    "integrity.self.check": {"read": rights(READ_UNIT, READERS_ELSEWHERE), "write": rights({"office", "holder"}),
                             "create": rights({"office"}), "unlink": rights({"office"})},
    "integrity.self.check.line": {"read": rights(READ_UNIT, READERS_ELSEWHERE),
                                  "write": rights({"office", "holder"}), "create": rights({"office", "holder"}),
                                  "unlink": rights({"office", "holder"})},
    "integrity.submission": {"read": rights(READ_SUPERVISED, READERS_ELSEWHERE), "write": rights(WG),
                             "create": rights(WG), "unlink": rights({"office"})},
    "integrity.submission.round": {"read": rights(READ_SUPERVISED, READERS_ELSEWHERE), "write": NOBODY,
                                   "create": NOBODY, "unlink": NOBODY},
    "integrity.submission.file": {"read": rights(READ_SUPERVISED, READERS_ELSEWHERE), "write": NOBODY,
                                  "create": NOBODY, "unlink": NOBODY},
    # the author writes the objection's text; the working group only how it was handled
    "integrity.objection": {"read": rights(READ_UNIT, READERS_ELSEWHERE), "write": rights({"holder"}, set()),
                            "create": rights({"office", "holder", "unit", "reviewer"}),
                            "unlink": rights({"office"})},
    "integrity.adjustment": {"read": rights(READ_UNIT, READERS_ELSEWHERE), "write": NOBODY, "create": NOBODY,
                             "unlink": NOBODY},
    # the post holder proposes measures for their own risk points (本人提出), which the working group decides
    "integrity.measure": {"read": rights(READ_SUPERVISED, READERS_ELSEWHERE), "write": rights(WG | {"holder"}),
                          "create": rights(WG | {"holder"}), "unlink": rights(WG)},
    "integrity.inspection": {"read": rights(READ_UNIT, READERS_ELSEWHERE), "write": rights(WG),
                             "create": rights(WG), "unlink": rights(WG)},
    "integrity.inspection.finding": {"read": rights(READ_UNIT, READERS_ELSEWHERE), "write": rights(WG),
                                     "create": rights(WG), "unlink": rights(WG)},
    "integrity.assessment": {"read": rights({"office", "leading_group", "unit", "reviewer"}, READERS_ELSEWHERE),
                             "write": rights({"office", "leading_group"}, {"office", "leading_group"}),
                             "create": rights({"office", "leading_group"}, {"office", "leading_group"}),
                             "unlink": rights({"office"})},
    "integrity.assessment.line": {
        "read": rights({"office", "leading_group", "unit", "reviewer"}, READERS_ELSEWHERE),
        "write": rights({"office", "leading_group"}, {"office", "leading_group"}),
        "create": rights({"office", "leading_group"}, {"office", "leading_group"}),
        "unlink": rights({"office"})},
    "integrity.calendar.event": {"read": rights({"office", "leading_group", "unit", "reviewer", "holder"},
                                                READERS_ELSEWHERE)},
    # the office decides who is in scope beside the rule; the working group sees its decisions
    "integrity.scope.exception": {"read": rights({"office", "leading_group", "unit", "reviewer"}, READERS_ELSEWHERE),
                                  "write": rights({"office"}), "create": rights({"office"}),
                                  "unlink": rights({"office"})},
    # the working group records its meetings; attendees read them
    "integrity.meeting": {"read": rights({"office", "leading_group", "unit", "reviewer", "holder"},
                                         READERS_ELSEWHERE),
                          "write": rights(WG), "create": rights(WG), "unlink": rights(WG)},
    # the process records personnel changes; the working group names the successor
    "integrity.personnel.change": {"read": rights({"office", "leading_group", "unit", "reviewer"},
                                                  READERS_ELSEWHERE),
                                   "write": rights(WG), "create": NOBODY, "unlink": NOBODY},
    # a background print is its requester's alone (here the post holder's; unit B's requester is no role here);
    # only the background job writes it
    "integrity.print.job": {"read": rights({"holder"}, set())},
    # the daily job's record of what it sent: nobody's to read or forge (settings administrators read it)
    "integrity.reminder": NOBODY_AT_ALL,
}
REFUSED = (AccessError, UserError, ValidationError)


class UniversityCase(IntegrityCase):
    """Both units in phase 2 with a record of every kind; unit A's supervising leader has a user of his own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.supervisor_user = new_test_user(env, "ir_supervisor_a", groups="integrity_risk.group_user",
                                            name="Supervisor A")
        cls.supervisor_a = env["hr.employee"].create({"name": "Supervisor A", "user_id": cls.supervisor_user.id,
                                                      "cadre_rank": "bureau"})
        cls.unit_a.supervisor_id = cls.supervisor_a
        other = env["res.company"].create({"name": "Other University"})
        cls.foreign = new_test_user(env, "ir_foreign", groups="integrity_risk.group_office", name="Foreign Office",
                                    company_id=other.id, company_ids=[Command.set(other.ids)])
        cls.users = {"office": cls.office, "leading_group": cls.leader, "unit": cls.unit_a_user,
                     "holder": cls.cadre, "reviewer": cls.leader_a_user, "supervisor": cls.supervisor_user,
                     "other_company": cls.foreign}
        cls.start_identification(cls.unit_a, cls.unit_a_user)
        cls.start_identification(cls.unit_b, cls.unit_b_user)
        cls.rec = {OWN: cls._records(cls.unit_a, cls.cadre_a, cls.cadre), OTHER: cls._records(
            cls.unit_b, cls.liaison_b, cls.unit_b_user)}

    @classmethod
    def _records(cls, unit, person, person_user):
        """A record of every model in ``unit``; ``person`` is the post holder and author there."""
        env = cls.env
        check = env["integrity.self.check"].search([("unit_id", "=", unit.id), ("employee_id", "=", person.id)])
        line = env["integrity.self.check.line"].create({"self_check_id": check.id, "name": "Cash alone"})
        job = person.job_id or cls.job_liaison
        risk = env["integrity.risk"].create({"unit_id": unit.id, "job_id": job.id, "name": "Cash handled alone",
                                             "category": "power", "level": "high",
                                             "employee_ids": [Command.set(person.ids)]})
        measure = env["integrity.measure"].create({"risk_id": risk.id, "name": "Two signatures",
                                                   "responsible_id": person.id, "deadline": date(2013, 6, 30)})
        filed = unit.submission_ids.filtered(lambda s: s.deliverable == "working_group")
        package = unit._submission_for("identification")
        publicity = unit._submission_for("measures")
        publicity._as_process().write({"state": "publicity"})
        objection = env["integrity.objection"].with_user(person_user).create({
            "submission_id": publicity.id, "text": "The cash risk is graded too low."})
        inspection = env["integrity.inspection"].create({
            "unit_id": unit.id, "date": date(2013, 9, 1), "inspector_ids": [Command.set(unit.leader_id.ids)],
            "finding_ids": [Command.create({"measure_id": measure.id})]})
        done = env["integrity.assessment"].create({"unit_id": unit.id, "date": date(2013, 12, 5)})
        done.line_ids.write({"score": 1})
        done.action_done()
        draft = env["integrity.assessment"].create({"unit_id": unit.id, "date": date(2013, 12, 6)})
        adjustment = env["integrity.adjustment"]._record(unit, "modify", "Duties changed.", "-", risk=risk)
        meeting = env["integrity.meeting"].create({
            "unit_id": unit.id, "kind": "discussion", "name": "Discussion", "attendee_ids": [Command.set(person.ids)]})
        exception = env["integrity.scope.exception"].create({
            "unit_id": unit.id, "employee_id": env["hr.employee"].create({"name": f"Guest of {unit.name}"}).id,
            "kind": "include", "reason": "Handles the unit's cash"})
        # a leaver of the unit, as the process records one: their measure and risk point wait for a successor
        change = env["integrity.personnel.change"].create({
            "campaign_id": unit.campaign_id.id, "employee_id": person.id, "kind": "left", "cause": "hr",
            "from_unit_id": unit.id, "measure_ids": [Command.set(measure.ids)], "risk_ids": [Command.set(risk.ids)],
            "successor_id": unit.leader_id.id})
        env.flush_all()  # the calendar is a view over the tables
        return {
            "integrity.phase.template": env.ref("integrity_risk.phase_template_kickoff"),
            "integrity.campaign": cls.campaign, "integrity.campaign.phase": cls.campaign.phase_ids[0],
            "integrity.campaign.leader": env["integrity.campaign.leader"].create({
                "campaign_id": cls.campaign.id, "employee_id": unit.leader_id.id, "role": "member"}),
            "integrity.grading.config": cls.campaign.grading_config_id,
            "integrity.measure.kind": env.ref("integrity_risk.measure_kind_checks"),
            "integrity.guidance": env.ref("integrity_risk.guidance_level_low"),
            "integrity.assessment.criterion": env.ref("integrity_risk.assessment_criterion_organisation"),
            "integrity.assessment.scheme": env.ref("integrity_risk.assessment_scheme_plan"),
            "integrity.unit": unit, "integrity.risk": risk, "integrity.self.check": check,
            "integrity.self.check.line": line, "integrity.submission": package,
            "integrity.submission.round": filed.round_ids, "integrity.submission.file": filed.round_ids.file_ids[0],
            "integrity.objection": objection, "integrity.adjustment": adjustment, "integrity.measure": measure,
            "integrity.inspection": inspection, "integrity.inspection.finding": inspection.finding_ids,
            "integrity.assessment": done, "integrity.assessment.line": done.line_ids[0],
            "integrity.calendar.event": env["integrity.calendar.event"].search(
                [("unit_id", "=", unit.id), ("kind", "=", "measure")]),
            "integrity.scope.exception": exception, "integrity.personnel.change": change, "integrity.meeting": meeting,
            "integrity.print.job": env["integrity.print.job"].create({
                "name": f"Annex 3 - {unit.name}", "user_id": person_user.id, "res_ids": unit.ids,
                "report_id": env.ref("integrity_risk.action_xlsx_annex_3").id}),
            "integrity.reminder": env["integrity.reminder"]._mark_sent(check, lambda c: unit.current_deadline),
            "draft_assessment": draft, "publicity": publicity, "person": person, "job": job,
        }


@tagged("post_install", "-at_install")
class TestAccessMatrix(UniversityCase):
    def test_every_model_of_the_module_is_in_the_matrix(self):
        models = self.env["ir.model"].search([("model", "=like", "integrity.%")])
        stored = {m.model for m in models if not self.env[m.model]._transient and not self.env[m.model]._abstract}
        self.assertFalse(stored - set(MATRIX), "models whose rights no test states")

    def test_fixture_has_one_record_of_each_model(self):
        for scope in (OWN, OTHER):
            for model in MATRIX:
                self.assertEqual(len(self.rec[scope][model]), 1, f"{model} ({scope})")

    # --- what each operation tries, per model and scope ----------------------------------------

    def _write_values(self, model, scope):
        rec = self.rec[scope]
        return {
            "integrity.phase.template": {"description": "Changed"},
            "integrity.campaign": {"description": "<p>Changed</p>"},
            "integrity.campaign.phase": {"description": "Changed"},
            "integrity.campaign.leader": {"role": "deputy"},
            "integrity.grading.config": {"high_threshold": 3.9},
            "integrity.measure.kind": {"name": "Changed"},
            "integrity.guidance": {"text": "Changed"},
            "integrity.assessment.criterion": {"description": "Changed"},
            "integrity.assessment.scheme": {"name": "Changed"},
            "integrity.unit": {"liaison_phone": "13900000000"},
            "integrity.risk": {"duty": "Changed duty"},
            "integrity.self.check": {"date": date(2013, 3, 3)},
            "integrity.self.check.line": {"duty": "Changed duty"},
            "integrity.submission": {"publicity_place": "Intranet"},
            "integrity.submission.round": {"comment": "Self-approved"},
            "integrity.submission.file": {"sha256": "0" * 64},
            "integrity.objection": {"text": "Rewritten"},
            "integrity.adjustment": {"reason": "Rewritten"},
            "integrity.measure": {"note": "Half done"},
            "integrity.inspection": {"kind": "ad_hoc"},
            "integrity.inspection.finding": {"remarks": "Seen"},
            "integrity.assessment": {"comments": "<p>Good</p>"},
            "integrity.assessment.line": {"comment": "Good"},
            "integrity.calendar.event": {"name": "Changed"},
            "integrity.scope.exception": {"reason": "Changed"},
            "integrity.meeting": {"name": "Renamed"},
            "integrity.personnel.change": {"note": "Called the successor."},
            "integrity.print.job": {"state": "done"},
            "integrity.reminder": {"deadline": date(2014, 1, 1)},
        }[model], (rec["draft_assessment"] if model == "integrity.assessment"
                   else rec["draft_assessment"].line_ids[0] if model == "integrity.assessment.line"
                   else rec[model])

    def _create_values(self, model, scope):
        """Values of a record the rightful owner could create (making room for it where a rule wants one)."""
        rec = self.rec[scope]
        unit = rec["integrity.unit"]
        department = self.env["hr.department"].create({"name": f"New {scope}"})
        if model == "integrity.phase.template":
            self.env.ref("integrity_risk.phase_template_kickoff").unlink()
        if model == "integrity.guidance":
            self.env.ref("integrity_risk.guidance_level_low").unlink()
        if model == "integrity.campaign.phase":
            self.campaign.phase_ids.filtered(lambda p: p.code == "inspection").unlink()
        spare_campaign = self.env["integrity.campaign"].create({"name": "Spare", "year": 2035})
        if model == "integrity.grading.config":
            spare_campaign.grading_config_id.unlink()
        return {
            "integrity.phase.template": {"code": "kickoff", "deadline_month": 12, "deadline_day": 31},
            "integrity.campaign": {"name": "Another year", "year": 2031},
            "integrity.campaign.phase": {"campaign_id": self.campaign.id, "code": "inspection",
                                         "deadline": date(2013, 12, 31), "sequence": 40},
            "integrity.campaign.leader": {"campaign_id": self.campaign.id, "role": "member",
                                          "employee_id": self.env["hr.employee"].create({"name": "Dean"}).id},
            "integrity.grading.config": {"campaign_id": spare_campaign.id},
            "integrity.assessment.scheme": {"name": "Another scheme"},
            "integrity.measure.kind": {"name": "New kind", "category": "power"},
            "integrity.guidance": {"topic": "level_low", "name": "Low", "text": "Open work, little impact."},
            "integrity.assessment.criterion": {"scheme_id": self.env.ref("integrity_risk.assessment_scheme_plan").id,
                                               "name": "Another criterion", "max_score": 5},
            "integrity.unit": {"campaign_id": self.campaign.id, "department_id": department.id},
            "integrity.risk": {"unit_id": unit.id, "job_id": rec["job"].id, "name": "New risk"},
            "integrity.self.check": {"unit_id": unit.id, "employee_id": rec["person"].id,
                                     "job_id": self.job_head.id},
            "integrity.self.check.line": {"self_check_id": rec["integrity.self.check"].id, "name": "New point"},
            "integrity.submission": {"unit_id": unit.id, "deliverable": "summary"},
            "integrity.submission.round": {"submission_id": rec["integrity.submission"].id, "number": 9,
                                           "submitted_by_id": self.env.uid, "submitted_on": "2013-03-01"},
            "integrity.submission.file": {"round_id": rec["integrity.submission.round"].id, "name": "forged.pdf",
                                          "attachment_id": self.env["ir.attachment"].create(
                                              {"name": "forged.pdf", "raw": b"%PDF"}).id, "sha256": "0" * 64},
            "integrity.objection": {"submission_id": rec["publicity"].id, "text": "A remark"},
            "integrity.adjustment": {"unit_id": unit.id, "kind": "modify", "reason": "Forged"},
            "integrity.measure": {"risk_id": rec["integrity.risk"].id, "name": "New measure",
                                  "responsible_id": rec["person"].id, "deadline": date(2013, 6, 30)},
            "integrity.inspection": {"unit_id": unit.id, "date": date(2013, 10, 1)},
            "integrity.inspection.finding": {"inspection_id": rec["integrity.inspection"].id,
                                             "measure_id": rec["integrity.measure"].id},
            "integrity.assessment": {"unit_id": unit.id, "date": date(2013, 12, 7)},
            "integrity.calendar.event": {"kind": "phase", "date": date(2013, 1, 1), "campaign_id": self.campaign.id},
            "integrity.assessment.line": {"assessment_id": rec["draft_assessment"].id,
                                          "criterion_id": self.env.ref(
                                              "integrity_risk.assessment_criterion_organisation").id},
            "integrity.meeting": {"unit_id": unit.id, "kind": "mobilisation", "name": "Mobilisation"},
            "integrity.scope.exception": {"unit_id": unit.id, "employee_id": unit.leader_id.id, "kind": "exclude",
                                          "reason": "On leave"},
            "integrity.personnel.change": {"campaign_id": self.campaign.id, "employee_id": rec["person"].id,
                                           "kind": "left", "cause": "hr"},
            "integrity.print.job": {"name": "Forged", "res_ids": unit.ids,
                                    "report_id": self.env.ref("integrity_risk.action_xlsx_annex_3").id},
            "integrity.reminder": {"unit_id": unit.id, "deadline": date(2014, 1, 1)},
        }[model]

    def _record_to_delete(self, model, scope):
        """A record of the model that its rightful owner could delete, made for the case."""
        rec = self.rec[scope]
        if model == "integrity.campaign":
            return self.env[model].create({"name": "To delete", "year": 2040})
        if model in ("integrity.assessment", "integrity.assessment.line"):
            draft = rec["draft_assessment"]
            return draft if model == "integrity.assessment" else draft.line_ids[0]
        if model == "integrity.self.check":
            employee = self.env["hr.employee"].create({"name": "Newcomer", "department_id": rec[
                "integrity.unit"].department_id.id, "cadre_rank": "section"})
            rec["integrity.unit"]._as_process().write({"scope_employee_ids": [Command.link(employee.id)]})
            return self.env[model].create({"unit_id": rec["integrity.unit"].id, "employee_id": employee.id})
        if model == "integrity.submission":
            return rec["integrity.unit"]._submission_for("summary")
        if model == "integrity.unit":
            department = self.env["hr.department"].create({"name": f"Deleted {scope}"})
            return self.env[model].create({"campaign_id": self.campaign.id, "department_id": department.id})
        if model == "integrity.risk":
            return self.env[model].create({"unit_id": rec["integrity.unit"].id, "job_id": rec["job"].id,
                                           "name": "Found twice"})
        if model == "integrity.measure":
            return self.env[model].create({"risk_id": rec["integrity.risk"].id, "name": "Spare measure",
                                           "responsible_id": rec["person"].id, "deadline": date(2013, 6, 30)})
        if model == "integrity.campaign.phase":
            return self.campaign.phase_ids.filtered(lambda p: p.code == "inspection")
        if model == "integrity.measure.kind":
            return self.env[model].create({"name": "Spare kind", "category": "power"})
        if model == "integrity.assessment.scheme":
            return self.env[model].create({"name": "Spare scheme"})
        if model == "integrity.assessment.criterion":
            return self.env[model].create({"scheme_id": self.env.ref("integrity_risk.assessment_scheme_plan").id,
                                           "name": "Spare criterion", "max_score": 5})
        if model == "integrity.grading.config":
            return self.env["integrity.campaign"].create({"name": "Spare", "year": 2036}).grading_config_id
        return rec[model]

    def _attempt(self, model, operation, scope, user):
        """Try the operation as the user; return True if it went through, False if it was refused."""
        if operation == "read":
            record = self.rec[scope][model].with_user(user)
            attempt = lambda: record.read(["display_name"])  # noqa: E731
        elif operation == "write":
            values, record = self._write_values(model, scope)
            attempt = lambda: record.with_user(user).write(values)  # noqa: E731
        elif operation == "create":
            values = self._create_values(model, scope)
            attempt = lambda: self.env[model].with_user(user).create(values)  # noqa: E731
        else:
            record = self._record_to_delete(model, scope)
            attempt = lambda: record.with_user(user).unlink()  # noqa: E731
        try:
            with self.env.cr.savepoint():
                attempt()
                self.env.flush_all()
        except REFUSED:
            return False
        finally:
            self.env.invalidate_all()
        return True

    def test_access_matrix(self):
        cases = 0
        for model, operations in MATRIX.items():
            for operation in ("read", "write", "create", "unlink"):
                expected = operations.get(operation, NOBODY)
                for scope in (OWN, OTHER):
                    for role in ROLES:
                        allowed = role in expected[scope]
                        with self.subTest(model=model, operation=operation, scope=scope, role=role,
                                          expected="allowed" if allowed else "refused"):
                            with self.env.cr.savepoint(flush=False) as savepoint:
                                result = self._attempt(model, operation, scope, self.users[role])
                                savepoint.rollback()
                            self.assertEqual(result, allowed)
                        cases += 1
        self.assertGreaterEqual(cases, 600)
