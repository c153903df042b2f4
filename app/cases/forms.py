from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from app.agreements.models import SATELLITES
from app.capacity.forms import NodeOwnedForm
from app.cases.models import Case, CaseDomain, CaseStatus
from app.cases.services import as_list
from app.core.countries import country_choices
from app.core.forms import column_checks
from app.partners.queries import organization_choices


class CodeListField(StringField):
    """Codes typed as "11.5.2, 1.5.1" (or chosen with the tag picker), held as a list."""

    def _value(self):
        return ", ".join(self.data) if isinstance(self.data, list) else (self.data or "")

    def process_formdata(self, valuelist):
        self.data = as_list(valuelist[0]) if valuelist else []


class LinesField(TextAreaField):
    """One value per line, held as a list."""

    def _value(self):
        return "\n".join(self.data) if isinstance(self.data, list) else (self.data or "")

    def process_formdata(self, valuelist):
        self.data = [line.strip() for line in (valuelist[0] if valuelist else "").splitlines() if line.strip()]


MULTIPLE = _l("Hold Ctrl (⌘ on a Mac) to choose several.")


class CaseForm(NodeOwnedForm):
    title = StringField(_l("Title"), validators=column_checks(Case.title))
    summary = TextAreaField(_l("Summary"), validators=column_checks(Case.summary))
    countries = SelectMultipleField(_l("Countries"), validators=[DataRequired()], render_kw={"size": 8},
                                    description=MULTIPLE)
    domains = SelectMultipleField(_l("Domains"), choices=CaseDomain.choices(),
                                  render_kw={"size": len(CaseDomain)}, description=MULTIPLE)
    satellites = SelectMultipleField(_l("Satellites and products used"), validate_choice=False, render_kw={"size": 8},
                                     description=MULTIPLE)
    partner_ids = SelectMultipleField(_l("Partners"), coerce=int, validate_choice=False, render_kw={"size": 8},
                                      description=MULTIPLE)
    start_on = DateField(_l("Start"), validators=[Optional()])
    end_on = DateField(_l("End"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=CaseStatus.choices())
    outcomes = TextAreaField(_l("Outcomes"), validators=column_checks(Case.outcomes))
    links = LinesField(_l("Evidence links (one per line)"))
    sdg = CodeListField(_l("SDG goals, targets, indicators"))
    sendai = CodeListField(_l("Sendai targets, indicators"))
    paris = CodeListField(_l("Paris Agreement areas"))

    TAG_FIELDS = ("sdg", "sendai", "paris")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.countries.choices = country_choices()
        # The satellites licenses name (one list), and any a case kept from an older list.
        self.satellites.choices = [(s, s) for s in [*SATELLITES, *(s for s in self.satellites.data or []
                                                                  if s not in SATELLITES)]]
        self.partner_ids.choices = organization_choices(include_empty=False)

    def picked(self) -> list[tuple[str, str]]:
        """(framework, code) of the tags the form holds now, for the picker's chips."""
        return [(name, code) for name in self.TAG_FIELDS for code in (getattr(self, name).data or [])]
