#!/usr/bin/env python3
"""Export i18n/integrity_risk.pot from a fresh install and merge it into i18n/zh_CN.po.

Existing translations are kept; new terms are added untranslated and listed, obsolete
ones are dropped. ``make i18n``; then translate what it lists.
"""

import os
import subprocess
import sys

import dev

POT = dev.ROOT / "i18n" / f"{dev.MODULE}.pot"
PO = dev.ROOT / "i18n" / "zh_CN.po"


def export_pot():
    database = f"{dev.MODULE}_i18n_{os.getpid()}"
    dev.drop_database(database)
    try:
        dev.install(database, demo=False)
        cmd = dev.odoo_command(database, f"--i18n-export={POT}", f"--modules={dev.MODULE}",
                               "--stop-after-init", "--log-level=warn", "--no-http")
        subprocess.run(cmd, check=True)
    finally:
        dev.drop_database(database)


def merge():
    import polib

    pot = polib.pofile(str(POT))
    po = polib.pofile(str(PO)) if PO.exists() else polib.POFile()
    po.merge(pot)
    po.metadata = dict(pot.metadata, Language="zh_CN", **{"Plural-Forms": "nplurals=1; plural=0;"})
    po[:] = [entry for entry in po if not entry.obsolete]
    for entry in po:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgid = None
    po.save(str(PO))
    missing = [entry.msgid for entry in po if not entry.msgstr]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(po)} terms, {len(missing)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    dev.require_odoo()
    dev.require_postgres()
    if "--merge-only" not in sys.argv:
        export_pot()
    sys.exit(merge())
