from odoo.exceptions import ValidationError
from odoo.tests import BaseCase, tagged

from odoo.addons.integrity_risk.models.grading import GradingRules, is_below, suggest, weighted_score

from .common import IntegrityCase

PLAN_RULES = GradingRules(
    weights={"importance": 0.25, "frequency": 0.15, "discretion": 0.2, "probability": 0.2, "harm": 0.2},
    high_threshold=3.5,
    medium_threshold=2.5,
    forcing_flags=frozenset({"major_matter", "resource_allocation"}),
)
ALL = ("importance", "frequency", "discretion", "probability", "harm")


def scores(*values):
    return dict(zip(ALL, values, strict=True))


@tagged("post_install", "-at_install")
class TestGradingRules(BaseCase):
    """The pure grading functions, without the database."""

    def test_weighted_score(self):
        self.assertEqual(weighted_score(scores(5, 1, 3, 3, 3), PLAN_RULES.weights), 3.2)
        self.assertIsNone(weighted_score(scores(5, None, 3, 3, 3), PLAN_RULES.weights))
        # a factor weighted zero needs no score
        self.assertEqual(weighted_score(scores(4, None, 4, 4, 4), dict(PLAN_RULES.weights, frequency=0)), 4.0)

    def test_thresholds_are_inclusive(self):
        self.assertEqual(suggest(scores(4, 3, 3, 4, 3), {}, PLAN_RULES).level, "medium")  # 3.45
        self.assertEqual(suggest(scores(5, 3, 3, 3, 3), {}, PLAN_RULES).level, "high")  # exactly 3.5
        self.assertEqual(suggest(scores(3, 3, 3, 3, 3), {}, PLAN_RULES).level, "medium")
        self.assertEqual(suggest(scores(2, 3, 3, 2, 3), {}, PLAN_RULES).level, "medium")  # exactly 2.55
        self.assertEqual(suggest(scores(2, 2, 2, 2, 2), {}, PLAN_RULES).level, "low")
        at_high = GradingRules(weights={"importance": 1}, high_threshold=4, medium_threshold=2)
        self.assertEqual(suggest({"importance": 4}, {}, at_high).level, "high")
        self.assertEqual(suggest({"importance": 2}, {}, at_high).level, "medium")
        self.assertEqual(suggest({"importance": 1}, {}, at_high).level, "low")

    def test_forcing_flags_make_high_whatever_the_score(self):
        suggestion = suggest(scores(1, 1, 1, 1, 1), {"major_matter": True}, PLAN_RULES)
        self.assertEqual((suggestion.level, suggestion.forced_by), ("high", ("major_matter",)))
        # without any score the flag still decides
        self.assertEqual(suggest({}, {"resource_allocation": True}, PLAN_RULES).level, "high")
        # a flag the rules do not count as forcing changes nothing
        self.assertEqual(suggest(scores(1, 1, 1, 1, 1), {"past_problem": True}, PLAN_RULES).level, "low")

    def test_missing_factors_suggest_nothing(self):
        suggestion = suggest(scores(5, 5, None, 5, None), {}, PLAN_RULES)
        self.assertIsNone(suggestion.level)
        self.assertEqual(suggestion.missing, ("discretion", "harm"))
        self.assertEqual(suggestion.reasons(PLAN_RULES), [["missing", ["discretion", "harm"]]])

    def test_is_below(self):
        self.assertTrue(is_below("low", "high"))
        self.assertTrue(is_below("medium", "high"))
        self.assertFalse(is_below("high", "medium"))
        self.assertFalse(is_below("low", False))


