/** @odoo-module **/

import { registry } from "@web/core/registry";
import { formatInteger } from "@web/views/fields/formatters";

const viewRegistry = registry.category("views");

/**
 * The module's graph view (js_class="integrity_graph"): Odoo's graph, whose value axis prints decimals (8.00)
 * whatever the measure, with an axis that steps by whole numbers and prints them as counts (8) when the measure is
 * a count or an integer.
 */
function addIntegrityGraph(graphView) {
    class IntegrityGraphRenderer extends graphView.Renderer {
        getScaleOptions() {
            const scales = super.getScaleOptions();
            const { fields, measure } = this.model.metaData;
            if (scales.y && (measure === "__count" || fields[measure]?.type === "integer")) {
                scales.y.ticks.precision = 0;
                scales.y.ticks.callback = (value) => formatInteger(value);
            }
            return scales;
        }
    }
    viewRegistry.add("integrity_graph", { ...graphView, Renderer: IntegrityGraphRenderer });
}

// Odoo's graph view comes with the lazy bundle web.assets_backend_lazy, which the web client loads when a view type
// it does not know opens (this one too): the module's graph is registered as soon as Odoo's is.
if (viewRegistry.contains("graph")) {
    addIntegrityGraph(viewRegistry.get("graph"));
} else {
    viewRegistry.addEventListener("UPDATE", ({ detail: { operation, key, value } }) => {
        if (operation === "add" && key === "graph") {
            addIntegrityGraph(value);
        }
    });
}
