/** @odoo-module **/

import { registry } from "@web/core/registry";
import { addLine } from "@integrity_risk/../tests/tours/tour_steps";

// Each role's main job on the demo year, as its people do it in Chinese (tests/test_role_tours.py).
// Triggers name buttons and fields, never their labels: the labels are translated. Record data (a unit's or a
// person's name) is the demo's own and stands in the triggers as the user would look for it.

const tours = registry.category("web_tour.tours");

const DASHBOARD = "/odoo/action-integrity_risk.integrity_dashboard_action";
const MY_SELF_CHECK = "/odoo/action-integrity_risk.integrity_self_check_action_open_mine";
const ASSESSMENTS = "/odoo/action-integrity_risk.integrity_assessment_action";

// what the people of the demo write; the Python test asserts the records hold the same text
const TEXTS = {
    returnComment: "请补充本岗位在票据管理方面的风险点。",
    approval: "同意报送。",
    filing: "材料齐全，予以备案。",
    officeReturn: "附表3中“教材选用”风险点的岗位及责任人员填写不全，请补充后重新报送。",
    place: "财务处公告栏及处网站",
    handling: "经单位工作小组集体研究，“职称评审材料审核不严”调整为高等级，并在附表3中说明理由。",
};

function stateIs(value) {
    return {
        content: `The status bar stands on ${value}`,
        trigger: `.o_form_view .o_statusbar_status .o_arrow_button_current[data-value='${value}']`,
    };
}

function confirmDialog() {
    return [
        { content: "Confirm", trigger: ".modal .modal-footer .btn-primary", run: "click" },
        { trigger: "body:not(:has(.modal))" },
    ];
}

function openRow(text) {
    return [
        { content: `Open ${text}`, trigger: `.o_list_view .o_data_row:contains(${text}) .o_data_cell`, run: "click" },
        { trigger: ".o_form_view .o_form_sheet" },
    ];
}

function breadcrumbHome(ready) {
    return [
        { content: "Back to the first screen", trigger: ".o_breadcrumb .breadcrumb-item:first-child a", run: "click" },
        { trigger: `${ready}:not(:has(.o_form_view))` },
    ];
}

function decide(kind, comment) {
    // approve and file are the primary buttons of the package; reject and return the secondary ones
    const button = kind === "primary" ? "btn-primary" : "btn-secondary";
    return [
        {
            content: `Open the ${kind} decision`,
            trigger: `.o_form_view .o_form_statusbar button.${button}[name='action_open_decision_wizard']`,
            run: "click",
        },
        { trigger: ".modal div[name='comment'] textarea", run: `edit ${comment}` },
        { trigger: ".modal .modal-footer button[name='action_confirm']", run: "click" },
        { trigger: "body:not(:has(.modal))" },
    ];
}

function openUnitPackage(unitName) {
    return [
        {
            content: `Open ${unitName} on the board`,
            trigger: `.o_kanban_view .o_kanban_record:contains(${unitName})`,
            run: "click",
        },
        { trigger: `.o_form_view div[name='department_id']:contains(${unitName})` },
        { content: "Open the unit's package", trigger: "button[name='action_open_submission']", run: "click" },
        { trigger: `.o_form_view div[name='unit_id']:contains(${unitName})` },
    ];
}

// 1. The cadre of 财务处 fills her post's self-check (annex 1) and submits it to her unit leader.
tours.add("integrity_risk_role_cadre_submits", {
    url: MY_SELF_CHECK,
    steps: () => [
        { content: "Her own form opens", trigger: ".o_form_view div[name='employee_id']:contains(林晓雯)" },
        stateIs("draft"),
        { content: "The plan's guidance is at hand", trigger: ".o_form_view div[name='guidance']:not(:empty)" },
        ...addLine("对外付款", "对外付款时未核对收款方信息，存在资金被冒领的风险", "power", "high"),
        ...addLine("会计档案管理", "会计凭证和账簿借阅登记不全，存在资料被篡改的风险", "institution", "low"),
        { content: "Submit for review", trigger: "button[name='action_submit']", run: "click" },
        stateIs("submitted"),
        { trigger: ".o_form_view div[name='line_ids'] .o_data_row:nth-child(2)" },
    ],
});

