"""The process of the plan, declared once: phases, deliverables, every state machine and who may act.

Pure Python, no ORM. The models read these tables through ``integrity.process.mixin``: a step is
taken only by ``_take_step``, which checks the role and the record's state before it writes; the
buttons are shown from the same tables; the README's Roles section is generated from them
(``tools/roles.py``) and the tests walk them.
"""

from dataclasses import dataclass


def _lt(text):
    """Marks a label for translation: Odoo's term export collects ``_lt`` calls; models translate it."""
    return text


# --- phases and deliverables -------------------------------------------------------------------

PHASES = [
    ("kickoff", "Kickoff"),
    ("identification", "Identification and Grading"),
    ("measures", "Control Measures"),
    ("inspection", "Inspection and Improvement"),
]
UNIT_PHASES = [*PHASES, ("done", "Completed")]
DELIVERABLES = [
    ("working_group", "Working-Group List"),
    ("identification", "Annex 2 and Annex 3"),
    ("measures", "Annex 4"),
    ("summary", "Written Summary Report"),
]
# The phase each deliverable completes; filing it opens the next phase.
PHASE_OF_DELIVERABLE = {
    "working_group": "kickoff",
    "identification": "identification",
    "measures": "measures",
    "summary": "inspection",
}
DELIVERABLE_OF_PHASE = {phase: deliverable for deliverable, phase in PHASE_OF_DELIVERABLE.items()}
NEXT_PHASE = {"kickoff": "identification", "identification": "measures", "measures": "inspection",
              "inspection": "done"}
PUBLICISED = ("identification", "measures")
# The annexes that carry 审核人（分管校领导）: the supervising university leader approves them before the office files.
SUPERVISED = ("identification", "measures")
# A package in these states is out of the unit's hands: what it covers is frozen.
CLOSED_PACKAGE_STATES = ("submitted", "approved", "filed")  # the plan publicises annexes 2, 3 and 4 inside the unit
# What a package holds once rendered: a file per report of the module (kind: report's XML id), in order; the office
# files a round only when every kind is there.
PACKAGE_FILES = {
    "working_group": {"working_group": "action_report_working_group"},
    "identification": {
        "annex_1": "action_report_unit_annex_1", "annex_2": "action_report_annex_2",
        "annex_3": "action_report_annex_3", "annex_1_xlsx": "action_xlsx_unit_annex_1",
        "annex_2_xlsx": "action_xlsx_annex_2", "annex_3_xlsx": "action_xlsx_annex_3",
    },
    "measures": {"annex_4": "action_report_annex_4", "annex_4_xlsx": "action_xlsx_annex_4"},
    "summary": {"summary": "action_report_summary"},
}

# --- roles -----------------------------------------------------------------------------------

OFFICE = "office"
LEADING_GROUP = "leading_group"
UNIT = "unit"
HOLDER = "holder"
REVIEWER = "reviewer"
SUPERVISOR = "supervisor"
RESPONSIBLE = "responsible"
AUTHOR = "author"
SYSTEM = "system"  # a consequence of another step, never taken by a user directly

# Short names for messages ("only the office may ...").
ROLE_NAMES = {
    OFFICE: _lt("the leading group's office"),
    LEADING_GROUP: _lt("the leading group"),
    UNIT: _lt("the unit's working group"),
    HOLDER: _lt("the post holder"),
    REVIEWER: _lt("the reviewer"),
    SUPERVISOR: _lt("the supervising university leader"),
    RESPONSIBLE: _lt("the person responsible"),
    AUTHOR: _lt("the author"),
    SYSTEM: _lt("the process itself"),
}
# The README's description of each role.
ROLES = {
    OFFICE: "Leading group's office (领导小组办公室, 纪委): the group Leading Group Office",
    LEADING_GROUP: "Leading group (领导小组): the group Leading Group",
    UNIT: "Working group of the record's unit (单位工作小组): its leader, members and liaison",
    HOLDER: "Post holder (岗位责任人) of the self-check, or of the risk point a measure is proposed for",
    REVIEWER: "Reviewer of the self-check (审核人): the unit leader, or the supervising leader for the "
              "unit leader's own form; never the holder",
    SUPERVISOR: "Supervising university leader (分管校领导) of the record's unit: approves its annex 2/3 and "
                "annex 4 before the office files them (一岗双责)",
    RESPONSIBLE: "Person responsible for the measure",
    AUTHOR: "Author of the objection",
    SYSTEM: "The process itself, as the consequence of another step",
}


