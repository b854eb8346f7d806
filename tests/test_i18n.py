import re
from pathlib import Path

import polib
from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import IntegrityCase

I18N = Path(__file__).resolve().parent.parent / "i18n"


@tagged("post_install", "-at_install")
class TestChinese(IntegrityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activate_chinese()
        cls.office.lang = "zh_CN"

    def test_po_file_translates_every_term_of_the_pot(self):
        pot = polib.pofile(str(I18N / "integrity_risk.pot"))
        po = polib.pofile(str(I18N / "zh_CN.po"))
        self.assertEqual({e.msgid for e in po}, {e.msgid for e in pot}, "zh_CN.po is not merged with the .pot")
        untranslated = [e.msgid for e in po if not e.msgstr or "fuzzy" in e.flags]
        self.assertFalse(untranslated, "untranslated terms in zh_CN.po")

    def test_every_python_file_yields_its_terms(self):
        """Odoo's term export reads each Python file with babel; a construct babel cannot evaluate inside a
        ``_()`` call (an f-string argument) silently drops the rest of that file from the .pot."""
        from babel.messages import extract

        root = I18N.parent
        for path in sorted([*root.glob("models/*.py"), *root.glob("wizard/*.py"), *root.glob("report/*.py")]):
            with self.subTest(file=path.name), path.open("rb") as source:
                list(extract.extract("python", source, keywords={"_": None, "_lt": None}))

    def test_guidance_reads_the_plan_in_chinese(self):
        panel = self.env["integrity.guidance"].with_context(lang="zh_CN")._panel()
        self.assertIn("权力行使风险", panel)
        self.assertIn("凡可能出现和滋生严重违纪违规或违法犯罪行为的风险点", panel)

    def test_errors_speak_chinese(self):
        empty = self.env["integrity.campaign"].create({"name": "Empty", "year": 2030})
        with self.assertRefused(UserError, "请先添加参加单位"):
            empty.with_user(self.office).with_context(lang=self.office.lang).action_start()
        measures = self.campaign.phase_ids.filtered(lambda p: p.code == "measures")
        with self.assertRefused(ValidationError, "制定风险防控措施的完成时限.*不能倒序"):
            measures.with_user(self.office).with_context(lang=self.office.lang).write({"deadline": "2013-01-01"})

    def test_labels_of_this_module_are_chinese(self):
        field_ids = self.env["ir.model.data"].search([
            ("module", "=", "integrity_risk"), ("model", "=", "ir.model.fields")]).mapped("res_id")
        fields_of_module = self.env["ir.model.fields"].browse(field_ids)
        self.assertTrue(fields_of_module)
        english = {}
        for field in fields_of_module:
            english.setdefault(field.model, {})[field.name] = field.with_context(lang="en_US").field_description
        untranslated = []
        for model, names in english.items():
            described = self.env[model].with_user(self.office).with_context(lang="zh_CN").fields_get(
                list(names), ["string", "selection"])
            for name, info in described.items():
                if info["string"] == names[name] and name not in ("id",):
                    untranslated.append(f"{model}.{name}: {info['string']}")
                if self.env[model]._fields[name]._module != "integrity_risk":
                    continue  # options of mixin fields (activity state) are the mixin's to translate
                for _value, label in info.get("selection") or []:
                    if label.isascii():
                        untranslated.append(f"{model}.{name} option {label}")
        self.assertFalse(untranslated[:20])

    def test_menus_are_chinese(self):
        root = self.env.ref("integrity_risk.integrity_risk_menu_root")
        menus = self.env["ir.ui.menu"].with_context(lang="zh_CN").search([("id", "child_of", root.id)])
        self.assertEqual(root.with_context(lang="zh_CN").name, "廉政风险防控")
        self.assertFalse([menu.name for menu in menus if menu.name.isascii()])

    def test_views_of_this_module_are_chinese(self):
        view_ids = self.env["ir.model.data"].search([
            ("module", "=", "integrity_risk"), ("model", "=", "ir.ui.view")]).mapped("res_id")
        views = self.env["ir.ui.view"].browse(view_ids).filtered(lambda v: v.type in ("form", "list", "search"))
        self.assertTrue(views)
        english = []
        for view in views.filtered(lambda v: not v.inherit_id):
            arch = self.env[view.model].with_user(self.office).with_context(lang="zh_CN").get_views(
                [(view.id, view.type)])["views"][view.type]["arch"]
            for node in etree.fromstring(arch).iter():
                texts = [node.get(attr) for attr in ("string", "placeholder", "confirm", "help")]
                texts.append(node.text if node.tag not in ("field",) else None)
                english += [f"{view.name}: {text.strip()}" for text in texts
                            if text and re.search(r"[A-Za-z]{3,}", text) and not re.search(r"[\u4e00-\u9fff]", text)]
        self.assertFalse(english[:20])
