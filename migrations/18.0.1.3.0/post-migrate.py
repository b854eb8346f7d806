"""18.0.1.3.0: the daily job records the reminders it sent in integrity.reminder instead of a date on the form,
the unit and the measure (Odoo drops the old columns after this script)."""

from odoo.tools.sql import column_exists

# (table, its former column, the reminder's field naming it)
FORMER = [("integrity_self_check", "reminded_for", "self_check_id"),
          ("integrity_unit", "missing_digest_for", "unit_id"),
          ("integrity_measure", "reminded_for", "measure_id")]


def migrate(cr, version):
    for table, column, field in FORMER:
        if not column_exists(cr, table, column):
            continue
        cr.execute(f"""
            INSERT INTO integrity_reminder ({field}, deadline, create_uid, create_date, write_uid, write_date)
            SELECT id, {column}, 1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
              FROM {table} WHERE {column} IS NOT NULL
            ON CONFLICT DO NOTHING
        """)