@dataclass(frozen=True)
class Step:
    """One thing a user does to a record: ``action_<name>`` on ``model``.

    A step that moves a state names the field, the states it starts from and the state it leads to;
    ``check`` names the model's method listing what still blocks it, in the user's language.
    """

    model: str
    name: str
    roles: frozenset
    label: str
    field: str = None
    sources: tuple = ()
    target: object = None
    check: str = None
    via: str = None  # how a user takes it, when not by the model's action_<name>

    @property
    def entry(self):
        """What the README shows as the way in: the action method, a wizard, or nothing for the process."""
        if SYSTEM in self.roles:
            return None
        return self.via or f"action_{self.name}"

    @property
    def moves_state(self):
        return self.field is not None


def _step(model, name, roles, label, field=None, sources=(), target=None, check=None, via=None):
    return Step(model, name, frozenset(roles), label, field, tuple(sources), target, check, via)


CAMPAIGN, UNIT_MODEL, RISK, SELF_CHECK, SUBMISSION = (
    "integrity.campaign", "integrity.unit", "integrity.risk", "integrity.self.check", "integrity.submission")
OBJECTION, ADJUSTMENT, MEASURE, INSPECTION, FINDING, ASSESSMENT = (
    "integrity.objection", "integrity.adjustment", "integrity.measure", "integrity.inspection",
    "integrity.inspection.finding", "integrity.assessment")
PERSONNEL_CHANGE = "integrity.personnel.change"

