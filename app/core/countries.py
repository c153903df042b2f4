"""Countries (ISO 3166-1 alpha-3), currencies (ISO 4217) and continents."""

from functools import cache

import pycountry

# UN M49 numeric codes grouped by continent (compact: ranges of the standard).
_AFRICA = {12, 24, 72, 86, 108, 120, 132, 140, 148, 174, 175, 178, 180, 204, 226, 231, 232, 260, 262,
           266, 270, 288, 324, 384, 404, 426, 430, 434, 450, 454, 466, 478, 480, 504, 508, 516, 562,
           566, 624, 638, 646, 654, 678, 686, 690, 694, 706, 710, 716, 728, 729, 732, 748, 768, 788,
           800, 818, 834, 854, 894}
_EUROPE = {8, 20, 40, 56, 70, 100, 112, 191, 196, 203, 208, 233, 234, 246, 248, 250, 276, 292, 300,
           304, 336, 348, 352, 372, 380, 428, 438, 440, 442, 470, 492, 498, 499, 528, 578, 616, 620,
           642, 643, 674, 688, 703, 705, 724, 744, 752, 756, 804, 807, 826, 831, 832, 833}
_AMERICAS = {28, 32, 44, 52, 60, 68, 74, 76, 84, 92, 124, 136, 152, 170, 188, 192, 212, 214, 218,
             222, 238, 239, 254, 308, 312, 320, 328, 332, 340, 388, 474, 484, 500, 531, 533, 534,
             535, 558, 591, 600, 604, 630, 652, 659, 660, 662, 663, 666, 670, 740, 780, 796, 840,
             850, 858, 862}
_OCEANIA = {16, 36, 90, 162, 166, 184, 242, 258, 296, 316, 334, 520, 540, 548, 554, 570, 574, 580,
            581, 583, 584, 585, 598, 612, 772, 776, 798, 876, 882}


@cache
def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.alpha_3, c.name) for c in pycountry.countries), key=lambda c: c[1])


def country_name(code: str | None) -> str:
    """The country's name; "" for no country (None, "", or a missing value such as NaN)."""
    if not code or not isinstance(code, str):
        return ""
    country = pycountry.countries.get(alpha_3=code)
    return country.name if country else code


def is_country(code: str | None) -> bool:
    return bool(code) and len(code) == 3 and pycountry.countries.get(alpha_3=code.upper()) is not None


def is_currency(code: str | None) -> bool:
    return bool(code) and len(code) == 3 and pycountry.currencies.get(alpha_3=code.upper()) is not None


def continent(code: str | None) -> str | None:
    """The continent of a country, for the node's derived region."""
    country = pycountry.countries.get(alpha_3=code) if code and isinstance(code, str) else None
    if country is None:
        return None
    number = int(country.numeric)
    for name, members in (("Africa", _AFRICA), ("Europe", _EUROPE), ("Americas", _AMERICAS),
                          ("Oceania", _OCEANIA)):
        if number in members:
            return name
    return "Asia"


def N_(message: str) -> str:  # noqa: N802 - the extraction marker (app.core.languages has the same)
    return message


# The regions ``continent`` gives (and "Other"), for the catalogues: pages and PDFs translate them.
REGION_NAMES = (N_("Africa"), N_("Americas"), N_("Asia"), N_("Europe"), N_("Oceania"), N_("Other"))
