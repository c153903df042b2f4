"""The catalogues: every string of the app translated in every language, none stale, placeholders kept."""

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from app.core import languages

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [code for code in languages.codes() if code != languages.DEFAULT]


def catalogue(code: str):
    with (languages.TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=code)


def extracted_ids() -> set[tuple[str | None, str]]:
    """What `make messages` extracts, with the same mapping and keywords: (context, id) pairs."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = DEFAULT_KEYWORDS | {"_l": None, "lazy_gettext": None, "Message": None,
                                   "_p": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2)}
    found = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def test_the_languages_are_read_from_the_catalogues_present():
    assert languages.codes()[0] == "en"
    assert {"zh", "fr", "es"} <= set(languages.codes())
    assert dict(languages.choices())["zh"] == "简体中文"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(code):
    missing = [m.id for m in catalogue(code) if m.id and (m.fuzzy or not m.string
                                                           or (isinstance(m.string, tuple) and not all(m.string)))]
    assert missing == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_placeholders_are_kept(code):
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalogue(code).check()]
    assert problems == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_extraction_finds_nothing_the_catalogue_lacks(code):
    known = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalogue(code) if m.id}
    new = sorted(extracted_ids() - known, key=str)
    assert new == [], "run `make messages` and translate: " + "; ".join(str(n) for n in new[:20])
