"""The SDG, Sendai and Paris vocabularies: loaded once per process from the CSV files in data/.

The files ship inside the app (`app/cases/data/`, copies of `shared/data/`). They are read
at start-up (the cases blueprint loads them when it is registered, so a broken file stops
the app at once) and kept in memory: they are small (≈ 450 terms) and change only with a
new release of the UN lists, which is a new version of the file.

Records store codes, never titles. A code that a later file drops stays readable on old
records: `term()` answers a placeholder marked `withdrawn`, and `ancestors()` derives the
parents of such a code from its syntax (`11.5.2` → `11.5` → `11`; `B-1` → `B`).

Repeated SDG indicators: the UN lists some indicators under several targets with a code for
each place (1.5.1 = 11.5.1 = 13.1.1). Each code is its own entry whose parent is the target
its code names, so a case tagged 11.5.1 counts under 11.5 and goal 11; `same_as` names the
twins, so pages can show them and a user can tag the other places deliberately.
"""

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
NAMES = ("sdg", "sendai", "paris")
LABELS = {"sdg": "SDG", "sendai": "Sendai", "paris": "Paris Agreement"}
# Titles in other languages: `<name>-translations.csv` beside each vocabulary (columns code, lang,
# short_title, title). A code or a language missing there keeps the English title.
# Our locales whose code differs from the language codes of those files; any other locale is
# looked up as it is (fr, es, ar, ru, lo, km, ne, sw), so a new interface language gets its
# titles with no change here.
TRANSLATION_LANGS = {"zh": "zh-Hans", "nb": "nb_NO"}


def _csv_lang(locale) -> str:
    code = str(locale or "")
    return TRANSLATION_LANGS.get(code, code)

_SYNTAX = {
    "sdg": re.compile(r"^\d{1,2}(\.[0-9a-z]{1,2}(\.\d{1,2})?)?$"),
    "sendai": re.compile(r"^[A-G](-\d{1,2})?$"),
    "paris": re.compile(r"^[a-z_]{2,40}$"),
}


@dataclass(frozen=True)
class Term:
    vocabulary: str
    code: str
    level: str
    parent: str | None
    title: str
    short_title: str = ""
    article: str = ""
    same_as: tuple[str, ...] = ()
    withdrawn: bool = False
    translations: dict = field(default_factory=dict, compare=False, hash=False)

    def title_in(self, locale: str | None) -> str:
        """The title in the user's language when the UN lists have it, else in English."""
        return self.translations.get(_csv_lang(locale), {}).get("title") or self.title

    def short_title_in(self, locale: str | None) -> str:
        return (self.translations.get(_csv_lang(locale), {}).get("short_title")
                or self.short_title)

    @property
    def label(self) -> str:
        return f"{LABELS[self.vocabulary]} {self.code}"

    def as_json(self, locale: str | None = None) -> dict:
        return {"vocabulary": self.vocabulary, "code": self.code, "level": self.level, "parent": self.parent,
                "title": self.title_in(locale), "short_title": self.short_title_in(locale),
                "article": self.article or None, "same_as": list(self.same_as)}


class Vocabulary:
    """One framework's terms in file order, with parents, children and search."""

    def __init__(self, name: str, terms: list[Term]):
        self.name = name
        self.label = LABELS[name]
        self.terms: dict[str, Term] = {}
        for term in terms:
            self.terms.setdefault(term.code, term)
        self.children: dict[str | None, list[Term]] = defaultdict(list)
        for term in self.terms.values():
            self.children[term.parent].append(term)
        self._order = {code: i for i, code in enumerate(self.terms)}

    def __contains__(self, code) -> bool:
        return code in self.terms

    def __len__(self) -> int:
        return len(self.terms)

    def level(self, level: str) -> list[Term]:
        return [t for t in self.terms.values() if t.level == level]

    @property
    def top(self) -> list[Term]:
        return self.children[None]

    def term(self, code: str) -> Term:
        """The term, or a placeholder for a code a later file dropped (old records keep it)."""
        known = self.terms.get(code)
        if known is not None:
            return known
        parent = self.syntactic_parent(code)
        level = self._level_by_syntax(code)
        return Term(self.name, code, level, parent, "", withdrawn=True)

    def normalise(self, code) -> str:
        """The code as the UN writes it: `b-1` → `B-1`, `17.A` → `17.a`, `Mitigation` → `mitigation`."""
        code = str(code).strip()
        if self.name == "sendai":
            return code.upper()
        return code.lower()

    def is_well_formed(self, code: str) -> bool:
        return bool(_SYNTAX[self.name].match(code))

    def syntactic_parent(self, code: str) -> str | None:
        if self.name == "sdg" and "." in code:
            return code.rsplit(".", 1)[0]
        if self.name == "sendai" and "-" in code:
            return code.split("-", 1)[0]
        return None

    def _level_by_syntax(self, code: str) -> str:
        if self.name == "sdg":
            return ("goal", "target", "indicator")[min(code.count("."), 2)]
        if self.name == "sendai":
            return "indicator" if "-" in code else "target"
        return "area"

    def ancestors(self, code: str) -> list[str]:
        """The codes above this one, nearest first (from the file, else from the code's syntax)."""
        found = []
        parent = self.term(code).parent
        while parent and parent not in found:
            found.append(parent)
            parent = self.term(parent).parent
        return found

    def sort_key(self, code: str):
        return (self._order.get(code, len(self._order)), code)

    def search(self, query: str, limit: int = 20, locale: str | None = None) -> list[Term]:
        """Terms whose code starts with the query, then those whose title contains every word of it."""
        query = (query or "").strip()
        if not query:
            return []
        wanted = self.normalise(query)
        by_code = [t for t in self.terms.values() if t.code.startswith(wanted)]
        matched = {t.code for t in by_code}
        words = query.lower().split()
        by_title = [t for t in self.terms.values() if t.code not in matched and all(
            w in f"{t.short_title} {t.title} {t.title_in(locale)} {t.article}".lower() for w in words)]
        by_code.sort(key=lambda t: (len(t.code), self.sort_key(t.code)))
        return (by_code + by_title)[:limit]


