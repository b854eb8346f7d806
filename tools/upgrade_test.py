#!/usr/bin/env python3
"""Install each earlier release with demo data, upgrade it to the working tree, check every record survived.

``make upgrade-test``; the releases are those of ``RELEASES`` (tags do not travel with every clone; commits
do), oldest first, or only ``UPGRADE_FROM`` (a tag or commit). The database ``integrity_risk_upgrade`` of
the last one is kept for inspection.

Checked after ``-u integrity_risk``: the same records of every model of the module (by id), every frozen
file's SHA-256 still matching its stored bytes, and every state a value of its field under the new code.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import dev

DATABASE = f"{dev.MODULE}_upgrade"

# Each released version and its commit on main, oldest first; add a line when a release's CI run is green.
RELEASES = [
    ("18.0.1.0.0", "3cf0c70ab23ed0096c9f5f6af9f08014352b5328"),
    ("18.0.1.2.0", "d888c3db4f2f91211563d9e695ae07789c39c485"),
]

# Before 18.0.1.3.0 a sent reminder was a date on the record reminded: (model, field)
FORMER_REMINDERS = [("integrity.self.check", "reminded_for"), ("integrity.unit", "missing_digest_for"),
                    ("integrity.measure", "reminded_for")]

# Run in the previous release's database: a database where the daily job has run (a few reminders sent)
SEED = f"""
for model, field in {FORMER_REMINDERS!r}:
    if field in env[model]._fields:
        ids = env[model].sudo().search([], limit=2, order="id").ids
        env.cr.execute(f"UPDATE {{env[model]._table}} SET {{field}} = '2013-03-31' WHERE id = ANY(%s)", [ids])
env.cr.commit()
"""

# Read inside Odoo (odoo shell) before and after the upgrade: ids per model, states, the files' check.
SNAPSHOT = """
import json
models = sorted(name for name in env if name.startswith("integrity.") and not env[name]._abstract
                and env[name]._auto and not env[name]._transient)
ids = {}
states = {}
for name in models:
    Model = env[name].sudo().with_context(active_test=False)
    ids[name] = sorted(Model.search([]).ids)
    for field in ("state", "current_phase", "deliverable", "level"):
        if field in Model._fields and Model._fields[field].store:
            values = {row[field] for row in Model.search_read([], [field])}
            allowed = {key for key, _label in Model._fields[field]._description_selection(env)}
            states[f"{name}.{field}"] = sorted(str(v) for v in values - allowed - {False})
# every campaign keeps its grading rules (18.0.1.2.0 links them with a Many2one)
if "grading_config_id" in env["integrity.campaign"]._fields:
    states["integrity.campaign.grading_config_id"] = [
        "campaign %s has no grading rules" % campaign.id
        for campaign in env["integrity.campaign"].sudo().search([("grading_config_id", "=", False)])]
# the reminders the daily job sent, wherever the release keeps them
sent = set()
if "integrity.reminder" in env:
    for reminder in env["integrity.reminder"].sudo().search([]):
        subject = reminder.self_check_id or reminder.unit_id or reminder.measure_id
        sent.add(f"{subject._name} {subject.id} {reminder.deadline}")
else:
    for model, field in FORMER_REMINDERS:
        if field in env[model]._fields:
            for record in env[model].sudo().with_context(active_test=False).search([(field, "!=", False)]):
                sent.add(f"{model} {record.id} {record[field]}")
files = env["integrity.submission.file"].sudo().search([])
broken = files._verify().ids if files else []
env.cr.commit()
print("SNAPSHOT" + json.dumps({"ids": ids, "invalid": states, "files": len(files), "broken": broken,
                               "sent": sorted(sent)}))
