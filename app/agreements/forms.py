from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
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
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.agreements.models import (
    SATELLITES,
    Agreement,
    AgreementKind,
    AgreementStatus,
    PartyRole,
    PermittedUse,
    ProductLevel,
)
from app.core.forms import column_checks
from app.partners.forms import _optional_int

KIND_LABELS = {kind: AgreementKind.__labels__[kind.value] for kind in AgreementKind}
NEW_STATUSES = (AgreementStatus.draft, AgreementStatus.negotiating, AgreementStatus.active)


class PartyForm(Form):
    organization_id = SelectField(_l("Organization"), coerce=_optional_int, validate_choice=False)
    role = SelectField(_l("Role"), choices=PartyRole.choices(), default=PartyRole.partner.value)


class AgreementForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[(k.value, label) for k, label in KIND_LABELS.items()])
    reference = StringField(_l("Reference"), validators=column_checks(Agreement.reference))
    title = StringField(_l("Title"), validators=column_checks(Agreement.title))
    status = SelectField(_l("Status"), choices=AgreementStatus.choices(NEW_STATUSES))
    signed_on = DateField(_l("Signed on"), validators=[Optional()])
    effective_from = DateField(_l("Effective from"), validators=[Optional()])
    expires_on = DateField(_l("Expires on"), validators=[Optional()],
                           description=_l("Leave empty when the agreement has no end date."))
    notice_days = IntegerField(_l("Notice period (days)"), validators=[Optional(), NumberRange(min=0, max=3650)])
    auto_renew = BooleanField(_l("Renews automatically"))
    renewal_months = IntegerField(_l("Renewal period (months)"), validators=[Optional(), NumberRange(min=1, max=120)],
                                  description=_l("The length of each renewal term; empty: as long as the first term."))
    parties = FieldList(FormField(PartyForm), label=_l("Parties"), min_entries=4)
    signatory_ids = SelectMultipleField(_l("Signatories"), coerce=int, validate_choice=False)
    non_commercial = BooleanField(_l("Non-commercial use only"), default=True)
    geoss_principles = BooleanField(_l("GEOSS data sharing principles"), default=True)
    attribution = StringField(_l("Attribution"), validators=column_checks(Agreement.attribution),
                              description=_l("The credit line users of the data must show."))
    supersedes_id = SelectField(_l("Amends or renews"), coerce=_optional_int, validate_choice=False)
    # Data-use license terms (kind "data_license" only).
    licensee_id = SelectField(_l("Licensee"), coerce=_optional_int, validate_choice=False)
    satellites = SelectMultipleField(_l("Satellites covered"), choices=[(s, s) for s in SATELLITES])
    product_levels = SelectMultipleField(_l("Product levels"), choices=ProductLevel.choices())
    territory = StringField(_l("Territory"), validators=[Optional(), Length(max=2000)],
                            description=_l("ISO 3166 alpha-3 country codes, separated by commas (e.g. LAO, KHM)."))
    permitted_uses = SelectMultipleField(_l("Permitted uses"), choices=PermittedUse.choices())
    notes = TextAreaField(_l("Notes"), validators=column_checks(Agreement.notes))
    version = HiddenField()


class RenewForm(FlaskForm):
    reference = StringField(_l("Reference of the renewal"), validators=[DataRequired(), Length(max=60)])
    status = SelectField(_l("Status"), choices=AgreementStatus.choices(NEW_STATUSES))
    signed_on = DateField(_l("Signed on"), validators=[Optional()])
    effective_from = DateField(_l("Effective from"), validators=[Optional()])
    expires_on = DateField(_l("Expires on"), validators=[Optional()])
    version = HiddenField()


class TerminateForm(FlaskForm):
    ended_on = DateField(_l("No longer in force from"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    version = HiddenField()


class DocumentForm(FlaskForm):
    file = FileField(_l("Signed copy (PDF)"), validators=[FileRequired()])
    title = StringField(_l("Document title"), validators=[Optional(), Length(max=200)],
                        description=_l("The same title as an existing document makes this upload its next version."))
