from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.agreements.models import SATELLITES, PermittedUse, ProductLevel
from app.core.countries import country_choices
from app.core.forms import column_checks
from app.datarequests.models import METHOD_LABELS, DataDelivery, DataRequest
from app.partners.forms import _optional_int
from app.partners.queries import organization_choices

USE_LABELS = {
    PermittedUse.research: _l("Research"),
    PermittedUse.education: _l("Education"),
    PermittedUse.public_administration: _l("Public administration"),
    PermittedUse.disaster_response: _l("Disaster response"),
    PermittedUse.environmental_monitoring: _l("Environmental monitoring"),
    PermittedUse.humanitarian: _l("Humanitarian"),
    PermittedUse.commercial: _l("Commercial"),
}
LEVEL_LABELS = {
    ProductLevel.L1: _l("L1 (radiometrically corrected)"),
    ProductLevel.L2: _l("L2 (geometrically corrected)"),
    ProductLevel.DOM: _l("DOM (orthophoto)"),
    ProductLevel.DEM: _l("DEM (elevation model)"),
    ProductLevel.DSM: _l("DSM (surface model)"),
}
MULTIPLE = _l("Hold Ctrl (⌘ on a Mac) to choose several.")
MAX_AREA_BYTES = 2 * 1024 * 1024


def _node_choices():
    from app.capacity.forms import node_choices

    return [("", "—")] + node_choices()[1:]


class DataRequestForm(FlaskForm):
    node_id = SelectField(_l("Node the request comes through"), coerce=_optional_int, validate_choice=False)
    organization_id = SelectField(_l("Requesting organization"), coerce=_optional_int, validate_choice=False,
                                  description=_l("Leave empty for the node's host organization."))
    title = StringField(_l("Title"), validators=column_checks(DataRequest.title))
    countries = SelectMultipleField(_l("Countries"), render_kw={"size": 8},
                                    description=_l("The countries of interest; or give an area below."))
    area = TextAreaField(_l("Area (GeoJSON polygon)"), render_kw={"rows": 4, "spellcheck": "false"},
                         description=_l("Paste a GeoJSON Polygon or MultiPolygon (longitude, latitude), "
                                        "or upload a .geojson file."))
    area_file = FileField(_l("Area file (.geojson)"))
    acquired_from = DateField(_l("Acquired from"), validators=[DataRequired()])
    acquired_to = DateField(_l("Acquired until"), validators=[DataRequired()])
    satellites = SelectMultipleField(_l("Satellites"), render_kw={"size": 8}, description=MULTIPLE,
                                     choices=[(s, s) for s in SATELLITES])
    product_levels = SelectMultipleField(_l("Product levels"), description=MULTIPLE,
                                         choices=[(k.value, v) for k, v in LEVEL_LABELS.items()])
    purpose = SelectField(_l("Purpose"), choices=[(k.value, v) for k, v in USE_LABELS.items()])
    is_free_experiment = BooleanField(_l("Free of charge, for a joint experiment"))
    notes = TextAreaField(_l("Notes"), validators=column_checks(DataRequest.notes))
    version = HiddenField()

    def __init__(self, *args, may_choose_node=True, **kwargs):
        super().__init__(*args, **kwargs)
        if may_choose_node:
            self.node_id.choices = _node_choices()
        else:
            del self.node_id
        self.organization_id.choices = [("", "—")] + organization_choices(include_empty=False)
        self.countries.choices = country_choices()

    def area_text(self) -> str | None:
        """The uploaded file's text if one was given, else the pasted text."""
        upload = self.area_file.data
        if upload and getattr(upload, "filename", ""):
            raw = upload.read(MAX_AREA_BYTES + 1)
            if len(raw) > MAX_AREA_BYTES:
                return '{"type": "too large"}'
            return raw.decode("utf-8", errors="replace")
        return self.area.data


class DecisionForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=10000)])


class DeliveryForm(FlaskForm):
    scenes = IntegerField(_l("Scenes"), validators=[DataRequired(), NumberRange(min=1)])
    volume_gb = DecimalField(_l("Volume (GB)"), places=3, validators=[DataRequired(), NumberRange(min=0)])
    delivered_on = DateField(_l("Sent on"), validators=[DataRequired()])
    method = SelectField(_l("How"), choices=[(k.value, v) for k, v in METHOD_LABELS.items()])
    note = TextAreaField(_l("Note"), validators=column_checks(DataDelivery.note))


class LicenseQuestionForm(FlaskForm):
    """The license question, asked with GET (a question changes nothing)."""

    class Meta:
        csrf = False

    organization_id = SelectField(_l("Organization (licensee)"), coerce=_optional_int, validate_choice=False,
                                  validators=[DataRequired()])
    satellite = SelectMultipleField(_l("Satellites"), choices=[(s, s) for s in SATELLITES],
                                    validators=[DataRequired()], render_kw={"size": 6}, description=MULTIPLE)
    country = SelectMultipleField(_l("Countries"), render_kw={"size": 6}, description=MULTIPLE)
    level = SelectMultipleField(_l("Product levels"), choices=[(k.value, v) for k, v in LEVEL_LABELS.items()],
                                description=MULTIPLE)
    use = SelectField(_l("Use"), choices=[("", "—")] + [(k.value, v) for k, v in USE_LABELS.items()],
                      validate_choice=False)
    on = DateField(_l("On"), validators=[Optional()], description=_l("Empty: today."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id.choices = [("", "—")] + organization_choices(include_empty=False)
        self.country.choices = country_choices()


class DeliveryLogForm(FlaskForm):
    file = FileField(_l("SatCloud push log (.csv or .xlsx)"))