@tagged("post_install", "-at_install")
class TestRiskGrading(IntegrityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.campaign.grading_config_id
        cls.Risk = cls.env["integrity.risk"].with_user(cls.unit_a_user)

    def new_risk(self, **values):
        return self.Risk.create(dict({
            "unit_id": self.unit_a.id, "job_id": self.job_cashier.id, "name": "Cash handled by one person",
            "category": "power",
        }, **values))

    def test_campaign_gets_the_plans_default_rules(self):
        self.assertEqual(len(self.config), 1)
        self.assertEqual((self.config.high_threshold, self.config.medium_threshold), (3.5, 2.5))
        self.assertTrue(self.config.major_matter_forces_high)
        self.assertTrue(self.config.resource_allocation_forces_high)
        self.assertFalse(self.config.past_problem_forces_high)

    def test_score_suggests_level_and_explains_it(self):
        risk = self.new_risk(importance="4", frequency="4", discretion="4", probability="4", harm="4")
        self.assertEqual(risk.grading_score, 4.0)
        self.assertEqual(risk.suggested_level, "high")
        self.assertEqual(risk.level, "high", "a new point takes the suggested level")
        self.assertEqual(risk.grading_explanation, "High: weighted score 4.00 ≥ 3.50")
        risk.write({"importance": "2", "frequency": "2", "discretion": "3", "probability": "3", "harm": "3"})
        self.assertEqual(risk.suggested_level, "medium")
        self.assertEqual(risk.grading_explanation, "Medium: weighted score 2.60 ≥ 2.50 and < 3.50")
        self.assertEqual(risk.level, "high", "the final level is not changed behind the user's back")

    def test_forcing_flag_explained(self):
        risk = self.new_risk(major_matter=True, importance="1", frequency="1", discretion="1", probability="1",
                             harm="1")
        self.assertEqual(risk.suggested_level, "high")
        self.assertEqual(risk.grading_explanation, "High: Major Matter (三重一大); weighted score 1.00 < 2.50")

    def test_incomplete_inputs_explained(self):
        risk = self.new_risk(importance="3")
        self.assertFalse(risk.suggested_level)
        self.assertIn("not graded yet", risk.grading_explanation)
        self.assertIn("Degree of Harm", risk.grading_explanation)

    def test_level_below_suggestion_needs_reason(self):
        risk = self.new_risk(resource_allocation=True)
        self.assertEqual(risk.suggested_level, "high")
        with self.assertRefused(ValidationError, "below the suggested level"):
            risk.write({"level": "low"})
        risk.invalidate_recordset()
        self.assertEqual(risk.level, "high")
        with self.assertRefused(ValidationError, "below the suggested level"):
            risk.write({"level": "low", "level_reason": "   "})
        risk.write({"level": "low", "level_reason": "Amounts under 500 yuan, checked weekly by the head."})
        self.assertEqual(risk.level, "low")
        self.assertFalse(risk.needs_reason)
        with self.assertRefused(ValidationError, "below the suggested level"):
            self.Risk.create({"unit_id": self.unit_a.id, "job_id": self.job_cashier.id, "name": "Second",
                              "major_matter": True, "level": "medium"})

    def test_configuration_changes_re_suggest(self):
        risk = self.new_risk(importance="4", frequency="3", discretion="4", probability="3", harm="4")
        self.assertEqual(risk.suggested_level, "high")  # 3.65
        self.config.with_user(self.office).write({"high_threshold": 4.0})
        self.assertEqual(risk.suggested_level, "medium")
        flagged = self.new_risk(past_problem=True)
        self.assertFalse(flagged.suggested_level)
        self.config.with_user(self.office).past_problem_forces_high = True
        self.assertEqual(flagged.suggested_level, "high")
        self.config.with_user(self.office).write({"harm_weight": 0, "discretion_weight": 0})
        self.assertEqual(risk.grading_score, 3.42)  # (4*.25 + 3*.15 + 3*.2) / .6

    def test_a_rule_change_that_puts_a_point_below_its_suggestion_is_flagged_not_refused(self):
        risk = self.new_risk(past_problem=True, level="low")
        self.config.with_user(self.office).past_problem_forces_high = True
        self.assertTrue(risk.needs_reason)

    def test_scores_outside_one_to_five_refused(self):
        risk = self.new_risk(importance="3")
        for bad in ("0", "6", "x"):
            with self.assertRefused(ValidationError, "scored from 1 to 5"):
                risk.write({"importance": bad})
        risk.invalidate_recordset()
        self.assertEqual(risk.importance, "3")
        with self.assertRefused(ValidationError, "scored from 1 to 5"):
            self.new_risk(harm="9")

    def test_empty_content_refused(self):
        with self.assertRefused(ValidationError, "needs its content"):
            self.new_risk(name="   ")

    def test_bad_rules_refused(self):
        config = self.config.with_user(self.office)
        with self.assertRefused(ValidationError, "medium ≤ high"):
            config.write({"medium_threshold": 4.0, "high_threshold": 3.0})
        with self.assertRefused(ValidationError, "must not be negative"):
            config.write({"harm_weight": -1})
        with self.assertRefused(ValidationError, "at least one"):
            config.write({f"{f}_weight": 0 for f in ALL})
        config.invalidate_recordset()
        self.assertEqual(config.high_threshold, 3.5)

    def test_only_the_office_edits_rules(self):
        from odoo.exceptions import AccessError

        for user in (self.unit_a_user, self.cadre, self.leader):
            with self.assertRaises(AccessError):
                self.config.with_user(user).write({"high_threshold": 4.5})
        self.assertEqual(self.config.with_user(self.leader).high_threshold, 3.5)

    def test_rules_follow_the_campaign_to_next_year(self):
        self.config.write({"high_threshold": 4.2, "past_problem_forces_high": True})
        action = self.campaign.action_copy_next_year()
        new_config = self.env["integrity.campaign"].browse(action["res_id"]).grading_config_id
        self.assertEqual(len(new_config), 1)
        self.assertNotEqual(new_config, self.config)
        self.assertEqual((new_config.high_threshold, new_config.past_problem_forces_high), (4.2, True))
