from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Email, Length, Optional

from app.core.countries import country_choices
from app.partners.models import OrganizationKind, OrganizationStatus, PersonRole


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class OrganizationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    acronym = StringField(_l("Acronym"), validators=[Optional(), Length(max=30)])
    country = SelectField(_l("Country"), validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=OrganizationKind.choices())
    website = StringField(_l("Website"), validators=[Optional(), URL(), Length(max=300)])
    geo_member = BooleanField(_l("GEO member"))
    status = SelectField(_l("Status"), choices=OrganizationStatus.choices())
    joined_on = DateField(_l("Joined on"), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "—")] + country_choices()


class PersonForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(check_deliverability=False), Length(max=254)])
    organization_id = SelectField(_l("Organization"), coerce=_optional_int, validate_choice=False)
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    roles = SelectMultipleField(_l("CSDR roles"), choices=PersonRole.choices())
    version = HiddenField()
