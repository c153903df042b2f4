"""The languages of the interface and the reports: English plus one catalogue per language.

Adding a language is adding ``app/translations/<code>/LC_MESSAGES/messages.po``: the list is
read from the catalogues present, so the switch, the profile and the report choice offer it.
"""

from functools import cache
from pathlib import Path

from babel import Locale

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
DEFAULT = "en"


@cache
def codes() -> tuple[str, ...]:
    """English first, then every language with a catalogue, by code."""
    found = sorted(p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
    return (DEFAULT, *[code for code in found if code != DEFAULT])


def is_supported(code) -> bool:
    return isinstance(code, str) and code in codes()


def native_name(code: str) -> str:
    """The language's name in itself (English, 简体中文, français → Français)."""
    name = {"zh": "简体中文"}.get(code) or Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def choices() -> list[tuple[str, str]]:
    """(code, name in that language), for a select."""
    return [(code, native_name(code)) for code in codes()]


def best(code, default: str = DEFAULT) -> str:
    return code if is_supported(code) else default


def translate(message) -> str:
    """A message made elsewhere in English (a service's error, a flash), in the reader's language when the
    catalogue has it. Unlike Jinja's ``_()`` the result is not marked safe, so it is still escaped."""
    from flask_babel import gettext

    return str(gettext(message)) if isinstance(message, str) and message else ("" if message is None else str(message))


class Message:
    """A text to be written later in its reader's language: a catalogue msgid and its values.

    Notices are made by jobs for many people at once; each is written in its recipient's
    language (``render`` under ``force_locale``). Dates and numbers among the values are
    formatted in that language too. ``Message`` is an extraction keyword (``make messages``):
    ``Message("Due on %(day)s.", day=due_on)`` puts its msgid in the catalogues.
    """

    def __init__(self, msgid: str, **values):
        self.msgid = msgid
        self.values = values

    def render(self) -> str:
        from datetime import date, datetime

        from flask_babel import format_date, format_datetime, format_decimal, gettext

        def written(value):
            if isinstance(value, datetime):
                return format_datetime(value, "medium")
            if isinstance(value, date):
                return format_date(value, "medium")
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return format_decimal(value)
            return value

        return gettext(self.msgid, **{k: written(v) for k, v in self.values.items()})

    def in_language(self, code) -> str:
        from flask_babel import force_locale

        with force_locale(best(code)):
            return self.render()

    def __str__(self) -> str:
        return self.render()


def N_(message: str) -> str:  # noqa: N802 - the name every gettext tool knows
    """Mark a message for extraction only; it is translated where it is shown (``translate``, ``|t``)."""
    return message


def country_in_language(code) -> str:
    """A country's name in the reader's language (Babel's CLDR names); English keeps the ISO name."""
    from flask_babel import get_locale

    from app.core.countries import country_name

    english = country_name(code)
    locale = get_locale()
    if not english or locale is None or locale.language == DEFAULT:
        return english
    import pycountry

    country = pycountry.countries.get(alpha_3=str(code).upper())
    return (locale.territories.get(country.alpha_2) if country else None) or english
