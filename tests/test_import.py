import io
import time
import tracemalloc
import zipfile
from datetime import date

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import IntegrityCase

# annex 3 columns: 序号, 风险点内容, 风险等级, 岗位及责任人员, 备注; the body starts on row 7
CONTENT, LEVEL, POST, REMARK = "B", "C", "D", "E"


class ImportCase(IntegrityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activate_chinese()
        cls.start_identification(cls.unit_a, cls.unit_a_user)
        Risk = cls.env["integrity.risk"]
        cls.cash = Risk.create({"unit_id": cls.unit_a.id, "job_id": cls.job_cashier.id, "name": "一人经手现金",
                                "category": "power", "level": "high", "employee_ids": [Command.set(cls.cadre_a.ids)]})
        cls.seal = Risk.create({"unit_id": cls.unit_a.id, "job_id": cls.job_liaison.id, "name": "印章使用不登记",
                                "category": "institution", "level": "low",
                                "employee_ids": [Command.set(cls.liaison_a.ids)]})
        cls.count = cls.env["integrity.measure"].create({
            "risk_id": cls.cash.id, "name": "每周盘点现金", "responsible_id": cls.head_a.id,
            "deadline": date(2013, 6, 30)})
        cls.unit_a.write({"supervisor_id": cls.supervisor.id})

    def export(self, annex, records, signatures=False):
        """The exported workbook; without the signature lines under each table unless asked, so that a test
        adds rows under the table as a user inserts them above the signatures."""
        _name, content = self.env["integrity.annex"].with_user(self.office).xlsx(annex, records)
        book = openpyxl.load_workbook(io.BytesIO(content))
        if not signatures:
            for sheet in book.worksheets:
                first = next((row[0].row for row in sheet.iter_rows(min_row=6) if str(row[0].value or "").startswith(
                    ("单位负责人（签字）", "岗位责任人（签字）"))), None)
                if first:
                    for merged in [r for r in sheet.merged_cells.ranges if r.min_row >= first]:
                        sheet.unmerge_cells(str(merged))
                    sheet.delete_rows(first - 1, sheet.max_row)
        return book

    @staticmethod
    def to_bytes(book):
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def wizard(self, files, user=None, unit=None, campaign=None):
        user = user or self.unit_a_user
        attachments = self.env["ir.attachment"].with_user(user).create([
            {"name": name, "raw": content if isinstance(content, bytes) else self.to_bytes(content)}
            for name, content in files.items()])
        values = {"attachment_ids": [Command.set(attachments.ids)]}
        if campaign:
            values["campaign_id"] = campaign.id
        else:
            values.update(unit_id=(unit or self.unit_a).id, campaign_id=(unit or self.unit_a).campaign_id.id)
        return self.env["integrity.import"].with_user(user).with_context(lang="zh_CN").create(
            values)

    def holder_form(self):
        """Cadre A's self-check (annex 1), with one line."""
        check = self.env["integrity.self.check"].search(
            [("unit_id", "=", self.unit_a.id), ("employee_id", "=", self.cadre_a.id)])
        check.line_ids = [Command.create({"duty": "现金收付", "name": "一人经手", "category": "power",
                                          "level": "medium"})]
        return check

    def snapshot(self):
        """Everything an import could change, read straight from the database."""
        self.env.invalidate_all()
        risks = self.env["integrity.risk"].search_read(
            [("campaign_id", "=", self.campaign.id)], ["name", "level", "category", "job_id", "employee_ids"],
            order="id")
        measures = self.env["integrity.measure"].search_read(
            [("campaign_id", "=", self.campaign.id)], ["name", "responsible_id", "deadline"], order="id")
        lines = self.env["integrity.self.check.line"].search_read([], ["name", "duty", "level"], order="id")
        return risks, measures, lines

    def errors(self, wizard):
        return [(line.sheet, line.row, line.column, line.message)
                for line in wizard.line_ids.filtered(lambda line: line.action == "error")]

    def assert_refused(self, wizard, message):
        """The preview lists the problem; applying writes nothing."""
        before = self.snapshot()
        wizard.action_preview()
        self.assertTrue(any(message in error[3] for error in self.errors(wizard)), self.errors(wizard))
        with self.assertRefused(UserError, "没有导入任何内容"):
            wizard.action_apply()
        self.assertEqual(self.snapshot(), before)


@tagged("post_install", "-at_install")
class TestRoundTrip(ImportCase):
    def test_export_import_changes_nothing(self):
        before = self.snapshot()
        for annex in (3, 4):
            # as exported, with the signature lines under the table
            wizard = self.wizard({f"annex{annex}.xlsx": self.export(annex, self.unit_a, signatures=True)})
            wizard.action_preview()
            self.assertEqual((wizard.create_count, wizard.update_count, wizard.error_count), Command.create(0))
            self.assertEqual(wizard.unchanged_count, 2 if annex == 3 else 3)
            wizard.action_apply()
            self.assertEqual(wizard.state, "done")
        self.assertEqual(self.snapshot(), before)

    def test_annex_1_round_trip_and_update(self):
        check = self.holder_form()
        book = self.export(1, check)
        wizard = self.wizard({"annex1.xlsx": book})
        wizard.action_preview()
        self.assertEqual((wizard.unchanged_count, wizard.error_count), (1, 0))
        sheet = book.active
        sheet["C7"] = "高"
        sheet["A8"], sheet["B8"], sheet["C8"] = "保管钥匙", "一人保管保险柜两把钥匙", "高"
        wizard = self.wizard({"annex1.xlsx": book})
        wizard.action_preview()
        self.assertEqual((wizard.create_count, wizard.update_count, wizard.error_count), (1, 1, 0))
        wizard.action_apply()
        self.assertEqual(sorted(check.line_ids.mapped("level")), ["high", "high"])
        self.assertIn("一人保管保险柜两把钥匙", check.line_ids.mapped("name"))

    def test_changes_apply_once(self):
        book = self.export(4, self.unit_a)
        sheet = book.active
        sheet["C7"] = "中"  # the cash risk point: high -> medium
        sheet["B10"], sheet["C10"], sheet["D10"] = "报销审核不严", "低", "Cashier：Cadre A"
        sheet["E10"], sheet["F10"], sheet["G10"] = "两人复核", "Head A", "2013-07-01"
        files = {"annex4.xlsx": book}
        wizard = self.wizard(files)
        wizard.action_preview()
        self.assertEqual((wizard.create_count, wizard.update_count, wizard.error_count), (2, 1, 0))
        wizard.action_apply()
        self.assertEqual(self.cash.level, "medium")
        added = self.env["integrity.risk"].search([("name", "=", "报销审核不严")])
        self.assertEqual((added.level, added.job_id, added.employee_ids), ("low", self.job_cashier, self.cadre_a))
        self.assertEqual((added.measure_ids.name, added.measure_ids.deadline), ("两人复核", date(2013, 7, 1)))
        after = self.snapshot()
        again = self.wizard(files)
        again.action_preview()
        self.assertEqual((again.create_count, again.update_count, again.error_count), Command.create(0))
        again.action_apply()
        self.assertEqual(self.snapshot(), after, "applying the same file twice changes nothing the second time")


@tagged("post_install", "-at_install")
class TestRowErrors(ImportCase):
    def sheet_with(self, annex=3, **cells):
        book = self.export(annex, self.unit_a)
        for cell, value in cells.items():
            book.active[cell] = value
        return book

    def test_each_kind_of_bad_row(self):
        cases = [
            ({"D7": "Cashier：Nobody"}, "没有名为“Nobody”的人员"),
            ({"D7": "Treasurer：Cadre A"}, "没有名为“Treasurer”的岗位"),
            ({"D7": "Cashier：Head B"}, "Head B 不是 Finance Office 的成员"),
            ({"C7": "很高"}, "风险等级“很高”不是"),
            ({"B7": None}, "风险点内容为空"),
            ({"B9": "一人经手现金", "C9": "高", "D9": "Cashier：Cadre A"}, "与第 7 行的风险点相同"),
        ]
        for cells, message in cases:
            with self.subTest(message=message):
                self.assert_refused(self.wizard({"bad.xlsx": self.sheet_with(**cells)}), message)

    def test_error_names_file_sheet_row_and_column(self):
        wizard = self.wizard({"财务处.xlsx": self.sheet_with(C8="严重")})
        wizard.action_preview()
        line = wizard.line_ids.filtered(lambda line: line.action == "error")
        self.assertEqual((line.file, line.sheet, line.row, line.column), ("财务处.xlsx", "Finance Office", 8, "C"))

    def test_bad_measure_rows(self):
        cases = [
            ({"F7": None}, "没有责任人"),
            ({"G7": "2013-02-30"}, "不是可能的完成时限"),
            ({"G7": "2011-05-01"}, "早于年度工作开始"),
            ({"F7": "Nobody"}, "没有名为“Nobody”的人员"),
        ]
        for cells, message in cases:
            with self.subTest(message=message):
                self.assert_refused(self.wizard({"bad.xlsx": self.sheet_with(annex=4, **cells)}), message)

    def test_mixed_good_and_bad_rows_write_nothing(self):
        book = self.sheet_with(C7="中", B9="新风险点", C9="低", D9="Cashier：Cadre A", B10="另一个", C10="极高",
                               D10="Cashier：Cadre A")
        self.assert_refused(self.wizard({"mixed.xlsx": book}), "风险等级“极高”")

    def test_row_for_a_filed_package(self):
        self.unit_a._as_process().write({"review_done": True})
        package = self.unit_a._submission_for("identification")
        package.write({"publicity_start": "2013-03-01", "publicity_end": "2013-03-02", "publicity_place": "Board"})
        package._as_process().write({"state": "submitted", "risk_ids": [Command.set((self.cash | self.seal).ids)]})
        self.assert_refused(self.wizard({"late.xlsx": self.sheet_with(C7="低")}), "已提交或备案")
        wizard = self.wizard({"same.xlsx": self.export(3, self.unit_a)})
        wizard.action_preview()
        self.assertEqual(wizard.error_count, 0, "an unchanged table of a filed package is no problem")


@tagged("post_install", "-at_install")
class TestBadFiles(ImportCase):
    def test_each_kind_of_bad_file(self):
        encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
        damaged = io.BytesIO()
        with zipfile.ZipFile(damaged, "w") as archive:
            archive.writestr("junk.txt", "not a workbook")
        other = openpyxl.Workbook()
        other.active.append(["Name", "Amount"])
        other.active.append(["x", 1])
        formula = self.export(3, self.unit_a)
        formula.active["C7"] = "=IF(1,\"高\",\"低\")"
        cases = [
            ({"notes.txt": b"just some text"}, "可导入的格式为 .xlsx、.xls 和 .ods"),
            ({"garbage.xlsx": encrypted}, "已损坏"),  # an OLE signature, no directory (test_import_formats: real ones)
            ({"broken.xlsx": damaged.getvalue()}, "已损坏"),
            ({"other.xlsx": other}, "不是导出的附表1、附表3或附表4的格式"),
            ({"formula.xlsx": formula}, "单元格是公式"),
        ]
        for files, message in cases:
            with self.subTest(message=message):
                self.assert_refused(self.wizard(files), message)

    def test_sparse_sheet_is_refused_before_it_is_loaded(self):
        """One cell at A1 and one at XFD1000: a few KB that a grid reader would blow up to gigabytes."""
        book = openpyxl.Workbook()
        book.active["A1"], book.active["XFD1000"] = "序号", "x"
        content = self.to_bytes(book)
        self.assertLess(len(content), 10_000)
        wizard = self.wizard({"sparse.xlsx": content})
        tracemalloc.start()
        started = time.process_time()
        try:
            wizard.action_preview()
            cpu = time.process_time() - started
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertEqual(self.errors(wizard), [("", 0, "", "工作表的单元格（已用或声明的）超过上限 2000000 个："
                                                          "只保留表格，或拆分文件")])
        self.assertLess(peak, 20 * 2**20, "memory stays far below the grid's size")
        self.assertLess(cpu, 1.0, "refused in well under a second of CPU")

    def test_package_limits_before_loading(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("integrity_risk.import_max_sheets", 1)
        self.assert_refused(self.wizard({"all.xlsx": self.export(3, self.campaign)}, user=self.office,
                                        campaign=self.campaign), "超过上限 1 个工作表")
        params.set_param("integrity_risk.import_max_sheets", 500)
        params.set_param("integrity_risk.import_max_unzipped_mb", 0.001)
        self.assert_refused(self.wizard({"a.xlsx": self.export(3, self.unit_a)}), "解压后")
        params.set_param("integrity_risk.import_max_unzipped_mb", 200)
        params.set_param("integrity_risk.import_max_cells", 20)
        self.assert_refused(self.wizard({"a.xlsx": self.export(3, self.unit_a)}), "超过上限 20 个")

    def test_limits_are_configurable(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("integrity_risk.import_max_rows", 5)
        self.assert_refused(self.wizard({"big.xlsx": self.export(3, self.unit_a)}), "超过上限 5 行")
        params.set_param("integrity_risk.import_max_rows", 20000)
        params.set_param("integrity_risk.import_max_mb", 0.001)
        self.assert_refused(self.wizard({"big.xlsx": self.export(3, self.unit_a)}), "超过上限 0.0 MB")


@tagged("post_install", "-at_install")
class TestImportRights(ImportCase):
    def test_unit_user_imports_only_into_own_units(self):
        self.assert_refused(self.wizard({"a.xlsx": self.export(3, self.unit_a)}, user=self.unit_b_user),
                            "您无权导入 Finance Office")
        self.assert_refused(self.wizard({"b.xlsx": self.export(3, self.unit_b)}), "这个工作表属于 Audit Office")

    def test_office_imports_the_university_bundle(self):
        book = self.export(3, self.campaign)
        # the summary sheet is read and left alone; Audit Office, with nothing to print yet, gets a sheet added
        self.assertEqual(book.sheetnames, ["汇总", "Finance Office"])
        audit = book.copy_worksheet(book["Finance Office"])
        audit.title = "Audit Office"
        audit.delete_rows(8, audit.max_row)
        audit["A3"] = "单位名称：Audit Office"
        book["Audit Office"]["B7"], book["Audit Office"]["C7"] = "审计报告被干预", "高"
        book["Audit Office"]["D7"] = "Head of Office：Head B"
        wizard = self.wizard({"all.xlsx": book}, user=self.office, campaign=self.campaign)
        wizard.action_preview()
        self.assertEqual((wizard.create_count, wizard.unchanged_count, wizard.error_count), (1, 2, 0))
        wizard.action_apply()
        self.assertEqual(self.env["integrity.risk"].search([("unit_id", "=", self.unit_b.id)]).name, "审计报告被干预")
        self.assert_refused(self.wizard({"all.xlsx": book}, user=self.unit_a_user, campaign=self.campaign),
                            "您无权导入 Audit Office")

    def test_annex_1_is_filled_in_by_the_units_working_group(self):
        """A holder's form, which only the holder may write, is filled in from a file by the unit's working group:
        not by the working group of another unit (the lowest rights the import is open to), nor by the holder."""
        check = self.holder_form()
        book = self.export(1, check)
        book.active["C7"] = "高"
        with self.assertRaises(AccessError):
            self.wizard({"annex1.xlsx": book}, user=self.cadre)
        self.assert_refused(self.wizard({"annex1.xlsx": book}, user=self.unit_b_user), "您无权导入 Finance Office")
        self.assertEqual(check.line_ids.level, "medium")
        self.wizard({"annex1.xlsx": book}).action_apply()  # the liaison of unit A
        self.assertEqual(check.line_ids.level, "high")

    def test_annex_1_of_a_submitted_form_is_refused(self):
        check = self.holder_form()
        book = self.export(1, check)
        book.active["C7"] = "高"
        check._as_process().write({"state": "submitted"})
        self.assert_refused(self.wizard({"annex1.xlsx": book}), "Cadre A 的个人自查表已提交或已审核")
        self.assertEqual(check.line_ids.level, "medium")


VALID_ROWS = [("新风险点甲", "高", "Cashier：Cadre A"), ("新风险点乙", "中", "Head of Office：Head A"),
              ("新风险点丙", "低", "Section Chief：Liaison A")]
INVALID_ROWS = [("", "高", "Cashier：Cadre A"), ("无效等级", "非常高", "Cashier：Cadre A"),
                ("无此人", "高", "Cashier：Nobody"), ("外单位", "低", "Cashier：Head B"),
                ("无此岗位", "中", "Janitor：Cadre A"), ("无岗位", "中", "")]


@tagged("post_install", "-at_install")
class TestImportProperty(ImportCase):
    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
    @given(rows=st.lists(st.one_of(st.sampled_from(VALID_ROWS), st.sampled_from(INVALID_ROWS)),
                         min_size=1, max_size=8))
    def test_invalid_rows_among_valid_ones_change_nothing(self, rows):
        with self.env.cr.savepoint(flush=False) as savepoint:
            book = self.export(3, self.unit_a)
            for offset, (content, level, post) in enumerate(rows):
                sheet = book.active
                sheet[f"B{9 + offset}"], sheet[f"C{9 + offset}"], sheet[f"D{9 + offset}"] = content or None, level, post
            wizard = self.wizard({"generated.xlsx": book})
            before = self.snapshot()
            has_invalid = any(row in INVALID_ROWS for row in rows)
            has_duplicate = len(set(rows)) < len(rows)
            if has_invalid or has_duplicate:
                with self.assertRaises(UserError):
                    wizard.action_apply()
                self.assertEqual(self.snapshot(), before)
            else:
                wizard.action_apply()
                self.assertEqual(wizard.create_count, len(rows))
                again = self.wizard({"generated.xlsx": book})
                again.action_preview()
                self.assertEqual((again.create_count, again.update_count, again.error_count), Command.create(0))
            savepoint.rollback()
