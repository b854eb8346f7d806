/** @odoo-module **/

import { App } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { rpcBus } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

// Every screen of 廉政风险防控 as the logged-in user sees it: each menu of the app, each view of its action, the
// first record's form with each of its tabs, the search and action menus. Each screen's visible text is reported
// to the Python test (tests/test_role_tours.py) with its Latin words, which the test judges; an error dialog is
// reported too. A client error fails the tour by itself (the test browser fails on console errors).

const APP = "integrity_risk.integrity_risk_menu_root";
const PREFIX = "integrity smoke: ";
const pending = new Set();
const calls = new Map();
let failedCall = null;

function report(kind, data) {
    // "%" would be taken for a console format directive by the test browser
    browser.console.log(PREFIX + JSON.stringify({ kind, ...data }).replaceAll("%", "\\u0025"));
}

function nextFrame() {
    return new Promise((resolve) => browser.setTimeout(() => requestAnimationFrame(resolve), 40));
}

/** Wait until no RPC is pending and no component is rendering, a few frames in a row. */
async function settle(where) {
    const deadline = Date.now() + 30000;
    let quiet = 0;
    while (quiet < 4) {
        await nextFrame();
        const rendering = [...App.apps].some((app) => app.scheduler.tasks.size);
        quiet = pending.size || rendering ? 0 : quiet + 1;
        if (Date.now() > deadline) {
            throw new Error(`${where}: the screen did not settle within 30 s`);
        }
    }
    checkErrors(where);
}

function isShown(element) {
    return element.checkVisibility({ visibilityProperty: true });
}

/** The text a user reads in ``roots``: visible text nodes, placeholders and the options of visible selects. */
function visibleTexts(roots) {
    const texts = [];
    for (const root of roots) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const element = node.parentElement;
            const text = node.nodeValue.trim();
            if (!text || !element || element.closest("script, style, select")) {
                continue;
            }
            // blurred sample records behind an empty view's helper are Odoo's invention, not the app's text
            if (element.closest(".o_view_sample_data") && !element.closest(".o_view_nocontent")) {
                continue;
            }
            if (isShown(element)) {
                texts.push(text);
            }
        }
        for (const element of root.querySelectorAll("[placeholder]")) {
            if (isShown(element) && element.getAttribute("placeholder").trim()) {
                texts.push(element.getAttribute("placeholder").trim());
            }
        }
        for (const select of root.querySelectorAll("select")) {
            if (isShown(select)) {
                texts.push(...[...select.options].map((option) => option.text.trim()).filter(Boolean));
            }
        }
    }
    return texts;
}

const LATIN = /[A-Za-z0-9_.@+-]*[A-Za-z][A-Za-z0-9_.@+-]*/g;

function latinWords(texts) {
    const words = {};
    for (const text of texts) {
        for (const word of text.match(LATIN) || []) {
            words[word] ??= text.slice(0, 120);
        }
    }
    return words;
}

/** The frames of a server traceback in this module's code, and the error it ends with. */
function appFrames(traceback) {
    const lines = traceback.split("\n");
    const frames = lines.flatMap((line, index) =>
        line.includes("/integrity_risk/") ? [line.trim(), (lines[index + 1] || "").trim()] : []
    );
    return [...frames, ...lines.slice(-4)].join("\n");
}

function checkErrors(where) {
    const dialog = document.querySelector(".o_error_dialog");
    if (dialog) {
        // the call that failed and the end of the server's traceback, when a call failed
        const call = failedCall && `${failedCall.call}: ${appFrames(failedCall.debug)}`;
        failedCall = null;
        report("error", { where, text: dialog.innerText.slice(0, 2000), call });
        dialog.closest(".modal")?.querySelector(".btn-close")?.click();
    }
}

/** Report what the user reads now: the action area, dialogs, popovers and notifications. */
function checkScreen(where, extra = []) {
    checkErrors(where);
    const roots = [
        ...document.querySelectorAll(
            ".o_action_manager, .modal, .o_popover, .o-dropdown--menu, .o_notification_manager"
        ),
        ...extra,
    ];
    const words = latinWords(visibleTexts(roots));
    report("screen", { where, words: Object.keys(words), context: words });
}

async function click(element, where) {
    element.scrollIntoView?.({ block: "center" });
    element.click();
    await settle(where);
}

function currentViewType(env) {
    const controller = env.services.action.currentController;
    return controller?.view?.type || controller?.action?.tag || "client";
}

/** Open a dropdown toggler, read its menu, close it. */
async function checkDropdown(toggler, where) {
    if (!toggler || !isShown(toggler)) {
        return;
    }
    await click(toggler, where);
    checkScreen(where);
    if (document.querySelector(".o-dropdown--menu")) {
        await click(toggler, where);
    }
}

async function checkForm(where) {
    checkScreen(where);
    await checkDropdown(document.querySelector(".o_control_panel .o_cp_action_menus .dropdown-toggle"), `${where} / actions`);
    const tabs = [...document.querySelectorAll(".o_action_manager .o_form_view .o_notebook .nav-link")];
    for (const tab of tabs) {
        if (!tab.classList.contains("active") && isShown(tab)) {
            await click(tab, where);
            checkScreen(`${where} / ${tab.innerText.trim()}`);
        }
    }
}

