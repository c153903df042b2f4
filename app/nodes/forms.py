from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.core.countries import country_choices
from app.nodes.models import ContributionKind, NodeStatus
from app.partners.forms import _optional_int


class NodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=12)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    country = SelectField(_l("Country"), validators=[DataRequired()])
    host_organization_id = SelectField(_l("Host organization"), coerce=_optional_int, validate_choice=False,
                                       validators=[DataRequired()])
    coordinator_id = SelectField(_l("Coordinator"), coerce=_optional_int, validate_choice=False)
    status = SelectField(_l("Status"), choices=NodeStatus.choices())
    established_on = DateField(_l("Established on"), validators=[Optional()])
    is_lead = BooleanField(_l("Lead centre"))
    infrastructure = TextAreaField(_l("Infrastructure"), validators=[Optional(), Length(max=5000)])
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "—")] + country_choices()


class ReportForm(FlaskForm):
    """A quarterly report's figures and texts; an empty figure means N/A."""

    scenes_received = IntegerField(_l("Scenes received"), validators=[Optional(), NumberRange(min=0)])
    scenes_distributed = IntegerField(_l("Scenes distributed to users"), validators=[Optional(), NumberRange(min=0)])
    data_volume_gb = DecimalField(_l("Data volume (GB)"), places=2, validators=[Optional(), NumberRange(min=0)])
    area_km2 = DecimalField(_l("Area covered (km²)"), places=2, validators=[Optional(), NumberRange(min=0)])
    users_registered = IntegerField(_l("Registered users"), validators=[Optional(), NumberRange(min=0)])
    users_active = IntegerField(_l("Active users"), validators=[Optional(), NumberRange(min=0)])
    organizations_served = IntegerField(_l("Organizations served"), validators=[Optional(), NumberRange(min=0)])
    data_requests = IntegerField(_l("Data requests"), validators=[Optional(), NumberRange(min=0)])
    t1_push_percent = DecimalField(_l("Scenes pushed within one day of acquisition (T+1, %)"), places=2,
                                   validators=[Optional(), NumberRange(min=0, max=100)])
    trainings_held = IntegerField(_l("Trainings held"), validators=[Optional(), NumberRange(min=0)])
    people_trained = IntegerField(_l("People trained"), validators=[Optional(), NumberRange(min=0)])
    events_held = IntegerField(_l("Events held"), validators=[Optional(), NumberRange(min=0)])
    highlights = TextAreaField(_l("Highlights"), validators=[Optional(), Length(max=10000)])
    problems = TextAreaField(_l("Problems"), validators=[Optional(), Length(max=10000)])
    needs = TextAreaField(_l("Needs"), validators=[Optional(), Length(max=10000)])
    version = HiddenField()


class ReportStepForm(FlaskForm):
    """A workflow button (submit, accept), carrying the version the user saw."""

    version = HiddenField()
    comment = TextAreaField(_l("Comment (optional)"), validators=[Optional(), Length(max=10000)])


class ReturnReportForm(FlaskForm):
    version = HiddenField()
    comment = TextAreaField(_l("What should the node change?"), validators=[DataRequired(), Length(max=10000)])


class ContributionForm(FlaskForm):
    organization_id = SelectField(_l("Organization"), coerce=_optional_int, validate_choice=False,
                                  validators=[DataRequired()])
    node_id = SelectField(_l("Node"), coerce=_optional_int, validate_choice=False)
    year = IntegerField(_l("Year"), validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=ContributionKind.choices())
    amount = DecimalField(_l("Amount (financial)"), places=2, validators=[Optional(), NumberRange(min=0)])
    currency = StringField(_l("Currency (ISO 4217)"), validators=[Optional(), Length(min=3, max=3)])
    quantity = DecimalField(_l("Quantity (in kind)"), places=3, validators=[Optional(), NumberRange(min=0)])
    unit = StringField(_l("Unit (TB, FTE, …)"), validators=[Optional(), Length(max=30)])
    estimated_value = DecimalField(_l("Estimated value (in kind)"), places=2,
                                   validators=[Optional(), NumberRange(min=0)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    evidence = StringField(_l("Evidence (reference or link)"), validators=[Optional(), Length(max=500)])
    version = HiddenField()


class ExchangeRateForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[DataRequired()])
    currency = StringField(_l("Currency"), validators=[DataRequired(), Length(min=3, max=3)])
    rate = DecimalField(_l("Rate"), places=8, validators=[DataRequired()])
    version = HiddenField()


class ImportForm(FlaskForm):
    file = FileField(_l("Spreadsheet (.xlsx or .csv)"),
                     validators=[FileRequired(), FileAllowed(["xlsx", "csv"], _l("Upload an .xlsx or .csv file."))])
