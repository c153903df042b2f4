"""Money as the reader's language writes it: Babel's currency format (symbol, its place, separators).

The one place amounts become text: the pages' ``money`` filter, the dashboard's figures and the
report PDFs (in the report's language) all call ``amount``.
"""

from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from flask_babel import get_locale

from app.core.countries import is_currency


def _locale(locale) -> str:
    return str(locale or get_locale() or "en")


def amount(value, currency: str | None, locale=None) -> str:
    """1234.5 USD → "$1,234.50" (en), "1 234,50 $US" (fr), "US$1,234.50" (zh), "1.234,50 US$" (es).

    Without a currency (or with a code that is not one) the amount is a number with two decimals.
    """
    if value is None:
        return ""
    value = Decimal(str(value)) if isinstance(value, float) else value
    code = (currency or "").strip().upper()
    if not code or not is_currency(code):
        text = format_decimal(value, format="#,##0.00", locale=_locale(locale))
        return f"{text} {currency}" if currency else text
    return format_currency(value, code, locale=_locale(locale))


def quantity(value, unit: str | None, locale=None) -> str:
    """A figure with its unit: money when the unit is a currency, else the number and the unit (12.5 %)."""
    if value is None:
        return ""
    code = (unit or "").strip()
    if code and len(code) == 3 and code.isupper() and is_currency(code):
        return amount(value, code, locale)
    text = format_decimal(value, format="#,##0.##", locale=_locale(locale))
    return f"{text} {unit}" if unit else text
