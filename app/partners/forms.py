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
from wtforms.validators import URL, Email

from app.core.countries import country_choices
from app.core.forms import column_checks
from app.partners.models import Organization, OrganizationKind, OrganizationStatus, Person, PersonRole


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class OrganizationForm(FlaskForm):
    name = StringField(_l("Name"), validators=column_checks(Organization.name))
    acronym = StringField(_l("Acronym"), validators=column_checks(Organization.acronym))
    country = SelectField(_l("Country"), validators=column_checks(Organization.country))
    kind = SelectField(_l("Kind"), choices=OrganizationKind.choices())
    website = StringField(_l("Website"), validators=column_checks(Organization.website, URL()))
    geo_member = BooleanField(_l("GEO member"))
    status = SelectField(_l("Status"), choices=OrganizationStatus.choices())
    joined_on = DateField(_l("Joined on"), validators=column_checks(Organization.joined_on))
    notes = TextAreaField(_l("Notes"), validators=column_checks(Organization.notes))
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "—")] + country_choices()


class PersonForm(FlaskForm):
    name = StringField(_l("Name"), validators=column_checks(Person.name))
    email = EmailField(_l("E-mail"), validators=column_checks(Person.email, Email(check_deliverability=False)))
    organization_id = SelectField(_l("Organization"), coerce=_optional_int, validate_choice=False)
    title = StringField(_l("Title"), validators=column_checks(Person.title))
    roles = SelectMultipleField(_l("CSDR roles"), choices=PersonRole.choices())
    version = HiddenField()
