"""Forms of the contribution register: a contribution, an exchange rate, an import."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DecimalField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.core.forms import column_checks
from app.nodes.contributions.models import Contribution, ContributionKind, ContributionStatus
from app.partners.forms import _optional_int


class ContributionForm(FlaskForm):
    organization_id = SelectField(_l("Organization"), coerce=_optional_int, validate_choice=False,
                                  validators=[DataRequired()])
    node_id = SelectField(_l("Node"), coerce=_optional_int, validate_choice=False)
    year = IntegerField(_l("Year"), validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=ContributionKind.choices())
    status = SelectField(_l("Pledged or received"), choices=ContributionStatus.choices(),
                         default=ContributionStatus.received.value)
    amount = DecimalField(_l("Amount (financial)"), places=2, validators=[Optional(), NumberRange(min=0)])
    currency = StringField(_l("Currency (ISO 4217)"), validators=[Optional(), Length(min=3, max=3)])
    quantity = DecimalField(_l("Quantity (in kind)"), places=3, validators=[Optional(), NumberRange(min=0)])
    unit = StringField(_l("Unit (TB, FTE, …)"), validators=[Optional(), Length(max=30)])
    estimated_value = DecimalField(_l("Estimated value (in kind)"), places=2,
                                   validators=[Optional(), NumberRange(min=0)])
    description = TextAreaField(_l("Description"), validators=column_checks(Contribution.description))
    evidence = StringField(_l("Evidence (reference or link)"), validators=column_checks(Contribution.evidence))
    version = HiddenField()



class ExchangeRateForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[DataRequired()])
    currency = StringField(_l("Currency"), validators=[DataRequired(), Length(min=3, max=3)])
    rate = DecimalField(_l("Rate"), places=8, validators=[DataRequired()])
    version = HiddenField()



class ImportForm(FlaskForm):
    file = FileField(_l("Spreadsheet (.xlsx or .csv)"),
                     validators=[FileRequired(), FileAllowed(["xlsx", "csv"], _l("Upload an .xlsx or .csv file."))])
