"""Forms of quarterly reports: the figures and texts, and the workflow buttons."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DecimalField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.core.forms import column_checks
from app.nodes.quarterly.models import QuarterlyReport


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
    highlights = TextAreaField(_l("Highlights"), validators=column_checks(QuarterlyReport.highlights))
    problems = TextAreaField(_l("Problems"), validators=column_checks(QuarterlyReport.problems))
    needs = TextAreaField(_l("Needs"), validators=column_checks(QuarterlyReport.needs))
    version = HiddenField()



class ReportStepForm(FlaskForm):
    """A workflow button (submit, accept), carrying the version the user saw."""

    version = HiddenField()
    comment = TextAreaField(_l("Comment (optional)"), validators=[Optional(), Length(max=10000)])



class ReturnReportForm(FlaskForm):
    version = HiddenField()
    comment = TextAreaField(_l("What should the node change?"), validators=[DataRequired(), Length(max=10000)])


class FilledFormUpload(FlaskForm):
    """A report's form filled offline (offline.py), uploaded back."""

    file = FileField(_l("Filled form (.xlsx)"),
                     validators=[FileRequired(), FileAllowed(["xlsx"], _l("Upload an .xlsx file."))])


class LockPeriodForm(FlaskForm):
    """Close a quarter: its reports no longer change."""

    quarter = StringField(_l("Quarter (e.g. 2025Q3)"), validators=[DataRequired(), Length(max=10)])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class UnlockPeriodForm(FlaskForm):
    """Open a closed quarter again (the button carries the CSRF token only)."""