def _rows(name: str) -> list[dict]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _translations(name: str) -> dict[str, dict[str, dict]]:
    """{code: {lang: {"title", "short_title"}}} from the vocabulary's translations file."""
    by_code: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in _rows(f"{name}-translations"):
        by_code[row["code"].strip()][row["lang"]] = {"title": row["title"].strip(),
                                                     "short_title": row["short_title"].strip()}
    return by_code


def _load_sdg() -> Vocabulary:
    rows = _rows("sdg")
    translations = _translations("sdg")
    twins: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["level"] == "indicator":
            twins[" ".join(row["title"].split()).lower()].append(row["code"].strip())
    terms = []
    for row in rows:
        code = row["code"].strip()
        same = twins.get(" ".join(row["title"].split()).lower(), []) if row["level"] == "indicator" else []
        terms.append(Term("sdg", code, row["level"], row["parent"].strip() or None, row["title"].strip(),
                          short_title=row["short_title"].strip(), same_as=tuple(c for c in same if c != code),
                          translations=translations.get(code, {})))
    return Vocabulary("sdg", terms)


def _load_sendai() -> Vocabulary:
    translations = _translations("sendai")
    return Vocabulary("sendai", [Term("sendai", r["code"].strip(), r["level"], r["parent"].strip() or None,
                                      r["title"].strip(), translations=translations.get(r["code"].strip(), {}))
                                 for r in _rows("sendai")])


def _load_paris() -> Vocabulary:
    # An area's name is its short title and its description its title, in paris-translations.csv too.
    translations = _translations("paris")
    return Vocabulary("paris", [Term("paris", r["code"].strip(), "area", None, r["description"].strip(),
                                     short_title=r["title"].strip(), article=r["article"].strip(),
                                     translations=translations.get(r["code"].strip(), {}))
                                for r in _rows("paris")])


@cache
def vocabulary(name: str) -> Vocabulary:
    """The named vocabulary (sdg, sendai or paris), read once per process."""
    loaders = {"sdg": _load_sdg, "sendai": _load_sendai, "paris": _load_paris}
    if name not in loaders:
        raise KeyError(name)
    return loaders[name]()


def load_all() -> None:
    """Read every vocabulary now, so a broken file stops the app at start-up."""
    for name in NAMES:
        vocabulary(name)


def unknown_codes(name: str, codes) -> list[str]:
    """The codes of the list that the vocabulary does not hold."""
    vocab = vocabulary(name)
    return [c for c in codes if c not in vocab]


def expand(name: str, codes) -> dict[str, bool]:
    """Each code with every ancestor: {code: True when tagged directly, False when implied}."""
    vocab = vocabulary(name)
    found: dict[str, bool] = {}
    for code in codes:
        found[code] = True
        for ancestor in vocab.ancestors(code):
            found.setdefault(ancestor, False)
    return found


def search_all(query: str, limit: int = 20, locale: str | None = None, names=NAMES) -> list[Term]:
    """The best matches across vocabularies, for the tag picker."""
    results: list[Term] = []
    for name in names:
        results += vocabulary(name).search(query, limit, locale)
    return results[:limit] if len(names) == 1 else _interleave(results, query, limit)


def _interleave(results: list[Term], query: str, limit: int) -> list[Term]:
    # Code matches first whichever vocabulary they come from, then title matches.
    query = query.strip().lower()
    return sorted(results, key=lambda t: not t.code.lower().startswith(query))[:limit]
