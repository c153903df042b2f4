"""Forms of nodes."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.core.countries import country_choices
from app.nodes.models import NodeStatus
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
