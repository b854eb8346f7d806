/** @odoo-module **/

import { registry } from "@web/core/registry";

// The screens of issue 15 as each role sees them (tests/test_screens.py).

registry.category("web_tour.tours").add("integrity_risk_screens_unit", {
    steps: () => [
        {
            content: "The unit's risk chips say which level each count is",
            trigger: ".o_integrity_unit_card .o_integrity_risk_levels .badge.text-bg-danger[title='High Risks']:contains(High 1)",
        },
        { trigger: ".o_integrity_unit_card .o_integrity_risk_levels .badge.text-bg-warning:contains(Medium 1)" },
        { trigger: ".o_integrity_unit_card .o_integrity_risk_levels .badge.text-bg-info:contains(Low 1)" },
        {
            content: "The deadline is in the user's date format, as in the lists",
            trigger: ".o_integrity_unit_card:contains(Deadline: 04/10/2013)",
        },
    ],
});

registry.category("web_tour.tours").add("integrity_risk_screens_leader", {
    steps: () => [
        {
            content: "The leading group's workbench has its own title, not the office's",
            trigger: ".o_integrity_dashboard_office:not(:has(h3:contains(Office))) h3:contains(Leading Group)",
        },
        { trigger: ".o_integrity_dashboard_office .o_integrity_leader_note" },
    ],
});

registry.category("web_tour.tours").add("integrity_risk_screens_graph", {
    steps: () => [
        {
            content: "The graph of risk points counts in whole numbers",
            trigger: ".o_graph_renderer canvas",
            run() {
                const chart = window.Chart.getChart(document.querySelector(".o_graph_renderer canvas"));
                const labels = chart.scales.y.ticks.map((tick) => tick.label);
                if (labels.length < 2 || !labels.every((label) => /^\d+$/.test(label))) {
                    throw new Error(`The axis of a count shows ${labels.join(", ")}`);
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("integrity_risk_screens_calendar", {
    steps: () => [
        {
            content: "The calendar opens on the running campaign's events, not on today's month",
            trigger: ".o_calendar_header h5:contains(December 2013)",
        },
        { trigger: ".o_searchview .o_facet_value:contains(Running Campaign)" },
    ],
});

registry.category("web_tour.tours").add("integrity_risk_screens_cadre_prints", {
    steps: () => [
        {
            content: "A cadre opening the background prints by their address is told they are not for him",
            trigger: ".o_view_nocontent:contains(Background prints are not for you)",
        },
    ],
});