STEPS = [
    # the campaign
    _step(CAMPAIGN, "start", {OFFICE}, _lt("Start the campaign"), "state", ("draft",), "running", "_start_problems"),
    _step(CAMPAIGN, "close", {OFFICE}, _lt("Close the campaign"), "state", ("running",), "closed"),
    _step(CAMPAIGN, "reset_to_draft", {OFFICE}, _lt("Set the campaign back to draft"), "state", ("running",), "draft"),
    _step(CAMPAIGN, "copy_next_year", {OFFICE}, _lt("Copy the campaign to the next year")),
    _step(CAMPAIGN, "compare_previous_year", {OFFICE}, _lt("Compare the register with the previous year")),
    _step(CAMPAIGN, "create_self_checks", {OFFICE}, _lt("Create the missing self-checks of every unit")),
    _step(CAMPAIGN, "verify_files", {OFFICE}, _lt("Verify the checksums of every frozen file")),
    # the unit's working group and phases
    _step(UNIT_MODEL, "report_list", {UNIT}, _lt("Report the working-group list (kickoff deliverable)")),
    _step(UNIT_MODEL, "apply_scope_rule", {OFFICE}, _lt("Apply the scope rule to the personnel in scope "
                                                         "(the office's inclusions and exclusions stay)")),
    _step(UNIT_MODEL, "create_self_checks", {UNIT, OFFICE}, _lt("Create the missing self-checks of the unit")),
    _step(UNIT_MODEL, "open_submission", {UNIT, OFFICE}, _lt("Open the unit's package for the office")),
    _step(UNIT_MODEL, "complete_review", {UNIT}, _lt("Complete the unit review (单位审查)"), "review_done",
          (False,), True, "_review_blockers"),
    _step(UNIT_MODEL, "adjust", {UNIT}, _lt("Adjust the filed register or measures (调整), reported to the office"),
          via="integrity.risk.adjust, integrity.measure.adjust"),
    _step(UNIT_MODEL, "reopen_review", {OFFICE}, _lt("Reopen the unit review"), "review_done", (True,), False),
    *(_step(UNIT_MODEL, f"open_{target}", {SYSTEM}, _lt("Open the next phase when the office files the deliverable"),
            "current_phase", (phase,), target) for phase, target in NEXT_PHASE.items()),
    # personal self-checks (annex 1)
    _step(SELF_CHECK, "submit", {HOLDER}, _lt("Submit the self-check for review"), "state", ("draft", "returned"),
          "submitted", "_submission_problems"),
    _step(SELF_CHECK, "return", {REVIEWER}, _lt("Return the self-check with a comment"), "state", ("submitted",),
          "returned"),
    _step(SELF_CHECK, "accept", {REVIEWER}, _lt("Accept the self-check: its lines enter the register"), "state",
          ("submitted",), "accepted"),
    # the risk register
    _step(RISK, "apply_suggestion", {UNIT}, _lt("Take the suggested level")),
    _step(RISK, "confirm", {SYSTEM}, _lt("Confirm the risk point (unit review complete or package filed)"), "state",
          ("draft",), "confirmed"),
    _step(RISK, "retire", {UNIT}, _lt("Retire a confirmed risk point (through an adjustment once filed)"), "state",
          ("confirmed",), "retired"),
    # packages for the office
    _step(SUBMISSION, "start_publicity", {UNIT}, _lt("Publicise the package inside the unit (公示)"), "state",
          ("draft",), "publicity", "_publicity_problems"),
    _step(SUBMISSION, "submit", {UNIT}, _lt("Submit the package to the office"), "state",
          ("draft", "publicity", "returned"), "submitted", "_submission_problems"),
    _step(SUBMISSION, "approve", {SUPERVISOR}, _lt("Approve annex 2/3 or annex 4 as the supervising university "
                                                    "leader (分管校领导审核)"), "state", ("submitted",), "approved",
          "_approval_problems"),
    _step(SUBMISSION, "reject", {SUPERVISOR}, _lt("Return the package to the working group as the supervising "
                                                   "university leader, with a comment"), "state", ("submitted",),
          "returned", "_approval_problems"),
    _step(SUBMISSION, "file", {OFFICE}, _lt("File the package (备案), with a comment"), "state",
          ("submitted", "approved"), "filed", "_filing_problems"),
    _step(SUBMISSION, "return", {OFFICE}, _lt("Return the package with a comment (退回)"), "state",
          ("submitted", "approved"), "returned"),
    _step(SUBMISSION, "verify_files", {OFFICE}, _lt("Verify the checksums of the package's frozen files")),
    _step(OBJECTION, "handle", {UNIT}, _lt("Record how an objection was handled"), "state", ("open",), "handled",
          "_handling_problems"),
    _step(ADJUSTMENT, "acknowledge", {OFFICE}, _lt("Acknowledge an adjustment"), "state", ("reported",),
          "acknowledged"),
    # people who change during the campaign (人员变动)
    _step(PERSONNEL_CHANGE, "hand_over", {UNIT, OFFICE}, _lt("Hand a leaver's measures and risk points over to "
                                                             "a successor"), "state", ("open",), "done",
          "_hand_over_problems"),
    # control measures and inspections
    _step(MEASURE, "propose", {HOLDER}, _lt("Propose a measure for one's own risk point again, after a return "
                                             "(本人提出)"), "state", ("returned",), "proposed", "_proposal_problems"),
    _step(MEASURE, "accept", {UNIT}, _lt("Accept a measure proposed by the post holder"), "state", ("proposed",),
          "planned"),
    _step(MEASURE, "return", {UNIT}, _lt("Return a proposed measure to the post holder with a comment"), "state",
          ("proposed",), "returned"),
    _step(MEASURE, "start", {RESPONSIBLE, UNIT}, _lt("Start carrying out the measure"), "state", ("planned",),
          "in_progress"),
    _step(MEASURE, "done", {RESPONSIBLE, UNIT}, _lt("Report the measure done"), "state", ("planned", "in_progress"),
          "done"),
    _step(MEASURE, "reopen", {UNIT}, _lt("Reopen a done or ineffective measure"), "state", ("done", "ineffective"),
          "in_progress"),
    _step(INSPECTION, "add_open_measures", {UNIT}, _lt("Add a finding for every measure of the unit")),
    _step(INSPECTION, "done", {UNIT}, _lt("Close the inspection: findings set the measures' status"), "state",
          ("draft",), "done", "_closing_problems"),
    _step(FINDING, "apply", {UNIT}, _lt("Carry out a finding's proposed action through an adjustment")),
    # the leading group's check
    _step(ASSESSMENT, "done", {LEADING_GROUP, OFFICE}, _lt("Finish the assessment"), "state", ("draft",), "done",
          "_closing_problems"),
    _step(ASSESSMENT, "reopen", {LEADING_GROUP, OFFICE}, _lt("Reopen a finished assessment"), "state", ("done",),
          "draft"),
]
STEP = {(step.model, step.name): step for step in STEPS}

# --- fields ----------------------------------------------------------------------------------

