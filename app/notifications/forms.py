from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from app.notifications.models import KIND_LABELS


class EmailChoicesForm(FlaskForm):
    kinds = SelectMultipleField(_l("Send me an e-mail for"),
                                choices=[(kind.value, label) for kind, label in KIND_LABELS.items()],
                                option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))
