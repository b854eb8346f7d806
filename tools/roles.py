#!/usr/bin/env python3
"""Write the README's Roles section from the process table (models/integrity_process.py).

``make roles``; the tests fail while README.md and the table disagree.
"""

import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MARKERS = re.compile(r"(<!-- roles:begin -->\n)(.*?)(<!-- roles:end -->)", re.S)


def process_table():
    # the table is pure Python: load its file alone, without Odoo
    spec = importlib.util.spec_from_file_location("integrity_process", ROOT / "models" / "integrity_process.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    text = README.read_text()
    if not MARKERS.search(text):
        sys.exit("README.md has no <!-- roles:begin --> ... <!-- roles:end --> section")
    table = process_table().roles_markdown()
    README.write_text(MARKERS.sub(lambda m: m.group(1) + table + m.group(3), text))
    print("README.md: Roles section written from the process table")


if __name__ == "__main__":
    main()
