"""A logged-in but hostile user, through the web client's own JSON-RPC (/web/dataset/call_kw, /web/content).

Each attempt is one the office's trust depends on: the client chooses the context, the values and the ids.
Every one is refused with a message, and the database shows nothing changed.
"""

import json
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, tagged

from .test_access_matrix import OTHER, OWN, UniversityCase

# context keys a client may try, including the names older versions used as switches
HOSTILE_CONTEXT = {"integrity_workflow": True, "integrity_adjustment": True, "integrity_process_token": True,
                   "integrity_adjustment_token": True, "tracking_disable": True, "active_test": False}


@tagged("post_install", "-at_install")
class TestHostileClient(HttpCase, UniversityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rec = cls.rec[OWN]
        # unit A's register submitted and filed, its annex 4 package prepared, a done inspection
        cls.filed = rec["integrity.unit"].submission_ids.filtered(lambda s: s.deliverable == "working_group")
        cls.risk = rec["integrity.risk"]
        cls.env["integrity.submission"].browse(rec["integrity.submission"].id)._as_process().write(
            {"state": "filed", "risk_ids": [Command.set(cls.risk.ids)], "filed_date": date(2013, 4, 1)})
        cls.inspection = rec["integrity.inspection"]
        cls.inspection.finding_ids.write({"result": "carried_out"})
        cls.inspection.action_done()

    def rpc(self, login, model, method, args, kwargs=None, context=None):
        """Call a model method as the web client does; return (result, error message)."""
        self.authenticate(login, login)
        response = self.url_open(f"/web/dataset/call_kw/{model}/{method}", data=json.dumps({
            "jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                "model": model, "method": method, "args": args,
                "kwargs": dict(kwargs or {}, context=dict(HOSTILE_CONTEXT, **(context or {})))}}),
            headers={"Content-Type": "application/json"})
        body = response.json()
        if "error" in body:
            return None, body["error"]["data"]["message"]
        return body["result"], None

    def assertRefused(self, login, model, method, args, kwargs=None, pattern=None):
        result, error = self.rpc(login, model, method, args, kwargs)
        self.assertIsNotNone(error, f"{login}: {model}.{method}{args} went through: {result}")
        if pattern:
            self.assertRegex(error, pattern)
        return error

    # --- the context switches nothing off ------------------------------------------------------

    def test_context_keys_lift_no_guard(self):
        rec = self.rec[OWN]
        package = rec["integrity.submission"]
        draft = rec["integrity.unit"]._submission_for("summary")
        check = rec["integrity.self.check"]
        self.assertRefused("ir_unit_a", "integrity.submission", "write", [draft.ids, {"state": "filed"}],
                           pattern="steps of the process")
        self.assertRefused("ir_unit_a", "integrity.unit", "write", [rec["integrity.unit"].ids,
                                                                    {"current_phase": "done"}])
        self.assertRefused("ir_unit_a", "integrity.risk", "write", [self.risk.ids, {"name": "Softened"}],
                           pattern="through an adjustment")
        self.assertRefused("ir_unit_a", "integrity.inspection", "write", [self.inspection.ids, {"state": "draft"}])
        self.assertRefused("ir_cadre", "integrity.self.check", "write", [check.ids, {"state": "accepted"}])
        self.assertRefused("ir_cadre", "integrity.measure", "write", [rec["integrity.measure"].ids,
                                                                     {"state": "done"}])
        done = rec["integrity.assessment"]
        self.assertRefused("ir_leader", "integrity.assessment", "write", [done.ids, {"comments": "<p>Rewritten</p>"}])
        self.assertRefused("ir_leader", "integrity.assessment.line", "write", [done.line_ids[:1].ids, {"score": 0}])
        self.assertEqual((draft.state, package.state, check.state, self.inspection.state, done.state),
                         ("draft", "filed", "draft", "done", "done"))
        self.assertEqual(self.risk.name, "Cash handled alone")
        self.assertEqual(rec["integrity.unit"].current_phase, "identification")

    def test_create_is_guarded_like_write(self):
        rec = self.rec[OWN]
        unit = rec["integrity.unit"]
        self.assertRefused("ir_unit_a", "integrity.submission", "create",
                           [{"unit_id": unit.id, "deliverable": "summary", "state": "filed"}],
                           pattern="set by the process")
        self.assertRefused("ir_cadre", "integrity.self.check", "create",
                           [{"unit_id": unit.id, "employee_id": self.cadre_a.id, "job_id": self.job_head.id,
                             "state": "accepted"}])
        self.assertRefused("ir_leader", "integrity.assessment.line", "create",
                           [{"assessment_id": rec["integrity.assessment"].id, "criterion_id": self.env.ref(
                               "integrity_risk.assessment_criterion_summary").id, "score": 10}],
                           pattern="no longer change")
        self.assertRefused("ir_leader", "integrity.assessment", "create",
                           [{"unit_id": unit.id, "date": "2013-12-31", "state": "done"}])
        self.assertRefused("ir_unit_a", "integrity.risk", "create",
                           [{"unit_id": unit.id, "job_id": self.job_head.id, "name": "Carried", "state": "confirmed",
                             "self_check_line_id": rec["integrity.self.check.line"].id}])
        self.assertFalse(self.env["integrity.submission"].search([("unit_id", "=", unit.id),
                                                                  ("deliverable", "=", "summary")]))
        # defaults slipped into the context fill nothing the process sets
        created, error = self.rpc("ir_unit_a", "integrity.submission", "create",
                                  [{"unit_id": unit.id, "deliverable": "summary"}],
                                  context={"default_state": "filed", "default_filed_date": "2013-01-01",
                                           "default_company_id": self.foreign.company_id.id})
        self.assertIsNone(error)
        package = self.env["integrity.submission"].browse(created)
        self.assertEqual((package.state, package.filed_date, package.company_id), ("draft", False, self.company))

    # --- frozen files are read by who may read their unit ------------------------------------------

    def test_frozen_files_of_another_unit_stay_closed(self):
        other_file = self.rec[OTHER]["integrity.submission.file"]
        self.authenticate("ir_cadre", "ir_cadre")
        for url in (f"/web/content/integrity.submission.file/{other_file.id}/datas",
                    f"/web/content/{other_file.attachment_id.id}",
                    f"/web/content/ir.attachment/{other_file.attachment_id.id}/raw"):
            response = self.url_open(url)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotIn(b"%PDF", response.content)
        result, _error = self.rpc("ir_cadre", "integrity.submission.file", "search_read", [[]], {"fields": ["name"]})
        own_files = self.rec[OWN]["integrity.submission.file"].round_id.file_ids
        self.assertEqual({row["id"] for row in result}, set(own_files.ids), "only the files of the cadre's unit")
        self.assertRefused("ir_cadre", "ir.attachment", "read", [other_file.attachment_id.ids, ["raw"]])
        # the working group of the unit reads its own frozen file
        self.authenticate("ir_unit_a", "ir_unit_a")
        own = self.url_open(f"/web/content/integrity.submission.file/{own_files[0].id}/datas")
        self.assertEqual(own.status_code, 200)

    def test_cadres_do_not_read_other_units_inspections(self):
        result, _error = self.rpc("ir_cadre", "integrity.inspection", "search_read", [[]], {"fields": ["unit_id"]})
        self.assertEqual({row["unit_id"][0] for row in result}, {self.unit_a.id})
        self.assertRefused("ir_cadre", "integrity.inspection", "read",
                           [self.rec[OTHER]["integrity.inspection"].ids, ["note"]])

    # --- nobody reviews themselves, nobody moves a record out of its place ---------------------------

    def test_no_self_review(self):
        rec = self.rec[OWN]
        check = rec["integrity.self.check"]
        self.assertRefused("ir_cadre", "integrity.self.check", "write", [check.ids, {"reviewer_id": self.cadre_a.id}])
        self.assertRefused("ir_leader_a", "integrity.unit", "write",
                           [self.unit_a.ids, {"supervisor_id": self.head_a.id}], pattern="office")
        self.assertRefused("ir_unit_a", "integrity.unit", "write", [self.unit_a.ids, {"leader_id": self.liaison_a.id}])
        self.assertEqual((check.reviewer_id, self.unit_a.supervisor_id, self.unit_a.leader_id),
                         (self.head_a, self.supervisor_a, self.head_a))
        # the leader's own form goes to the supervising leader, never to himself
        own = self.env["integrity.self.check"].search([("unit_id", "=", self.unit_a.id),
                                                      ("employee_id", "=", self.head_a.id)])
        self.assertEqual(own.reviewer_id, self.supervisor_a)

    def test_records_stay_where_they_were_created(self):
        rec, other = self.rec[OWN], self.rec[OTHER]
        attempts = [
            ("ir_cadre", "integrity.self.check", rec["integrity.self.check"], {"unit_id": self.unit_b.id}),
            ("ir_cadre", "integrity.self.check", rec["integrity.self.check"], {"employee_id": self.liaison_a.id}),
            ("ir_cadre", "integrity.self.check.line", rec["integrity.self.check.line"],
             {"self_check_id": other["integrity.self.check"].id}),
            ("ir_unit_a", "integrity.measure", rec["integrity.measure"], {"risk_id": other["integrity.risk"].id}),
            ("ir_unit_a", "integrity.measure", rec["integrity.measure"], {"unit_id": self.unit_b.id}),
            ("ir_unit_a", "integrity.objection", rec["integrity.objection"],
             {"submission_id": other["publicity"].id}),
            ("ir_unit_a", "integrity.submission", rec["publicity"], {"unit_id": self.unit_b.id}),
            ("ir_unit_a", "integrity.inspection", rec["integrity.inspection"], {"unit_id": self.unit_b.id}),
            ("ir_unit_a", "integrity.unit", rec["integrity.unit"], {"user_ids": [Command.link(self.unit_b_user.id)]}),
        ]
        for login, model, record, values in attempts:
            with self.subTest(model=model, values=values):
                self.assertRefused(login, model, "write", [record.ids, values])
        self.assertEqual(rec["integrity.self.check"].unit_id, self.unit_a)
        self.assertEqual(rec["integrity.measure"].risk_id, rec["integrity.risk"])
        self.assertNotIn(self.unit_b_user, self.unit_a.user_ids)

    def test_working_group_adds_only_its_own_people(self):
        self.assertRefused("ir_unit_a", "integrity.unit", "write",
                           [self.unit_a.ids, {"member_ids": [Command.link(self.head_b.id)]}], pattern="only the office")
        self.assertNotIn(self.head_b, self.unit_a.member_ids)

    # --- filed means frozen --------------------------------------------------------------------

    def test_filed_package_is_frozen(self):
        package = self.rec[OWN]["integrity.submission"]
        snapshot = self.env["ir.attachment"].create({"name": "annex.pdf", "raw": b"%PDF snapshot",
                                                     "res_model": "integrity.submission", "res_id": package.id})
        package._as_process().write({"publicity_snapshot_ids": [Command.set(snapshot.ids)]})
        for values in ({"filed_date": "2013-01-01"}, {"summary": "<p>New</p>"}, {"publicity_place": "Nowhere"},
                       {"publicity_document_ids": [Command.clear()]}, {"publicity_snapshot_ids": [Command.clear()]}):
            with self.subTest(values=values):
                self.assertRefused("ir_unit_a", "integrity.submission", "write", [package.ids, values])
        self.assertRefused("ir_unit_a", "ir.attachment", "unlink", [snapshot.ids])
        self.assertRefused("ir_unit_a", "ir.attachment", "write", [snapshot.ids, {"datas": "Zm9yZ2Vk"}])
        frozen = self.filed.round_ids.file_ids.attachment_id
        self.assertRefused("ir_unit_a", "ir.attachment", "unlink", [frozen.ids])
        self.assertEqual(snapshot.raw, b"%PDF snapshot")
        self.assertTrue(frozen.exists())

    def test_publicity_cannot_be_shortened_nor_objections_rewritten(self):
        publicity = self.rec[OWN]["publicity"]
        publicity._as_process().write({"publicity_start": "2013-06-01", "publicity_end": "2013-06-08"})
        self.assertRefused("ir_unit_a", "integrity.submission", "write", [publicity.ids,
                                                                          {"publicity_end": "2013-06-02"}])
        objection = self.rec[OWN]["integrity.objection"]
        self.assertRefused("ir_unit_a", "integrity.objection", "write", [objection.ids, {"text": "No objection."}])
        self.assertRefused("ir_unit_a", "integrity.objection", "write", [objection.ids, {"author_id": 2}])
        self.assertEqual((publicity.publicity_end, objection.text, objection.author_id),
                         (date(2013, 6, 8), "The cash risk is graded too low.", self.cadre))

    def test_done_inspection_findings_stay(self):
        finding = self.inspection.finding_ids
        self.assertRefused("ir_unit_a", "integrity.inspection.finding", "write",
                           [finding.ids, {"result": "ineffective"}], pattern="no longer change")
        self.assertRefused("ir_unit_a", "integrity.inspection", "unlink", [self.inspection.ids],
                           pattern="never deleted")
        self.assertEqual(finding.result, "carried_out")
        self.assertTrue(self.inspection.exists())

    def test_readers_do_not_mark_the_register(self):
        self.assertRefused("ir_cadre", "integrity.campaign", "action_compare_previous_year", [self.campaign.ids])
        self.assertRefused("ir_leader", "integrity.campaign", "action_compare_previous_year", [self.campaign.ids])
        self.assertFalse(self.risk.year_change)

    # --- what users write is sanitized; what the system drafts is rendered from data -------------------

    def test_stored_html_comes_back_escaped(self):
        summary = self.unit_a._submission_for("summary")
        self.assertRefused("ir_unit_a", "integrity.submission", "write",
                           [summary.ids, {"summary_figures": "<img src=x onerror=alert(1)>"}])
        _result, error = self.rpc("ir_unit_a", "integrity.submission", "write",
                                  [summary.ids, {"summary": "<p>Done</p><img src=x onerror=alert(1)>"}])
        self.assertIsNone(error)
        result, _error = self.rpc("ir_office", "integrity.submission", "read", [summary.ids,
                                                                               ["summary", "summary_figures"]])
        self.assertNotIn("onerror", result[0]["summary"])
        self.assertNotIn("onerror", result[0]["summary_figures"])
        self.assertIn("Risk points:", result[0]["summary_figures"])

    # --- attachments are not taken over by id ----------------------------------------------------

    def test_adjustment_takes_no_foreign_attachment(self):
        foreign_file = self.rec[OTHER]["integrity.submission.file"].attachment_id
        hr_document = self.env["ir.attachment"].create({"name": "contract.pdf", "raw": b"%PDF contract",
                                                        "res_model": "hr.employee", "res_id": self.head_b.id})
        for attachment in (foreign_file, hr_document):
            with self.subTest(attachment=attachment.name):
                wizard, error = self.rpc("ir_unit_a", "integrity.risk.adjust", "create", [{
                    "kind": "modify", "risk_id": self.risk.id, "unit_id": self.unit_a.id, "reason": "Charts",
                    "duty": "New duty", "flow_chart_ids": [Command.set(attachment.ids)]}])
                if error is None:
                    self.assertRefused("ir_unit_a", "integrity.risk.adjust", "action_apply", [[wizard]])
                self.assertNotEqual(attachment.res_model, "integrity.unit")
                self.assertNotIn(attachment, self.unit_a.flow_chart_ids)
        self.assertFalse(self.env["integrity.adjustment"].search([("reason", "=", "Charts")]))

    def test_adjustment_writes_no_other_units_finding(self):
        other_finding = self.rec[OTHER]["integrity.inspection.finding"]
        wizard, error = self.rpc("ir_unit_a", "integrity.risk.adjust", "create", [{
            "kind": "modify", "risk_id": self.risk.id, "unit_id": self.unit_a.id, "reason": "Regraded",
            "level": "medium", "level_reason": "Fewer payments", "finding_id": other_finding.id}])
        if error is None:
            self.assertRefused("ir_unit_a", "integrity.risk.adjust", "action_apply", [[wizard]])
        self.assertFalse(other_finding.adjustment_id)
        self.assertEqual(self.risk.level, "high")

    # --- privacy --------------------------------------------------------------------------------

    def test_party_membership_is_not_public(self):
        self.assertRefused("ir_cadre", "hr.employee.public", "search_read", [[]], {"fields": ["political_status"]})
        self.assertRefused("ir_unit_a", "hr.employee", "read", [self.head_b.ids, ["political_status"]])
        result, error = self.rpc("ir_office", "hr.employee.public", "read", [self.head_b.ids, ["political_status"]])
        self.assertIsNone(error)
        self.assertEqual(result[0]["political_status"], "cpc")

    # --- found by the independent probe -----------------------------------------------------------

    def test_documents_linked_from_elsewhere_freeze_with_the_package(self):
        draft = self.unit_a._submission_for("summary")
        document, error = self.rpc("ir_unit_a", "ir.attachment", "create",
                                   [{"name": "report.pdf", "datas": "JVBERg=="}])
        self.assertIsNone(error)
        self.rpc("ir_unit_a", "integrity.submission", "write", [draft.ids, {"summary": "<p>Report</p>",
                                                                            "document_ids": [Command.set([document])]}])
        draft._as_process().write({"state": "submitted"})
        self.assertRefused("ir_unit_a", "ir.attachment", "write", [[document], {"datas": "Zm9yZ2Vk"}],
                           pattern="never changes")
        self.assertRefused("ir_unit_a", "ir.attachment", "unlink", [[document]])
        self.assertEqual(self.env["ir.attachment"].browse(document).raw, b"%PDF")

    def test_history_of_filed_records_is_never_deleted(self):
        package = self.rec[OWN]["integrity.submission"]
        note = package.message_post(body="Filed by the office: complete.")
        self.assertRefused("ir_unit_a", "mail.message", "unlink", [note.ids], pattern="never deleted")
        self.assertRefused("ir_unit_a", "mail.message", "unlink", [self.risk.message_ids.ids])
        self.assertRefused("ir_unit_a", "mail.message", "write", [note.ids, {"body": "<p>rewritten</p>"}],
                           pattern="never rewritten")
        self.assertTrue(note.exists())
        self.assertIn("Filed by the office", note.body)

    def test_refusals_name_no_foreign_file(self):
        hr_document = self.env["ir.attachment"].create({"name": "SECRET-contract.pdf", "raw": b"%PDF",
                                                        "res_model": "hr.employee", "res_id": self.head_b.id})
        wizard, _error = self.rpc("ir_unit_a", "integrity.risk.adjust", "create", [{
            "kind": "modify", "risk_id": self.risk.id, "unit_id": self.unit_a.id, "reason": "Charts",
            "duty": "New duty", "flow_chart_ids": [Command.set(hr_document.ids)]}])
        error = self.assertRefused("ir_unit_a", "integrity.risk.adjust", "action_apply", [[wizard]])
        self.assertNotIn("SECRET", error)

    def test_colleagues_do_not_read_who_is_in_scope(self):
        self.assertRefused("ir_cadre", "integrity.unit", "read", [self.unit_a.ids, ["scope_employee_ids"]])
        result, error = self.rpc("ir_cadre", "integrity.unit", "read", [self.unit_a.ids, ["name", "scope_count"]])
        self.assertIsNone(error)
        self.assertEqual(result[0]["scope_count"], len(self.unit_a.scope_employee_ids))

    def test_working_group_names_only_its_own_people(self):
        rec = self.rec[OWN]
        self.assertRefused("ir_unit_a", "integrity.measure", "write",
                           [rec["integrity.measure"].ids, {"responsible_id": self.head_b.id}],
                           pattern="only the office")
        self.assertRefused("ir_unit_a", "integrity.risk", "create", [{
            "unit_id": self.unit_a.id, "job_id": self.job_head.id, "name": "Shared", "employee_ids": [Command.set([
                self.head_b.id])]}])
        self.assertRefused("ir_unit_a", "integrity.inspection", "create", [{
            "unit_id": self.unit_a.id, "date": "2013-10-01", "inspector_ids": [Command.set([self.liaison_b.id])]}])
        self.assertEqual(rec["integrity.measure"].responsible_id, self.cadre_a)

    def test_no_answer_about_other_units_packages(self):
        error = self.assertRefused("ir_unit_a", "integrity.submission", "create",
                                   [{"unit_id": self.unit_b.id, "deliverable": "working_group"}])
        self.assertNotIn("one submission per deliverable", error)

    def test_helpers_taking_record_sets_are_not_remote(self):
        for model, method, args in (("integrity.annex", "xlsx", [3, self.unit_a.ids]),
                                    ("integrity.annex", "annex3_tables", [self.unit_a.ids]),
                                    ("integrity.assessment.export", "unit_rows", [self.campaign.id])):
            with self.subTest(method=method):
                error = self.assertRefused("ir_leader", model, method, args)
                self.assertNotIn("AttributeError", error)

    def test_filed_measures_keep_their_order(self):
        measure = self.rec[OWN]["integrity.measure"]
        measures = self.rec[OWN]["integrity.unit"]._submission_for("measures")
        measures._as_process().write({"state": "filed", "measure_ids": [Command.set(measure.ids)]})
        self.assertRefused("ir_unit_a", "integrity.measure", "write", [measure.ids, {"sequence": 99}],
                           pattern="filed with the office")

