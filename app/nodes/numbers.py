"""Reading numbers typed by people, sent as JSON or read from spreadsheets, the same way everywhere."""

from decimal import Decimal, InvalidOperation


def whole_number(value) -> int:
    """An int from an int, an integral Decimal/float, or digits in text; ValueError otherwise (booleans too)."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, (Decimal, float)) and value == int(value):
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
    raise ValueError("not a whole number")


def decimal_number(value, places: int) -> Decimal:
    """A finite Decimal rounded to `places` decimals; ValueError for text that is not a number."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, Decimal):
        number = value
    else:
        text = value.strip() if isinstance(value, str) else repr(value)
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError("not a number") from None
    if not number.is_finite():
        raise ValueError("not a finite number")
    return number.quantize(Decimal(1).scaleb(-places))
