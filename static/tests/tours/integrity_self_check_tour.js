/** @odoo-module **/

import { registry } from "@web/core/registry";
import { addLine } from "@integrity_risk/../tests/tours/tour_steps";

const MY_SELF_CHECK = "/odoo/action-integrity_risk.integrity_self_check_action_open_mine";
const SELF_CHECKS = "/odoo/action-integrity_risk.integrity_self_check_action";
const UNITS = "/odoo/action-integrity_risk.integrity_unit_action";

function stateIs(label) {
    return { content: `The form is ${label}`, trigger: `.o_statusbar_status .o_arrow_button_current:contains(${label})` };
}

function openCadreForm() {
    return [
        { content: "Open the cadre's self-check", trigger: ".o_data_row td:contains(Cadre A)", run: "click" },
        { trigger: ".o_form_view .o_form_sheet" },
    ];
}

registry.category("web_tour.tours").add("integrity_risk_cadre_submits", {
    url: MY_SELF_CHECK,
    steps: () => [
        stateIs("Draft"),
        ...addLine("Cash payments", "Pays out cash without a second signature", "power", "high"),
        { content: "Submit for review", trigger: "button[name='action_submit']", run: "click" },
        stateIs("Submitted"),
    ],
});

registry.category("web_tour.tours").add("integrity_risk_leader_returns", {
    url: SELF_CHECKS,
    steps: () => [
        ...openCadreForm(),
        { content: "Return it", trigger: "button[name='action_open_return_wizard']", run: "click" },
        { trigger: ".modal div[name='comment'] textarea", run: "edit Add the risk of the safe keys." },
        { trigger: ".modal button[name='action_confirm']", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        stateIs("Returned"),
    ],
});

registry.category("web_tour.tours").add("integrity_risk_cadre_resubmits", {
    url: MY_SELF_CHECK,
    steps: () => [
        { content: "The reviewer's comment is shown", trigger: ".alert-warning:contains(Add the risk of the safe keys.)" },
        ...addLine("Safe", "One person holds both safe keys", "power", "high"),
        { trigger: "button[name='action_submit']", run: "click" },
        stateIs("Submitted"),
    ],
});

registry.category("web_tour.tours").add("integrity_risk_leader_accepts", {
    url: SELF_CHECKS,
    steps: () => [
        ...openCadreForm(),
        { content: "Accept it", trigger: "button[name='action_accept']", run: "click" },
        { content: "Confirm", trigger: ".modal-footer .btn-primary", run: "click" },
        stateIs("Accepted"),
    ],
});

registry.category("web_tour.tours").add("integrity_risk_office_kanban", {
    url: UNITS,
    steps: () => [
        {
            content: "Every phase has its column, in order",
            trigger: ".o_kanban_view .o_kanban_group:nth-child(2) .o_column_title:contains(Identification and Grading)",
        },
        {
            content: "The unit's card shows its self-checks and risk points",
            trigger: ".o_kanban_record:contains(Finance Office) .o_integrity_self_checks:contains(1 / 3)",
        },
        {
            trigger: ".o_kanban_record:contains(Finance Office) .o_integrity_risk_levels .text-bg-danger:contains(3)",
        },
    ],
});

// Any view of the module opens without a client error: the page's main view is ready.
registry.category("web_tour.tours").add("integrity_risk_view_loads", {
    steps: () => [
        {
            content: "The view is rendered",
            trigger: ".o_action_manager .o_view_controller:not(.o_view_sample_data), .o_integrity_dashboard h3",
        },
    ],
});

// The supervising university leader approves a unit's annex 2/3 from the list waiting for them.
registry.category("web_tour.tours").add("integrity_risk_supervisor_approves", {
    url: "/odoo/action-integrity_risk.integrity_submission_action_to_approve",
    steps: () => [
        { content: "Open the package waiting for approval", trigger: ".o_data_row td:contains(Finance Office)", run: "click" },
        { content: "Approve it", trigger: "button[name='action_open_decision_wizard']:contains(Approve)", run: "click" },
        { trigger: ".modal div[name='comment'] textarea", run: "edit Graded as the plan asks." },
        { trigger: ".modal button[name='action_confirm']:contains(Approve)", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        stateIs("Approved by the Supervising Leader"),
    ],
});
