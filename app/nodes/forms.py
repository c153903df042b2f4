"""Forms of nodes."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from app.core.countries import country_choices
from app.core.forms import column_checks
from app.nodes.models import Node, NodeStatus
from app.partners.forms import _optional_int


class NodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=column_checks(Node.code))
    name = StringField(_l("Name"), validators=column_checks(Node.name))
    country = SelectField(_l("Country"), validators=[DataRequired()])
    host_organization_id = SelectField(_l("Host organization"), coerce=_optional_int, validate_choice=False,
                                       validators=[DataRequired()])
    coordinator_id = SelectField(_l("Coordinator"), coerce=_optional_int, validate_choice=False)
    status = SelectField(_l("Status"), choices=NodeStatus.choices())
    established_on = DateField(_l("Established on"), validators=[Optional()])
    is_lead = BooleanField(_l("Lead centre"))
    infrastructure = TextAreaField(_l("Infrastructure"), validators=column_checks(Node.infrastructure))
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "—")] + country_choices()
