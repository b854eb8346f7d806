/** @odoo-module **/

// Steps the tours share: triggers name fields, never their labels (the labels are translated).

export function addLine(duty, point, category, level) {
    return [
        {
            content: "Add a risk control point",
            trigger: ".o_form_view div[name='line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        { trigger: ".o_selected_row div[name='duty'] textarea", run: `edit ${duty}` },
        { trigger: ".o_selected_row div[name='name'] textarea", run: `edit ${point}` },
        { trigger: ".o_selected_row div[name='category'] select", run: `select "${category}"` },
        { trigger: ".o_selected_row div[name='level'] select", run: `select "${level}"` },
    ];
}
