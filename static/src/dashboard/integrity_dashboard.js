/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * The home screen of 廉政风险防控: what the office, a unit's working group and a cadre have to do.
 * The data comes from integrity.dashboard.get_data, read with the user's own rights.
 */
export class IntegrityDashboard extends Component {
    static template = "integrity_risk.Dashboard";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("integrity.dashboard", "get_data", []);
    }

    /** A date of the server ("2013-04-10") in the user's date format, as the lists and forms show it. */
    formatDate(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    openRecord(model, id) {
        this.action.doAction({ type: "ir.actions.act_window", res_model: model, res_id: id, views: [[false, "form"]] });
    }

    openList(model, domain, name) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: model,
            domain,
            views: [[false, "list"], [false, "form"]],
        });
    }

    openOverdueUnits() {
        this.openList("integrity.unit", [["is_overdue", "=", true]], _t("Overdue Units"));
    }

    openSubmissionsToReview() {
        this.openList("integrity.submission", this.state.data.office.to_review_domain, _t("Submissions to Review"));
    }

    openHighRisksWithoutMeasures() {
        this.openList("integrity.risk", this.state.data.office.high_without_measures_domain,
            _t("High Risks Without Measures"));
    }

    openAdjustmentsToAcknowledge() {
        this.openList("integrity.adjustment", [["state", "=", "reported"]], _t("Adjustments to Acknowledge"));
    }

    openSelfChecksToReview() {
        this.openList("integrity.self.check",
            [["reviewer_user_id", "=", user.userId], ["state", "=", "submitted"]], _t("Self-Checks to Review"));
    }
}

registry.category("actions").add("integrity_risk_dashboard", IntegrityDashboard);