// 1b. Returned by her unit leader, she adds the point he asked for and submits again.
tours.add("integrity_risk_role_cadre_resubmits", {
    url: MY_SELF_CHECK,
    steps: () => [
        stateIs("returned"),
        { content: "The reviewer's comment is shown", trigger: `.o_form_view .alert-warning:contains(${TEXTS.returnComment})` },
        ...addLine("票据管理", "空白票据领用登记不全，存在票据被挪用的风险", "institution", "medium"),
        { trigger: "button[name='action_submit']", run: "click" },
        stateIs("submitted"),
    ],
});

// 2. The supervising university leader accepts the self-check of the unit leader of 财务处 and approves the
//    identification package of 教务处.
tours.add("integrity_risk_role_supervisor", {
    url: DASHBOARD,
    steps: () => [
        { content: "The workbench says a self-check waits for him", trigger: ".o_integrity_dashboard button.o_integrity_to_review", run: "click" },
        ...openRow("钱正清"),
        stateIs("submitted"),
        { content: "Accept it", trigger: "button[name='action_accept']", run: "click" },
        ...confirmDialog(),
        stateIs("accepted"),
        { content: "Open the supervision menu", trigger: ".o_menu_sections [data-menu-xmlid='integrity_risk.integrity_supervision_menu']", run: "click" },
        {
            content: "Packages waiting for his approval",
            trigger: ".dropdown-item[data-menu-xmlid='integrity_risk.integrity_submission_menu_to_approve']",
            run: "click",
        },
        ...openRow("教务处"),
        stateIs("submitted"),
        ...decide("primary", TEXTS.approval),
        stateIs("approved"),
    ],
});

