"""Forms of the governance pages; choices come from the database at each request."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.agreements.models import SATELLITES
from app.core.countries import country_choices
from app.core.forms import column_checks
from app.extensions import db
from app.governance.models import (
    ActionItem,
    ActionPlan,
    ActionStatus,
    Activity,
    ActivityStatus,
    Body,
    BodyKind,
    CalibrationCampaign,
    Decision,
    DecisionStatus,
    Goal,
    GoalStatus,
    JointProject,
    Meeting,
    MemberRole,
    Milestone,
    MilestoneStatus,
    OutputKind,
    ProjectOutput,
    ProjectStatus,
)
from app.partners.forms import _optional_int
from app.partners.models import Person
from app.partners.queries import organization_choices

EMPTY = [(None, "—")]
SEVERAL = _l("Hold Ctrl (⌘ on a Mac) to choose several.")


def people_choices(include_empty=True):
    rows = db.session.execute(select(Person.id, Person.name).where(Person.archived_at.is_(None))
                              .order_by(Person.name)).all()
    return (EMPTY if include_empty else []) + [(r.id, r.name) for r in rows]


def body_choices():
    rows = db.session.execute(select(Body.id, Body.code, Body.name).where(Body.archived_at.is_(None))
                              .order_by(Body.name)).all()
    return EMPTY + [(r.id, f"{r.name} ({r.code})") for r in rows]


def meeting_choices(body_id=None):
    query = select(Meeting).where(Meeting.archived_at.is_(None)).order_by(Meeting.held_on.desc())
    if body_id:
        query = query.where(Meeting.body_id == body_id)
    return EMPTY + [(m.id, f"{m.held_on.isoformat()} {m.title}") for m in db.session.scalars(query)]


def decision_choices(exclude=None):
    query = select(Decision).order_by(Decision.year.desc(), Decision.number.desc())
    return EMPTY + [(d.id, f"{d.reference} {d.title}") for d in db.session.scalars(query) if d.id != exclude]


def _select(model, label_of, order):
    return [(r.id, label_of(r)) for r in db.session.scalars(select(model).order_by(order))]


def _choices_of(enum, empty=False):
    return ([("", "—")] if empty else []) + enum.choices()


class VersionedForm(FlaskForm):
    version = HiddenField()


class BodyForm(VersionedForm):
    code = StringField(_l("Short code"), validators=column_checks(Body.code),
                       description=_l("Numbers the body's decisions, e.g. B gives B-2026-03."))
    name = StringField(_l("Name"), validators=column_checks(Body.name))
    kind = SelectField(_l("Kind"), choices=_choices_of(BodyKind))
    established_on = DateField(_l("Established on"), validators=[Optional()])
    description = TextAreaField(_l("Mandate"), validators=column_checks(Body.description))


class MemberForm(VersionedForm):
    person_id = SelectField(_l("Person"), coerce=_optional_int, validate_choice=False)
    organization_id = SelectField(_l("Organization"), coerce=_optional_int, validate_choice=False,
                                  description=_l("A member organization, or the one the person represents."))
    role = SelectField(_l("Role"), choices=_choices_of(MemberRole), default=MemberRole.member.value)
    term_from = DateField(_l("Term from"), validators=[DataRequired()])
    term_to = DateField(_l("Term to"), validators=[Optional()], description=_l("Empty: still serving."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person_id.choices = people_choices()
        self.organization_id.choices = organization_choices()


class MeetingForm(VersionedForm):
    body_id = SelectField(_l("Body"), coerce=_optional_int, validate_choice=False, validators=[DataRequired()])
    title = StringField(_l("Title"), validators=column_checks(Meeting.title))
    held_on = DateField(_l("Date"), validators=[DataRequired()])
    place = StringField(_l("Place"), validators=column_checks(Meeting.place))
    is_online = BooleanField(_l("Online"))
    attendee_ids = SelectMultipleField(_l("Attendees"), coerce=int, validate_choice=False, render_kw={"size": 8},
                                       description=SEVERAL)
    agenda = TextAreaField(_l("Agenda"), validators=column_checks(Meeting.agenda))
    notes = TextAreaField(_l("Notes"), validators=column_checks(Meeting.notes))

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.body_id
        else:
            self.body_id.choices = body_choices()
        self.attendee_ids.choices = people_choices(include_empty=False)


class DecisionForm(VersionedForm):
    body_id = SelectField(_l("Body"), coerce=_optional_int, validate_choice=False,
                          description=_l("Not needed when a meeting is chosen."))
    meeting_id = SelectField(_l("Meeting"), coerce=_optional_int, validate_choice=False)
    title = StringField(_l("Title"), validators=column_checks(Decision.title))
    decided_on = DateField(_l("Decided on"), validators=[DataRequired()],
                           description=_l("Its year numbers the decision."))
    status = SelectField(_l("Status"), choices=_choices_of(DecisionStatus), default=DecisionStatus.adopted.value)
    supersedes_id = SelectField(_l("Supersedes"), coerce=_optional_int, validate_choice=False,
                                description=_l("The older decision is then marked superseded."))
    text = TextAreaField(_l("Text"), validators=column_checks(Decision.text))

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, obj=record, **kwargs)
        if record is not None:
            del self.body_id
        else:
            self.body_id.choices = body_choices()
        self.meeting_id.choices = meeting_choices(record.body_id if record else None)
        self.supersedes_id.choices = decision_choices(exclude=record.id if record else None)


class ActionItemForm(VersionedForm):
    meeting_id = SelectField(_l("From the meeting"), coerce=_optional_int, validate_choice=False)
    decision_id = SelectField(_l("From the decision"), coerce=_optional_int, validate_choice=False)
    title = StringField(_l("Action"), validators=column_checks(ActionItem.title))
    owner_id = SelectField(_l("Owner"), coerce=_optional_int, validate_choice=False, validators=[DataRequired()])
    due_on = DateField(_l("Due on"), validators=[DataRequired()],
                       description=_l("Fixed once saved: it never moves."))
    description = TextAreaField(_l("Details"), validators=column_checks(ActionItem.description))

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, obj=record, **kwargs)
        if record is not None:
            del self.meeting_id, self.decision_id, self.due_on
        else:
            self.meeting_id.choices = meeting_choices()
            self.decision_id.choices = decision_choices()
        self.owner_id.choices = people_choices()


class ActionStatusForm(VersionedForm):
    status = SelectField(_l("Status"), choices=_choices_of(ActionStatus))
    done_on = DateField(_l("Done on"), validators=[Optional()], description=_l("Empty: today."))


class GoalForm(VersionedForm):
    title = StringField(_l("Goal"), validators=column_checks(Goal.title))
    from_year = IntegerField(_l("From the year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    to_year = IntegerField(_l("To the year"), validators=[Optional(), NumberRange(2000, 2100)])
    status = SelectField(_l("Status"), choices=_choices_of(GoalStatus))
    description = TextAreaField(_l("Description"), validators=column_checks(Goal.description))


class PlanForm(VersionedForm):
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    title = StringField(_l("Title"), validators=column_checks(ActionPlan.title))
    summary = TextAreaField(_l("Summary"), validators=column_checks(ActionPlan.summary))


class ActivityForm(VersionedForm):
    title = StringField(_l("Activity"), validators=column_checks(Activity.title))
    goal_id = SelectField(_l("Towards the goal"), coerce=_optional_int, validate_choice=False)
    status = SelectField(_l("Status"), choices=_choices_of(ActivityStatus))
    description = TextAreaField(_l("Description"), validators=column_checks(Activity.description))
    event_ids = SelectMultipleField(_l("Events that show progress"), coerce=int, validate_choice=False,
                                    description=SEVERAL)
    case_ids = SelectMultipleField(_l("Application cases that show progress"), coerce=int, validate_choice=False,
                                   description=SEVERAL)
    project_ids = SelectMultipleField(_l("Joint projects that show progress"), coerce=int, validate_choice=False,
                                      description=SEVERAL)
    node_ids = SelectMultipleField(_l("Nodes being built"), coerce=int, validate_choice=False, description=SEVERAL)

    def __init__(self, *args, record=None, **kwargs):
        if record is not None:
            from app.governance.models import ProgressKind

            for kind in ProgressKind:
                kwargs.setdefault(f"{kind.value}_ids", record.link_ids(kind))
        super().__init__(*args, obj=record, **kwargs)
        from app.capacity.models import Event
        from app.cases.models import Case
        from app.nodes.models import Node

        self.goal_id.choices = EMPTY + _select(Goal, lambda g: g.title, Goal.from_year)
        self.event_ids.choices = _select(Event, lambda e: f"{e.start_on.isoformat()} {e.title}", Event.start_on.desc())
        self.case_ids.choices = _select(Case, lambda c: c.title, Case.title)
        self.project_ids.choices = _select(JointProject, lambda p: p.title, JointProject.title)
        self.node_ids.choices = _select(Node, lambda n: f"{n.code} — {n.name}", Node.code)


class ProjectForm(VersionedForm):
    title = StringField(_l("Title"), validators=column_checks(JointProject.title))
    acronym = StringField(_l("Short name"), validators=column_checks(JointProject.acronym))
    lead_organization_id = SelectField(_l("Lead"), coerce=_optional_int, validate_choice=False,
                                       validators=[DataRequired()])
    partner_ids = SelectMultipleField(_l("Partners"), coerce=int, validate_choice=False, render_kw={"size": 6},
                                      description=SEVERAL)
    countries = SelectMultipleField(_l("Countries"), validate_choice=False, render_kw={"size": 6},
                                    description=SEVERAL)
    start_on = DateField(_l("Start"), validators=[DataRequired()])
    end_on = DateField(_l("End"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=_choices_of(ProjectStatus))
    summary = TextAreaField(_l("Summary"), validators=column_checks(JointProject.summary))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lead_organization_id.choices = organization_choices()
        self.partner_ids.choices = organization_choices(include_empty=False)
        self.countries.choices = country_choices()


class MilestoneForm(VersionedForm):
    title = StringField(_l("Milestone"), validators=column_checks(Milestone.title))
    due_on = DateField(_l("Planned for"), validators=[DataRequired()])
    status = SelectField(_l("Status"), choices=_choices_of(MilestoneStatus))
    reached_on = DateField(_l("Reached on"), validators=[Optional()])


class OutputForm(VersionedForm):
    kind = SelectField(_l("Kind"), choices=_choices_of(OutputKind))
    title = StringField(_l("Title"), validators=column_checks(ProjectOutput.title))
    url = StringField(_l("Link"), validators=column_checks(ProjectOutput.url))
    published_on = DateField(_l("Published on"), validators=[Optional()])
    citation = TextAreaField(_l("Citation"), validators=column_checks(ProjectOutput.citation))


class CampaignForm(VersionedForm):
    title = StringField(_l("Title"), validators=column_checks(CalibrationCampaign.title))
    start_on = DateField(_l("Start"), validators=[DataRequired()])
    end_on = DateField(_l("End"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=_choices_of(ProjectStatus))
    sites = TextAreaField(_l("Sites"), validators=[Optional(), Length(max=2000)], description=_l("One per line."))
    satellites = SelectMultipleField(_l("Satellites"), validate_choice=False, render_kw={"size": 6},
                                     description=SEVERAL)
    sensors = StringField(_l("Sensors"), validators=[Optional(), Length(max=500)],
                          description=_l("Separated by commas, e.g. PMS, WFV."))
    partner_ids = SelectMultipleField(_l("Partners"), coerce=int, validate_choice=False, render_kw={"size": 6},
                                      description=SEVERAL)
    countries = SelectMultipleField(_l("Countries"), validate_choice=False, render_kw={"size": 6},
                                    description=SEVERAL)
    summary = TextAreaField(_l("Summary"), validators=column_checks(CalibrationCampaign.summary))
    results = TextAreaField(_l("Results"), validators=column_checks(CalibrationCampaign.results),
                            description=_l("Result reports are uploaded as documents on the campaign's page."))

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, obj=record, **kwargs)
        if record is not None and not self.is_submitted():
            # Lists on the record, text in the form.
            self.sites.data = "\n".join(record.sites or [])
            self.sensors.data = ", ".join(record.sensors or [])
        self.satellites.choices = [(s, s) for s in dict.fromkeys([*SATELLITES, *(record.satellites if record else [])])]
        self.partner_ids.choices = organization_choices(include_empty=False)
        self.countries.choices = country_choices()


class DocumentForm(FlaskForm):
    file = FileField(_l("Document (PDF)"), validators=[FileRequired()])
    title = StringField(_l("Document title"), validators=[Optional(), Length(max=200)],
                        description=_l("The same title as an existing document makes this upload its next version."))
