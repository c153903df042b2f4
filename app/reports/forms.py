from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional

from app.core import languages
from app.core.forms import column_checks
from app.reports.models import Report


def _one_line_break(text):
    """Browsers send a line break as CR LF: count it once, as it is stored (services.set_summary)."""
    return text.replace("\r\n", "\n") if isinstance(text, str) else text


class GenerateForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[("annual", _l("annual (a year)")),
                                            ("seasonal", _l("seasonal (a quarter)"))])
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(min=2000, max=2100)])
    quarter = SelectField(_l("Quarter (seasonal reports)"), choices=[("", "—"), ("1", "Q1"), ("2", "Q2"),
                                                                     ("3", "Q3"), ("4", "Q4")],
                          validators=[Optional()])
    lang = SelectField(_l("Language of the report"), choices=languages.choices, default=languages.DEFAULT)


class SummaryForm(FlaskForm):
    summary = TextAreaField(_l("Executive summary"), validators=column_checks(Report.summary),
                            filters=[_one_line_break],
                            description=_l("The secretariat's summary of the period, printed at the head of the "
                                           "report. Blank lines separate paragraphs."),
                            render_kw={"rows": 10})
