from odoo import Command, api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_list

from . import integrity_process as process

# The process's own writes carry this object in their context. JSON cannot carry a Python object, so
# no client can send it: unlike a flag, it cannot be switched on from outside.
_PROCESS_TOKEN = object()
_PROCESS_KEY = "integrity_process_token"


class IntegrityProcessMixin(models.AbstractModel):
    """The rules of ``integrity_process`` on a model: who may take which step, and what a client may write.

    A client (anything reaching ``create`` or ``write`` from outside) never writes a field only the
    process writes, a derived field, or a field that places the record once it exists; in a locked
    state it writes only what the table leaves editable. Steps are taken with ``_take_step``, which
    checks the user's role, the record's state and the step's preconditions, then writes as the process.
    """

    _name = "integrity.process.mixin"
    _description = "Integrity Process Rules"

    # the record's unit, for the roles of its working group and supervising leader
    _unit_field = "unit_id"
    # fields naming employees who then read the record: a working group names only its own unit's people
    _unit_people_fields = ()
    # a line of a form changes only while the form is open: (the form's field, its open states)
    _open_with_parent = None

    # --- the process's own writes -------------------------------------------------------------

    def _as_process(self):
        """These records for a write of the process itself, after the caller's own checks."""
        return self.with_context(**{_PROCESS_KEY: _PROCESS_TOKEN})

    def _by_process(self):
        return self.env.su or self.env.context.get(_PROCESS_KEY) is _PROCESS_TOKEN

    # --- grouping ------------------------------------------------------------------------------

    def _read_group_orderby(self, order, groupby_terms, query):
        """Groups of a selection come in its declared order (high, medium, low; a workflow's states), not in the
        alphabetical order of their keys: in pivots and graphs, which read without group_expand, as in lists."""
        terms = {}
        for spec, sql in groupby_terms.items():
            field = self._fields.get(spec)
            if field and field.type == "selection":
                sql = SQL("array_position(%s::varchar[], %s::varchar)", field.get_values(self.env), sql)
            terms[spec] = sql
        return super()._read_group_orderby(order, terms, query)

    # --- what a client may write ----------------------------------------------------------------

    @api.model
    def _derived_fields(self):
        """Fields computed from others (related fields included): written by no one."""
        return {name for name, field in self._fields.items()
                if field.compute and field.readonly and not field.inverse}

    def _field_labels(self, names):
        return format_list(self.env, [self._fields[name]._description_string(self.env) for name in sorted(names)])

    @api.model
    def _model_label(self):
        return self.env["ir.model"]._get(self._name).name

    def _is_initial(self, name, value):
        """Whether a create value is what the record starts with anyway (the client may echo defaults)."""
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            return not value or all(command[0] in (Command.CLEAR, Command.SET) and not command[-1] for command in value)
        initial = field.default(self) if field.default else False
        if isinstance(initial, models.BaseModel):
            initial = initial.id
        return (value or False) == (initial or False)

    def _check_client_create(self, vals):
        forbidden = (process.INTERNAL_FIELDS.get(self._name, set()) | self._derived_fields()) & set(vals)
        forbidden = {name for name in forbidden if not self._is_initial(name, vals[name])}
        if forbidden:
            raise UserError(self.env._(
                "%(fields)s of a new %(model)s are set by the process, not when it is created.",
                fields=self._field_labels(forbidden), model=self._model_label()))

    def _check_client_write(self, vals):
        self.check_access("write")  # who may not write at all hears that first
        names = set(vals)
        forbidden = (process.INTERNAL_FIELDS.get(self._name, set()) | self._derived_fields()) & names
        if forbidden:
            raise UserError(self.env._(
                "%(fields)s of %(model)s change only through the steps of the process (the buttons of the form).",
                fields=self._field_labels(forbidden), model=self._model_label()))
        placement = process.PLACEMENT_FIELDS.get(self._name, set()) & names
        moved = {name for name in placement for record in self if not self._same_value(record, name, vals[name])}
        if moved:
            raise UserError(self.env._(
                "%(fields)s of %(model)s are set when it is created and never change: create a new record "
                "instead, or ask the office for an adjustment.",
                fields=self._field_labels(moved), model=self._model_label()))
        editable = process.EDITABLE_IN_STATE.get(self._name)
        if editable:
            own = {name for name in names if name in self._fields and self._fields[name]._module == "integrity_risk"}
            for record in self:
                allowed = editable.get(record.state)
                if allowed is not None and own - allowed:
                    states = dict(self._fields["state"]._description_selection(self.env))
                    raise UserError(self.env._(
                        "“%(record)s” is %(state)s: %(fields)s can no longer be changed.",
                        record=record.display_name, state=states[record.state],
                        fields=self._field_labels(own - allowed)))

    @staticmethod
    def _same_value(record, name, value):
        current = record[name]
        if isinstance(current, models.BaseModel):
            return (value or False) == (current.id or False)
        return (value or False) == (current or False)

    def _check_unit_people(self, names):
        """The people a client names on a unit's record are of that unit: its department, scope or working group.

        Naming someone gives them the record (and its activities); only the office names people of other units.
        """
        fields_named = set(self._unit_people_fields) & set(names)
        if not fields_named or self.env.user.has_group("integrity_risk.group_office"):
            return
        # who belongs to a unit is no secret, and the answer only refuses a write
        for record in self.sudo():
            unit = record._process_unit()
            if not unit:
                continue
            people = record.env["hr.employee"]
            for name in fields_named:
                people |= record[name]
            strangers = people.filtered(lambda e, u=unit: e.department_id != u.department_id
                                        and e not in u.scope_employee_ids and e not in u.leader_id | u.member_ids
                                        | u.liaison_id)
            if strangers:
                raise AccessError(self.env._(
                    "%(people)s do not belong to %(unit)s: only the office names people of other units on its "
                    "records.", people=format_list(self.env, strangers.mapped("name")), unit=unit.name))

    def _check_parent_open(self, parents):
        """Refuse changing the lines of a form that is no longer open (a submitted self-check, a done inspection)."""
        if not self._open_with_parent or self._by_process():
            return
        states = dict(parents._fields["state"]._description_selection(self.env))
        for parent in parents:
            if parent.state not in self._open_with_parent[1]:
                raise UserError(self.env._(
                    "“%(form)s” is %(state)s: its %(lines)s no longer change.", form=parent.display_name,
                    state=states[parent.state], lines=self._model_label()))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_with_open_parent(self):
        if self._open_with_parent:
            self._check_parent_open(self[self._open_with_parent[0]])

    @api.model_create_multi
    def create(self, vals_list):
        records = self
        if self._open_with_parent:
            field = self._open_with_parent[0]
            self._check_parent_open(self[field].browse({vals.get(field) for vals in vals_list} - {None, False}))
        if not self._by_process():
            for vals in vals_list:
                self._check_client_create(vals)
            # a default the client slips into the context (default_state) never fills what the process sets
            blocked = {f"default_{name}" for name in
                       process.INTERNAL_FIELDS.get(self._name, set()) | self._derived_fields()}
            if blocked & set(self.env.context):
                # keys are removed, which only a whole new context can do
                records = self.with_context({key: value for key, value in self.env.context.items()  # pylint: disable=context-overridden
                                             if key not in blocked})
        created = super(IntegrityProcessMixin, records).create(vals_list)
        if not self._by_process():
            created._check_unit_people({name for vals in vals_list for name in vals})
        return created

    def write(self, vals):
        if self._open_with_parent:
            self._check_parent_open(self[self._open_with_parent[0]])
        if not self._by_process():
            self._check_client_write(vals)
        result = super().write(vals)
        if not self._by_process():
            self._check_unit_people(vals)
        return result

    # --- roles and steps ----------------------------------------------------------------------

    def _process_roles(self):
        """{record: roles of the current user towards it}, in the vocabulary of ``integrity_process``."""
        user = self.env.user
        common = set()
        if user.has_group("integrity_risk.group_office"):
            common.add(process.OFFICE)
        if user.has_group("integrity_risk.group_leader"):
            common.add(process.LEADING_GROUP)
        roles = {}
        # who sits in a working group is no secret, and the answer only decides what this user may do
        for record, privileged in zip(self, self.sudo(), strict=True):
            found = set(common)
            unit = privileged._process_unit()
            if unit:
                if user in unit.user_ids:
                    found.add(process.UNIT)
                if user == unit.supervisor_id.user_id:
                    found.add(process.SUPERVISOR)
            found |= privileged._own_roles(user)
            roles[record] = found
        return roles

    def _process_unit(self):
        """The record's unit, for the roles of its working group and supervising leader (may be empty)."""
        return self[self._unit_field] if self._unit_field else self.env["integrity.unit"]

    def _own_roles(self, user):
        """Roles a user holds on this (sudo) record beyond the unit's: holder, reviewer, responsible, author."""
        return set()

    def _may(self, step_name, roles=None):
        """{record: whether the current user may take the step now} (role and state; not the preconditions).

        ``roles``: the user's roles on the records, when the caller has them already.
        """
        step = process.STEP[(self._name, step_name)]
        roles = roles or self._process_roles()
        return {record: bool(roles[record] & step.roles)
                and (not step.moves_state or record[step.field] in step.sources) for record in self}

    def _check_step(self, step_name):
        """Refuse, in the user's language, a step the user may not take on these records now."""
        step = process.STEP[(self._name, step_name)]
        label = self.env._(step.label)  # pylint: disable=translation-not-lazy
        if process.SYSTEM in step.roles and not self._by_process():
            raise AccessError(self.env._("“%(step)s” is done by the process itself.", step=label))
        # the superuser (data files, scheduled jobs) acts for the process; every user acts in a role, and only on
        # records they may see (the office of another company is no office here)
        acting_in_role = not self.env.su and process.SYSTEM not in step.roles
        if acting_in_role:
            self.check_access("read")
        roles = self._process_roles() if acting_in_role else {}
        for record in self:
            if acting_in_role and not roles[record] & step.roles:
                who = format_list(self.env, [self.env._(process.ROLE_NAMES[role])  # pylint: disable=translation-not-lazy
                                             for role in sorted(step.roles)], style="or")
                raise AccessError(self.env._(
                    "“%(step)s” on “%(record)s” is for %(roles)s only.",
                    step=label, record=record.display_name, roles=who))
        if step.moves_state:
            field = self._fields[step.field]
            states = dict(field._description_selection(self.env)) if field.type == "selection" else {}
            for record in self:
                if record[step.field] in step.sources:
                    continue
                if field.type != "selection":
                    raise UserError(self.env._("“%(step)s” has already been done on “%(record)s”.",
                                               step=label, record=record.display_name))
                raise UserError(self.env._(
                    "“%(step)s” is not possible on “%(record)s” now (%(state)s).",
                    step=label, record=record.display_name, state=states[record[step.field]]))
        if step.check:
            for record in self:
                problems = getattr(record, step.check)()
                if problems:
                    raise UserError(self.env._(
                        "“%(record)s”: %(step)s is not possible yet:\n%(problems)s", record=record.display_name,
                        step=label, problems="\n".join(f"- {problem}" for problem in problems)))
        return step

    def _take_step(self, step_name, values=None):
        """Check the step, then write its target state (and ``values``) as the process.

        The write is a sudo after the check above: a step is often taken by someone who may not write the
        record otherwise (a reviewer, the office on an adjustment). The user stays the author of the change.
        """
        step = self._check_step(step_name)
        if step.moves_state:
            self.sudo().write({step.field: step.target, **(values or {})})
        return step

    # --- activities of a step ---------------------------------------------------------------

    def _schedule_activity(self, xmlid, user, **values):
        """An activity for ``user`` on each record, as part of a step already checked.

        Scheduling subscribes the assignee, which Odoo allows only to who may write the record; the actor
        of a step often may not (a holder whose form is now submitted): the process schedules it.
        """
        for record in self.sudo():
            record.activity_schedule(xmlid, user_id=user.id, **values)

    def _log_step(self, body):
        """A note in each record's chatter about a step just taken, authored by the user who took it.

        Posted by the process: a user without an e-mail address (many leaders have none in Odoo) may still act.
        """
        for record in self.sudo():
            record.message_post(body=body, author_id=self.env.user.partner_id.id, subtype_xmlid="mail.mt_note")

    def _close_activities(self, xmlids, feedback=None):
        """Mark the records' activities of these types done, whoever they were for (part of a checked step)."""
        self.sudo().activity_feedback(xmlids, feedback=feedback)

    def _set_can(self, *step_names):
        """Set ``can_<step>`` for the buttons: shown only to who may use them, when they may.

        Returns the user's roles on the records (read once for every step), for the caller's own flags.
        """
        roles = self._process_roles()
        for name in step_names:
            allowed = self._may(name, roles)
            for record in self:
                record[f"can_{name}"] = allowed[record]
        return roles