// 3a. The unit leader of 财务处 accepts one self-check and returns the cadre's with a comment.
tours.add("integrity_risk_role_leader_reviews", {
    url: DASHBOARD,
    steps: () => [
        { content: "His unit's card", trigger: ".o_integrity_unit_card:contains(财务处) .o_integrity_blockers" },
        { content: "Self-checks wait for him", trigger: ".o_integrity_dashboard button.o_integrity_to_review", run: "click" },
        ...openRow("林雪梅"),
        stateIs("submitted"),
        { trigger: "button[name='action_accept']", run: "click" },
        ...confirmDialog(),
        stateIs("accepted"),
        { content: "Back to the list", trigger: ".o_breadcrumb .o_back_button a", run: "click" },
        { trigger: ".o_list_view:not(:has(.o_data_row:contains(林雪梅)))" },
        ...openRow("林晓雯"),
        { content: "Her two points", trigger: ".o_form_view div[name='line_ids'] .o_data_row:nth-child(2)" },
        { content: "Return it", trigger: "button[name='action_open_return_wizard']", run: "click" },
        { trigger: ".modal div[name='comment'] textarea", run: `edit ${TEXTS.returnComment}` },
        { trigger: ".modal .modal-footer button[name='action_confirm']", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        stateIs("returned"),
    ],
});

// 3b. He accepts the resubmitted form, completes the unit review and starts the publicity of annexes 2 and 3.
tours.add("integrity_risk_role_leader_publicises", {
    url: DASHBOARD,
    steps: () => [
        { trigger: ".o_integrity_dashboard button.o_integrity_to_review", run: "click" },
        ...openRow("林晓雯"),
        stateIs("submitted"),
        { trigger: "button[name='action_accept']", run: "click" },
        ...confirmDialog(),
        stateIs("accepted"),
        ...breadcrumbHome(".o_action_manager .o_integrity_dashboard"),
        {
            content: "Nothing blocks the phase but the review itself",
            trigger: ".o_integrity_unit_card:contains(财务处) .card-header",
            run: "click",
        },
        { trigger: ".o_form_view div[name='department_id']:contains(财务处)" },
        { content: "Complete the unit review", trigger: "button[name='action_complete_review']", run: "click" },
        ...confirmDialog(),
        { content: "The review is complete", trigger: ".o_form_view .o_widget_web_ribbon .text-bg-success" },
        { trigger: ".o_form_view:not(:has(button[name='action_complete_review']))" },
        { content: "Open the package for the office", trigger: "button[name='action_open_submission']", run: "click" },
        { trigger: ".o_form_view div[name='unit_id']:contains(财务处)" },
        { content: "Publicity from today", trigger: "div[name='publicity_start'] input", run: "edit +0" },
        { trigger: "div[name='publicity_end'] input", run: "edit +5" },
        { trigger: "div[name='publicity_place'] input", run: `edit ${TEXTS.place}` },
        { content: "Start the publicity", trigger: "button[name='action_start_publicity']", run: "click" },
        ...confirmDialog(),
        { ...stateIs("publicity"), timeout: 60000 },
        { content: "The tables as published", trigger: "div[name='publicity_snapshot_ids'] .o_attachment" },
    ],
});

function openHrPackage() {
    return [
        { trigger: ".o_integrity_unit_card:contains(人事处) .card-header", run: "click" },
        { trigger: ".o_form_view div[name='department_id']:contains(人事处)" },
        { trigger: "button[name='action_open_submission']", run: "click" },
        stateIs("publicity"),
    ];
}

// 3c. The liaison of 人事处 records how the open objection was handled, from the package where it is listed.
tours.add("integrity_risk_role_liaison_handles_objection", {
    url: DASHBOARD,
    steps: () => [
        ...openHrPackage(),
        {
            content: "Open the objection to handle it",
            trigger: "div[name='objection_ids'] .o_data_row button[name='action_open_handling']",
            run: "click",
        },
        { content: "Write the handling", trigger: ".modal div[name='handling'] textarea", run: `edit ${TEXTS.handling}` },
        { content: "Record it", trigger: ".modal button[name='action_handle']", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        { trigger: "div[name='objection_ids'] .o_data_row:not(.text-danger)" },
    ],
});

// 3d. With every objection handled and the publicity over, the liaison submits the package.
tours.add("integrity_risk_role_liaison_submits", {
    url: DASHBOARD,
    steps: () => [
        ...openHrPackage(),
        { content: "No objection is left open", trigger: "div[name='objection_ids'] .o_data_row:not(.text-danger)" },
        { content: "Submit to the office", trigger: "button[name='action_submit']", run: "click" },
        ...confirmDialog(),
        { ...stateIs("submitted"), timeout: 60000 },
    ],
});

// 4. The office files the working-group list waiting on its workbench, then from the board files one unit's
//    annexes 2 and 3 and returns another's with its comment.
tours.add("integrity_risk_role_office", {
    url: DASHBOARD,
    steps: () => [
        {
            content: "The list of 附属教育集团 waits for review",
            trigger: ".o_integrity_dashboard .o_integrity_review_table tr:contains(附属教育集团)",
            run: "click",
        },
        { trigger: ".o_form_view div[name='unit_id']:contains(附属教育集团)" },
        stateIs("submitted"),
        ...decide("primary", TEXTS.filing),
        stateIs("filed"),
        { content: "To the units' board", trigger: ".o_menu_sections [data-menu-xmlid='integrity_risk.integrity_work_menu']", run: "click" },
        { trigger: ".dropdown-item[data-menu-xmlid='integrity_risk.integrity_unit_menu']", run: "click" },
        { trigger: ".o_kanban_view .o_kanban_record" },
        ...openUnitPackage("科学技术处"),
        stateIs("approved"),
        ...decide("primary", TEXTS.filing),
        stateIs("filed"),
        ...breadcrumbHome(".o_action_manager:has(.o_kanban_view)"),
        ...openUnitPackage("教务处"),
        stateIs("approved"),
        ...decide("secondary", TEXTS.officeReturn),
        stateIs("returned"),
    ],
});

// 5. The leading group scores the criteria left open in the draft assessment of a unit and finishes it.
tours.add("integrity_risk_role_leading_group", {
    url: ASSESSMENTS,
    steps: () => [
        {
            content: "This year's draft assessment",
            trigger: ".o_list_view .o_data_row:contains(科教服务中心):not(:has(.text-bg-success)) .o_data_cell",
            run: "click",
        },
        stateIs("draft"),
        ...[2, 4, 6].flatMap((row) => [
            {
                content: `Score criterion ${row}`,
                trigger: `div[name='line_ids'] .o_data_row:nth-child(${row}) td[name='score']`,
                run: "click",
            },
            { trigger: `div[name='line_ids'] .o_data_row.o_selected_row:nth-child(${row}) div[name='score'] input`, run: "edit 12" },
        ]),
        { content: "Finish", trigger: "button[name='action_done']", run: "click" },
        stateIs("done"),
    ],
});
