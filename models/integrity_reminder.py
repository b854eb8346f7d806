from odoo import api, fields, models


class IntegrityReminder(models.Model):
    """A reminder the daily job sent: to a form's holder, a unit's leader and liaison, or a measure's owner, for
    one deadline.

    Kept apart from what it reminds of: in the deadline week the job only adds rows here, so it never writes,
    waits for or conflicts with a form its holder is saving at that moment.
    """

    _name = "integrity.reminder"
    _description = "Sent Reminder"
    _order = "id desc"

    self_check_id = fields.Many2one("integrity.self.check", index=True, ondelete="cascade", readonly=True)
    unit_id = fields.Many2one("integrity.unit", index=True, ondelete="cascade", readonly=True,
                              help="The unit whose leader and liaison got the list of missing self-checks.")
    measure_id = fields.Many2one("integrity.measure", index=True, ondelete="cascade", readonly=True)
    deadline = fields.Date(required=True, readonly=True)

    _sql_constraints = [
        ("self_check_once", "unique(self_check_id, deadline)", "A holder is reminded once per deadline."),
        ("unit_once", "unique(unit_id, deadline)", "A unit's missing self-checks are listed once per deadline."),
        ("measure_once", "unique(measure_id, deadline)", "A measure's owner is reminded once per deadline."),
        ("one_subject", "CHECK(num_nonnulls(self_check_id, unit_id, measure_id) = 1)",
         "A reminder is about one self-check, unit or measure."),
    ]

    _SUBJECT_FIELDS = {"integrity.self.check": "self_check_id", "integrity.unit": "unit_id",
                       "integrity.measure": "measure_id"}

    @api.model
    def _not_sent(self, records, deadline_of):
        """Those of ``records`` not yet reminded of their deadline (``deadline_of(record)``)."""
        field = self._SUBJECT_FIELDS[records._name]
        deadlines = {deadline_of(record) for record in records}
        # the job's own bookkeeping, which no role reads: the caller chose the records
        sent = self.sudo().search_fetch([(field, "in", records.ids), ("deadline", "in", list(deadlines))],
                                        [field, "deadline"])
        done = {(reminder[field].id, reminder.deadline) for reminder in sent}
        return records.filtered(lambda record: (record.id, deadline_of(record)) not in done)

    @api.model
    def _mark_sent(self, records, deadline_of):
        """Record that ``records`` were reminded of their deadline: bookkeeping of the job, no user's write."""
        field = self._SUBJECT_FIELDS[records._name]
        # no role may write these rows (nor forge one): only the job, after sending
        return self.sudo().create([{field: record.id, "deadline": deadline_of(record)} for record in records])
