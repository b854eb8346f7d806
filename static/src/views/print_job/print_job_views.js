/** @odoo-module **/

import { onWillUnmount } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { FormController } from "@web/views/form/form_controller";
import { formView } from "@web/views/form/form_view";
import { ListController } from "@web/views/list/list_controller";
import { listView } from "@web/views/list/list_view";

// sent by integrity.print.job to its requester whenever a background print moves on
export const PRINT_JOB_UPDATED = "integrity_risk.print_job/updated";

/** Call `reload` with the job's {id, state, progress} on each update, while the view is open. */
function usePrintJobUpdates(reload) {
    const busService = useService("bus_service");
    busService.subscribe(PRINT_JOB_UPDATED, reload);
    onWillUnmount(() => busService.unsubscribe(PRINT_JOB_UPDATED, reload));
}

/** The list of background prints shows their state and progress as they print, without a manual reload. */
export class PrintJobListController extends ListController {
    setup() {
        super.setup();
        usePrintJobUpdates(() => this.model.load());
    }
}

export class PrintJobFormController extends FormController {
    setup() {
        super.setup();
        usePrintJobUpdates(({ id }) => {
            if (id === this.model.root.resId) {
                this.model.root.load();
            }
        });
    }
}

registry.category("views").add("integrity_print_job_list", { ...listView, Controller: PrintJobListController });
registry.category("views").add("integrity_print_job_form", { ...formView, Controller: PrintJobFormController });
