from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.auth.models import Role
from app.core import languages, time_zones


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired()])


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[Optional(), Length(max=100)])


class UserInviteForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=Role.choices())
    node_id = SelectField(_l("Node (coordinators)"), coerce=lambda v: int(v) if v else None)


class UserRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=Role.choices())
    node_id = SelectField(_l("Node (coordinators)"), coerce=lambda v: int(v) if v else None)


class PreferencesForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=languages.choices)
    time_zone = SelectField(_l("Time zone"), choices=lambda: [("", _l("UTC"))] + time_zones.choices())


class LanguageForm(FlaskForm):
    """The navbar's language switch."""

    lang = SelectField(_l("Language"), choices=languages.choices)
    next = HiddenField()


class EmptyForm(FlaskForm):
    """A CSRF-protected button."""
