from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, NumberRange, Optional

from app.capacity.models import Event, EventKind, Gender, Trainee, TraineeKind
from app.core.countries import country_choices
from app.core.forms import column_checks
from app.partners.forms import _optional_int
from app.partners.queries import organization_choices

BLANK_PARTICIPANT_ROWS = 3


def node_choices():
    from sqlalchemy import select

    from app.extensions import db
    from app.nodes.models import Node

    rows = db.session.execute(select(Node.id, Node.code, Node.name).where(Node.archived_at.is_(None))
                              .order_by(Node.code)).all()
    return [(None, "—")] + [(r.id, f"{r.code} — {r.name}") for r in rows]


class NodeOwnedForm(FlaskForm):
    """A form of a record a node may own: staff choose the node; a coordinator's is their own."""

    node_id = SelectField(_l("Node"), coerce=_optional_int, validate_choice=False)
    version = HiddenField()

    def __init__(self, *args, may_choose_node=True, **kwargs):
        super().__init__(*args, **kwargs)
        if may_choose_node:
            self.node_id.choices = node_choices()
        else:
            del self.node_id


class TraineeForm(NodeOwnedForm):
    name = StringField(_l("Trainee name"), validators=column_checks(Trainee.name))
    gender = SelectField(_l("Gender"), choices=Gender.choices(), default=Gender.undisclosed.value)
    home_country = SelectField(_l("Home country"), validators=[DataRequired()])
    home_organization_id = SelectField(_l("Home organization"), coerce=_optional_int, validate_choice=False)
    host_organization_id = SelectField(_l("Host organization"), coerce=_optional_int, validate_choice=False,
                                       validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=TraineeKind.choices())
    topic = StringField(_l("Topic"), validators=column_checks(Trainee.topic))
    start_on = DateField(_l("Start"), validators=[DataRequired()])
    end_on = DateField(_l("End"), validators=[Optional()])
    outcome = TextAreaField(_l("Outcome"), validators=column_checks(Trainee.outcome))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.home_country.choices = [("", "—")] + country_choices()
        self.home_organization_id.choices = organization_choices()
        self.host_organization_id.choices = organization_choices()


class ParticipantRow(Form):
    country = SelectField(_l("Country"), validate_choice=False)
    participants = IntegerField(_l("Participants"), validators=[Optional(), NumberRange(min=0)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "—")] + country_choices()


class EventForm(NodeOwnedForm):
    kind = SelectField(_l("Kind"), choices=EventKind.choices())
    title = StringField(_l("Title"), validators=column_checks(Event.title))
    start_on = DateField(_l("Start"), validators=[DataRequired()])
    end_on = DateField(_l("End"), validators=[Optional()])
    country = SelectField(_l("Country"))
    city = StringField(_l("City"), validators=column_checks(Event.city))
    organizer_ids = SelectMultipleField(_l("Organizers"), coerce=int, validate_choice=False, render_kw={"size": 6},
                                        description=_l("Hold Ctrl (⌘ on a Mac) to choose several."))
    participants_total = IntegerField(_l("Participants in total"), validators=[Optional(), NumberRange(min=0)])
    participants_female = IntegerField(_l("of whom female"), validators=[Optional(), NumberRange(min=0)])
    # Not named like the model's attribute, so the table is filled from rows, not from the dict.
    participants = FieldList(FormField(ParticipantRow), label=_l("Participants by country"))
    outcomes = TextAreaField(_l("Outcomes"), validators=column_checks(Event.outcomes))

    def __init__(self, *args, record=None, **kwargs):
        if record is not None:
            kwargs["participants"] = [{"country": c, "participants": n}
                                      for c, n in (record.participants_by_country or {}).items()]
        super().__init__(*args, obj=record, **kwargs)
        self.country.choices = [("", "—")] + country_choices()
        self.organizer_ids.choices = organization_choices(include_empty=False)
        if not self.is_submitted():
            for _ in range(BLANK_PARTICIPANT_ROWS):
                self.participants.append_entry()
        # The service names the table by the API's name; its errors then show under the table.
        self.participants_by_country = self.participants

    def service_data(self, data: dict) -> dict:
        """The form's fields as the event service takes them."""
        data = dict(data)
        data["participants_by_country"] = data.pop("participants", [])
        data["country"] = data.get("country") or None
        return data