function firstRecord() {
    const main = document.querySelector(".o_action_manager > .o_action");
    if (!main) {
        return null;
    }
    return (
        main.querySelector(".o_list_view .o_data_row .o_data_cell:not(.o_list_record_selector):not(.o_handle_cell)") ||
        main.querySelector(".o_kanban_view .o_kanban_record:not(.o_kanban_ghost)")
    );
}

/** Open the view's first record (unfolding a group when the list is grouped), read its form, come back. */
async function openFirstRecord(env, where) {
    let record = firstRecord();
    const group = document.querySelector(".o_action_manager .o_list_view .o_group_header");
    if (!record && group) {
        await click(group, where);
        record = firstRecord();
    }
    if (!record) {
        return false;
    }
    await click(record, `${where} / first record`);
    if (currentViewType(env) === "form") {
        await checkForm(`${where} / form`);
        const back = document.querySelector(".o_breadcrumb .o_back_button");
        if (back) {
            await click(back, where);
        }
        return true;
    }
    const editedRow = document.querySelector(".o_action_manager .o_selected_row");
    if (editedRow) {
        checkScreen(`${where} / row`);
        const discard = document.querySelector(".o_list_button_discard");
        if (discard) {
            await click(discard, where);
        }
    }
    return false;
}

async function checkAction(env, where) {
    const modal = document.querySelector(".modal:not(:has(.o_error_dialog))");
    if (modal) {
        checkScreen(`${where} / dialog`);
        await click(modal.querySelector(".btn-close"), where);
        return;
    }
    const first = currentViewType(env);
    if (first === "form") {
        await checkForm(`${where} / form`);
        return;
    }
    checkScreen(`${where} / ${first}`);
    await checkDropdown(document.querySelector(".o_control_panel .o_searchview_dropdown_toggler"), `${where} / search`);
    let opened = await openFirstRecord(env, `${where} / ${first}`);
    const switches = [...document.querySelectorAll(".o_control_panel .o_switch_view")];
    const types = switches.map((button) =>
        [...button.classList].find((name) => name.startsWith("o_") && name !== "o_switch_view").slice(2)
    );
    for (const type of types) {
        const button = document.querySelector(`.o_control_panel .o_switch_view.o_${type}`);
        if (!button || button.classList.contains("active")) {
            continue;
        }
        await click(button, `${where} / ${type}`);
        checkScreen(`${where} / ${type}`);
        if (!opened) {
            opened = await openFirstRecord(env, `${where} / ${type}`);
        }
    }
}

let leaves = null;

/** A dialog still open once a screen has been read was opened by the screen itself: report it, close it. */
async function closeDialogs(where) {
    for (const modal of document.querySelectorAll(".modal")) {
        report("dialog", { where, text: modal.innerText.slice(0, 2000) });
        const close = modal.querySelector(".btn-close, .modal-footer .btn-secondary, .modal-footer .btn-primary");
        if (close) {
            await click(close, where);
        }
    }
}

/** The app's menus that open an action, with their path; their names are checked on the way. */
function collectMenus(env) {
    rpcBus.addEventListener("RPC:REQUEST", ({ detail }) => {
        pending.add(detail.data.id);
        const { model, method } = detail.data.params || {};
        calls.set(detail.data.id, model ? `${model}.${method}` : detail.url);
    });
    rpcBus.addEventListener("RPC:RESPONSE", ({ detail }) => {
        pending.delete(detail.data.id);
        if (detail.error) {
            failedCall = { call: calls.get(detail.data.id), debug: detail.error.data?.debug || detail.error.message || "" };
        }
        calls.delete(detail.data.id);
    });
    const menus = env.services.menu;
    const app = menus.getApps().find((menu) => menu.xmlid === APP);
    if (!app) {
        throw new Error("The app is not in the user's menu");
    }
    const found = [];
    const names = [];
    const walk = (node, path) => {
        const here = [...path, node.name];
        names.push(node.name);
        if (node.childrenTree.length) {
            node.childrenTree.forEach((child) => walk(child, here));
        } else if (node.actionID) {
            found.push({ menu: node, where: here.join(" / ") });
        }
    };
    walk(menus.getMenuAsTree(app.id), []);
    const words = latinWords(names);
    report("screen", { where: "menus", words: Object.keys(words), context: words });
    return found;
}

// a step per menu: each has the tour's time limit for a step (60 s); more steps than any role has menus
const MAX_MENUS = 40;

registry.category("web_tour.tours").add("integrity_risk_smoke", {
    url: "/odoo",
    steps: () => [
        {
            content: "The app's menus",
            trigger: ".o_main_navbar",
            run() {
                leaves = collectMenus(odoo.__WOWL_DEBUG__.root.env);
                if (leaves.length > MAX_MENUS) {
                    throw new Error(`${leaves.length} menus: raise MAX_MENUS`);
                }
            },
        },
        ...[...Array(MAX_MENUS).keys()].map((index) => ({
            content: `Menu ${index + 1}`,
            trigger: ".o_main_navbar",
            timeout: 60000,
            async run() {
                const leaf = leaves[index];
                if (!leaf) {
                    return;
                }
                const env = odoo.__WOWL_DEBUG__.root.env;
                await env.services.menu.selectMenu(leaf.menu);
                await settle(leaf.where);
                await checkAction(env, leaf.where);
                await closeDialogs(leaf.where);
            },
        })),
        {
            content: "Done",
            trigger: ".o_main_navbar",
            run() {
                report("done", { menus: leaves.length });
            },
        },
    ],
});