# Fields only the process writes (a step, or bookkeeping of one): never in a client's create or write.
INTERNAL_FIELDS = {
    CAMPAIGN: {"state", "last_escalation_date", "previous_campaign_id", "grading_config_id"},
    UNIT_MODEL: {"current_phase", "list_reported_date", "review_done", "review_date", "scope_employee_ids"},
    RISK: {"state", "active", "self_check_line_id", "predecessor_id", "year_change", "year_changed_fields"},
    SELF_CHECK: {"state", "return_comment", "reviewer_id"},
    SUBMISSION: {"state", "risk_ids", "measure_ids", "filed_date", "publicity_snapshot_ids", "summary_data",
                 "notice_sent_count"},
    "integrity.submission.round": {"number", "submitted_by_id", "submitted_on", "decision", "decided_by_id",
                                   "decided_on", "comment", "approved_by_id", "approved_on", "approval_comment"},
    "integrity.submission.file": {"name", "sha256", "attachment_id", "checked_on", "intact"},
    OBJECTION: {"state", "author_id", "handled_by_id", "handled_on"},
    ADJUSTMENT: {"state", "unit_id", "risk_id", "measure_id", "finding_id", "kind", "flow_chart_ids", "reason",
                 "changes", "user_id", "date"},
    MEASURE: {"state", "predecessor_id", "return_comment", "proposed_by_id"},
    INSPECTION: {"state"},
    FINDING: {"adjustment_id"},
    ASSESSMENT: {"state"},
    "integrity.assessment.line": {"scored"},
    "integrity.scope.exception": {"decided_by_id", "decided_on"},
    PERSONNEL_CHANGE: {"campaign_id", "employee_id", "kind", "cause", "date", "from_unit_id", "to_unit_id",
                       "from_department_id", "to_department_id", "from_job_id", "to_job_id", "self_check_id",
                       "measure_ids", "risk_ids", "state", "handed_over_by_id", "handed_over_on"},
}

# Fields that place a record (its unit, person, package ...): set when it is created, never changed.
PLACEMENT_FIELDS = {
    CAMPAIGN: {"company_id"},
    UNIT_MODEL: {"campaign_id", "department_id"},
    "integrity.campaign.phase": {"campaign_id", "code"},
    "integrity.campaign.leader": {"campaign_id"},
    "integrity.grading.config": {"campaign_id"},
    RISK: {"unit_id"},
    SELF_CHECK: {"unit_id", "employee_id"},
    "integrity.self.check.line": {"self_check_id"},
    SUBMISSION: {"unit_id", "deliverable"},
    "integrity.submission.round": {"submission_id"},
    "integrity.submission.file": {"round_id"},
    OBJECTION: {"submission_id", "received_via", "objector_name"},
    MEASURE: {"risk_id"},
    INSPECTION: {"unit_id"},
    FINDING: {"inspection_id", "measure_id"},
    ASSESSMENT: {"unit_id", "scheme_id"},
    "integrity.assessment.line": {"assessment_id", "criterion_id"},
    "integrity.scope.exception": {"unit_id", "employee_id"},
    "integrity.meeting": {"unit_id"},
}

# What a client may still write on a record in each state (every other field of the model is locked).
EDITABLE_IN_STATE = {
    SELF_CHECK: {
        "draft": {"job_id", "date", "line_ids"},
        "returned": {"job_id", "date", "line_ids"},
        "submitted": set(),
        "accepted": set(),
    },
    SUBMISSION: {
        "draft": {"publicity_start", "publicity_end", "publicity_place", "publicity_document_ids", "summary",
                  "document_ids", "active"},
        "publicity": {"publicity_document_ids", "document_ids", "active"},
        "returned": {"summary", "document_ids", "active"},
        "submitted": {"active"},
        "approved": {"active"},
        "filed": {"active"},
    },
    OBJECTION: {"open": {"kind", "text", "handling"}, "handled": set()},  # how it was received: set once
    INSPECTION: {"done": set()},
    ASSESSMENT: {"done": set()},
    PERSONNEL_CHANGE: {"open": {"successor_id", "note"}, "done": {"note"}},
}

# Office-only fields of the unit: who leads and supervises it, and who is in scope.
UNIT_OFFICE_FIELDS = {"leader_id", "co_leader_id", "supervisor_id", "sequence", "unit_type"}


def steps_of(model):
    return [step for step in STEPS if step.model == model]


def roles_markdown():
    """The README's Roles section: who may take each step, generated from the table above."""
    lines = ["| Record | Step | From → to | Who may take it |", "|---|---|---|---|"]
    for step in STEPS:
        if step.roles == {SYSTEM}:
            who = "the process itself"
        else:
            who = ", ".join(sorted(step.roles))
        move = ""
        if step.moves_state:
            sources = "/".join(str(source) for source in step.sources)
            move = f"`{step.field}`: {sources} → {step.target}"
        entry = f" (`{step.entry}`)" if step.entry else ""
        lines.append(f"| `{step.model}` | {step.label}{entry} | {move} | {who} |")
    lines += ["", "Roles:", ""]
    lines += [f"- **{role}**: {text}" for role, text in ROLES.items()]
    return "\n".join(lines) + "\n"