""".replace("FORMER_REMINDERS", repr(FORMER_REMINDERS))


def releases():
    wanted = os.environ.get("UPGRADE_FROM")
    chosen = [(wanted, wanted)] if wanted else RELEASES
    for version, commit in chosen:
        known = subprocess.run(["git", "-C", str(dev.ROOT), "cat-file", "-e", f"{commit}^{{commit}}"],
                               capture_output=True)
        if known.returncode:
            dev.fail(f"the release {version} ({commit}) is not in this clone's history: "
                     "clone without --depth, or set UPGRADE_FROM to a commit it has")
    return chosen


def shell(addons_path, script):
    cmd = [sys.executable, "-m", "odoo", "shell", "-d", DATABASE, f"--addons-path={addons_path}",
           f"--data-dir={dev.LOCAL / 'data'}", "--no-http", "--log-level=error"]
    return subprocess.run(cmd, input=script, capture_output=True, text=True)


def snapshot(addons_path):
    result = shell(addons_path, SNAPSHOT)
    line = next((line for line in result.stdout.splitlines() if line.startswith("SNAPSHOT")), None)
    if not line:
        print(result.stdout[-2000:], result.stderr[-3000:])
        dev.fail("could not read the database's records")
    return json.loads(line[len("SNAPSHOT"):])


def odoo(addons_path, *args):
    cmd = [sys.executable, "-m", "odoo", "-d", DATABASE, f"--addons-path={addons_path}",
           f"--data-dir={dev.LOCAL / 'data'}", "--stop-after-init", "--no-http", "--log-level=warn", *args]
    result = subprocess.run(cmd, capture_output=True, text=True)
    errors = [line for line in (result.stdout + result.stderr).splitlines()
              if (dev.BAD_LOG_LINE.match(line) and " ERROR " in line) or "Traceback" in line]
    if result.returncode or errors:
        print("\n".join((result.stdout + result.stderr).splitlines()[-60:]))
        dev.fail(f"odoo {' '.join(args)} failed", code=1)


def main():
    dev.require_odoo()
    dev.require_python_packages()
    dev.require_postgres()
    for version, release in releases():
        upgrade_from(version, release)


def upgrade_from(version, release):
    dev.say(f"upgrade test: {version} ({release[:10]}) with demo data, then the working tree")
    dev.drop_database(DATABASE)
    with tempfile.TemporaryDirectory() as tmp:
        # the previous release, checked out beside the working tree under the module's name
        old = Path(tmp) / dev.MODULE
        old.mkdir()
        archive = subprocess.Popen(["git", "-C", str(dev.ROOT), "archive", release], stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(old)], stdin=archive.stdout, check=True)
        if archive.wait():
            dev.fail(f"git archive {release} failed")
        old_path = ",".join([tmp, *dev.addons_path().split(",")[1:]])
        dev.say(f"installing {release} with demo data in {DATABASE} ...")
        odoo(old_path, "-i", dev.MODULE, "--load-language=zh_CN")
        seeded = shell(old_path, SEED)
        if seeded.returncode:
            print(seeded.stderr[-3000:])
            dev.fail("could not record reminders in the previous release's database")
        before = snapshot(old_path)
    new_path = dev.addons_path()
    dev.say("upgrading to the working tree (-u integrity_risk) ...")
    odoo(new_path, "-u", dev.MODULE)
    after = snapshot(new_path)
    problems = []
    for model, ids in before["ids"].items():
        lost = set(ids) - set(after["ids"].get(model, []))
        if lost:
            problems.append(f"{model}: {len(lost)} of {len(ids)} records lost ({sorted(lost)[:10]})")
    for key, values in after["invalid"].items():
        if values:
            problems.append(f"{key}: values no longer valid: {values}")
    forgotten = set(before["sent"]) - set(after["sent"])
    if forgotten:
        problems.append(f"{len(forgotten)} of {len(before['sent'])} sent reminders forgotten: {sorted(forgotten)[:5]}")
    if after["broken"]:
        problems.append(f"{len(after['broken'])} of {after['files']} frozen files no longer match their checksum")
    total = sum(len(ids) for ids in before["ids"].values())
    dev.say(f"{total} records in {len(before['ids'])} models before, "
            f"{sum(len(ids) for ids in after['ids'].values())} after; {after['files']} frozen files verified; "
            f"{len(before['sent'])} sent reminders before, {len(after['sent'])} after")
    for problem in problems:
        dev.say(f"PROBLEM {problem}")
    if problems:
        dev.fail("the upgrade lost or broke records (see above)", code=1)
    dev.say(f"every record survived the upgrade from {version}")


if __name__ == "__main__":
    main()
