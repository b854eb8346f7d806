"""The process table is the law: each step is refused to every role but those it names, whatever the client sends."""

import re
from pathlib import Path

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models import integrity_process as process
from .test_access_matrix import OWN, UniversityCase

README = Path(__file__).resolve().parent.parent / "README.md"


@tagged("post_install", "-at_install")
class TestProcessTable(UniversityCase):
    """Every user of the fixture, with the roles the plan gives them on unit A's records."""

    # the test's own statement of who is who on unit A's records (not read from the code under test)
    ROLES_OF = {
        "office": {process.OFFICE},
        "leading_group": {process.LEADING_GROUP},
        "unit": {process.UNIT},
        # the cadre holds the self-check, is responsible for the measure and wrote the objection
        "holder": {process.HOLDER, process.RESPONSIBLE, process.AUTHOR},
        # unit A's leader: in its working group, and reviewer of the cadre's self-check
        "reviewer": {process.UNIT, process.REVIEWER},
        "supervisor": {process.SUPERVISOR},
        "other_company": set(),
    }
    # arguments of the steps that take them
    ARGS = {("integrity.self.check", "return"): ("Add the seal.",),
            ("integrity.submission", "file"): ("Complete.",),
            ("integrity.submission", "return"): ("Grade it higher.",),
            ("integrity.submission", "reject"): ("Grade it higher.",),
            ("integrity.measure", "return"): ("Say who checks the count.",)}

    def _record_for(self, step):
        """Unit A's record of the step's model, put in a state the step starts from."""
        rec = self.rec[OWN]
        model = step.model
        if model == "integrity.assessment":
            record = rec["integrity.assessment"] if step.name == "reopen" else rec["draft_assessment"]
        elif model == "integrity.submission" and step.name in ("file", "return", "verify_files"):
            record = rec["integrity.unit"].submission_ids.filtered(lambda s: s.deliverable == "working_group")
        elif model == "integrity.submission" and step.name == "submit":
            record = rec["publicity"]
        else:
            record = rec[model]
        if model == "integrity.measure" and step.name == "propose":  # the holder's own proposal, returned
            record._as_process().write({"proposed_by_id": rec["person"].id})
        if step.moves_state and record[step.field] not in step.sources:
            record._as_process().write({step.field: step.sources[0]})
        return record

    def _take(self, record, step, user):
        record = record.with_user(user)
        method = getattr(record, f"action_{step.name}", None)
        if method is None:  # a step taken through a wizard (adjustments): its check is what the wizard calls
            return record._check_step(step.name)
        return method(*self.ARGS.get((step.model, step.name), ()))

    def test_each_step_only_for_its_roles(self):
        cases = 0
        for step in process.STEPS:
            for role, user in self.users.items():
                allowed = bool(self.ROLES_OF[role] & step.roles)
                with self.subTest(step=f"{step.model}.{step.name}", role=role, allowed=allowed), \
                        self.env.cr.savepoint(flush=False) as outer:
                    record = self._record_for(step)
                    refused = None
                    try:
                        with self.env.cr.savepoint():
                            self._take(record, step, user)
                            self.env.flush_all()
                    except AccessError as error:
                        refused = error
                    except (UserError, ValidationError):  # an allowed role's unmet preconditions: other tests'
                        refused = None
                    finally:
                        outer.rollback()
                        self.env.invalidate_all()
                    if allowed:
                        self.assertIsNone(refused, f"{role} may take {step.name}")
                    else:
                        self.assertIsNotNone(refused, f"{role} may not take {step.name}")
                cases += 1
        self.assertEqual(cases, len(process.STEPS) * len(self.users))

    def test_steps_are_refused_in_a_wrong_state(self):
        check = self.rec[OWN]["integrity.self.check"]
        with self.assertRefused(Exception, "not possible on .* now"):
            check.with_user(self.leader_a_user).action_accept()  # still a draft
        self.assertEqual(check.state, "draft")

    def test_a_button_is_shown_only_to_who_may_use_it(self):
        check = self.rec[OWN]["integrity.self.check"]
        shown = {role: check.with_user(user).can_submit for role, user in self.users.items()
                 if role in ("office", "leading_group", "unit", "holder", "reviewer")}
        self.assertEqual(shown, {"office": False, "leading_group": False, "unit": False, "holder": True,
                                 "reviewer": False})
        check._as_process().write({"state": "submitted"})
        check.invalidate_recordset()
        self.assertTrue(check.with_user(self.leader_a_user).can_accept)
        self.assertFalse(check.with_user(self.cadre).can_accept, "nobody reviews their own form")
        self.assertFalse(check.with_user(self.office).can_accept)
        publicity = self.rec[OWN]["publicity"]
        may_object = {role: publicity.with_user(user).can_object for role, user in self.users.items()
                      if role != "other_company"}
        self.assertEqual(may_object, {"office": True, "leading_group": False, "unit": True, "holder": True,
                                      "reviewer": True, "supervisor": False})

    def test_every_step_has_its_button_field_or_wizard(self):
        for step in process.STEPS:
            model = self.env[step.model]
            with self.subTest(step=f"{step.model}.{step.name}"):
                if process.SYSTEM in step.roles:
                    continue
                if not step.via:
                    self.assertTrue(hasattr(model, step.entry), f"{step.entry} takes the step")
                if step.check:
                    self.assertTrue(callable(getattr(model, step.check, None)), step.check)

    def test_readme_roles_section_is_the_process_table(self):
        text = README.read_text()
        found = re.search(r"<!-- roles:begin -->\n(.*?)<!-- roles:end -->", text, re.S)
        self.assertTrue(found, "README.md has the generated Roles section")
        self.assertEqual(found.group(1), process.roles_markdown(),
                         "README.md's Roles section is stale: run `make roles`")
