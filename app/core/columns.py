"""What a field may hold is written once, on its model's column; forms, API schemas and the
flush guard (app/core/text.py) read it from there.

- length: a String column's own length, or `info={"max_length": n}` on a Text column;
- need: a NOT NULL column with no default must be given;
- numbers: what an INTEGER (or BIGINT) column holds.
"""

from dataclasses import dataclass

from sqlalchemy import BigInteger, Integer, String

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1


@dataclass(frozen=True)
class Limits:
    required: bool
    max_length: int | None
    max_int: int | None


def column_of(attribute):
    """The Column behind a mapped attribute (Organization.name) or a Column itself."""
    prop = getattr(attribute, "property", None)
    return prop.columns[0] if prop is not None else attribute


def limits(attribute) -> Limits:
    column = column_of(attribute)
    kind = column.type
    max_length = column.info.get("max_length")
    if max_length is None and isinstance(kind, String) and not hasattr(kind, "enums"):
        max_length = kind.length
    max_int = None
    if isinstance(kind, Integer):
        max_int = INT64_MAX if isinstance(kind, BigInteger) else INT32_MAX
    required = not column.nullable and column.default is None and column.server_default is None \
        and not column.primary_key
    return Limits(required=required, max_length=max_length, max_int=max_int)
