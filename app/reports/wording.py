"""What an English snapshot says, said again in the report's language.

The snapshot is archived in English (services._english_snapshot): its static labels are
msgids the catalogue has (``t``). Its section summaries are sentences with figures in them: since
schema 2 each section carries its sentence as messages too (``said``, snapshot.said), which ``say``
writes in the reader's language (``gettext``/``ngettext``, numbers, periods and money in the
reader's way), so the translator sees whole sentences and may reorder them.

Snapshots of schema 1 (published reports never change) carry only the English sentence: each is
read back with the pattern of its English form (``SUMMARIES``, frozen to the wording of schema 1)
and said again from the same messages. Text no pattern recognises is shown as it is (English),
never garbled. A few titles with a value in them are read back the same way (``label``).
"""

import re
from collections.abc import Callable

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from app.core import money
from app.core.countries import is_currency


def _locale() -> str:
    return str(get_locale() or "en")


def number(value) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.##", locale=_locale())


def _numbers(m: re.Match) -> tuple[dict[str, int], dict[str, str]]:
    """The counts a summary's pattern found, as numbers and as the report's language writes them."""
    found = {name: int(re.sub(r"\D", "", value)) for name, value in m.groupdict().items()
             if value is not None and re.fullmatch(r"-?\d[\d,.\u00a0\u202f']*", value)}
    return found, {name: number(value) for name, value in found.items()}


# --- Periods -------------------------------------------------------------------------------------

_QUARTER = re.compile(r"^Q(?P<quarter>[1-4]) (?P<year>\d{4})$|^(?P<y>\d{4})Q(?P<q>[1-4])$")
_QUARTERS = re.compile(r"^Q1–Q(?P<quarter>[1-4]) (?P<year>\d{4})$")
_YEAR_TO_DATE = re.compile(r"^(?P<year>\d{4}), year to date$")


def period(label) -> str:
    """A period's label (2025, Q3 2025, Q1–Q3 2025, "2025, year to date") in the report's language."""
    text = "" if label is None else str(label)
    if m := _QUARTER.match(text):
        return _("Q%(quarter)s %(year)s", quarter=m["quarter"] or m["q"], year=m["year"] or m["y"])
    if m := _QUARTERS.match(text):
        return _("Q1–Q%(quarter)s %(year)s", quarter=m["quarter"], year=m["year"])
    if m := _YEAR_TO_DATE.match(text):
        return _("%(year)s, year to date", year=m["year"])
    return text


# --- Section summaries ---------------------------------------------------------------------------

def _param(value) -> str:
    """A message's param as the reader's language writes it (snapshot.said lists the kinds)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, dict):
        if "msgid" in value:
            return _said(value)
        if "period" in value:
            return period(value["period"])
        if "money" in value:
            amount, currency = value["money"]
            return money.amount(amount, currency, locale=_locale())
        if "country" in value:
            return country(value["country"])
        if "term" in value:
            return term(*value["term"])
    return str(value)


def term(framework: str, code: str) -> str:
    """A vocabulary's term (its short title, or its title) in the reader's language; its code when unknown."""
    from app.cases.vocabularies import vocabulary

    vocab = vocabulary(framework)
    if code not in vocab:
        return code
    found = vocab.term(code)
    return found.short_title_in(_locale()) or found.title_in(_locale()) or code


def country(code: str) -> str:
    """A country (ISO code) named in the reader's language (Babel's territories; English from pycountry)."""
    import pycountry

    from app.core.countries import country_name

    english = country_name(code)
    locale = get_locale()
    if locale is None or locale.language == "en":
        return english
    found = pycountry.countries.get(alpha_3=code) if len(code or "") == 3 else pycountry.countries.get(alpha_2=code)
    return locale.territories.get(found.alpha_2, english) if found else english


def _said(message: dict) -> str:
    params = {name: _param(value) for name, value in (message.get("params") or {}).items()}
    if message.get("plural") is not None:
        return ngettext(message["msgid"], message["plural"], int(message.get("n") or 0), **params)
    return _(message["msgid"], **params)


def say(messages: list) -> str:
    """Messages of a snapshot (``said``: a section's summary) in the reader's language, one sentence after
    another."""
    return " ".join(text for text in (_said(m) for m in messages or ()) if text)


def cell(value):
    """A table cell in the reader's language: a message, or a list of them joined; anything else as it is."""
    if isinstance(value, list):
        return ", ".join(cell(m) for m in value)
    if isinstance(value, dict):
        return _said(value) if "msgid" in value else _param(value)
    return value


def summary(section: dict) -> str:
    """A section's summary sentence in the reader's language: its messages (schema 2), or for a snapshot of
    schema 1 its English sentence read back (as it is when its pattern is unknown)."""
    if "said" in section:
        return say(section["said"])
    return _schema_1_summary(section)


# Schema 1: the English sentences of the figures as they were, read back. Frozen: the figures say their
# sentences as messages now, and a published report of schema 1 must still read the same.

def _network(m: re.Match) -> str:
    n, c = _numbers(m)
    return _("%(nodes)s in %(countries)s on %(continents)s; %(joined)s.",
             nodes=ngettext("%(count)s active node", "%(count)s active nodes", n["nodes"], count=c["nodes"]),
             countries=ngettext("%(count)s country", "%(count)s countries", n["countries"], count=c["countries"]),
             continents=ngettext("%(count)s continent", "%(count)s continents", n["continents"],
                                 count=c["continents"]),
             joined=ngettext("%(count)s partner organization joined", "%(count)s partner organizations joined",
                             n["joined"], count=c["joined"]))


def _reporting(m: re.Match) -> str:
    n, c = _numbers(m)
    return ngettext("%(accepted)s of %(count)s node report due in the period was accepted, %(on_time)s of them on "
                    "time. Only accepted reports count in the figures below.",
                    "%(accepted)s of %(count)s node reports due in the period were accepted, %(on_time)s of them "
                    "on time. Only accepted reports count in the figures below.",
                    n["due"], count=c["due"], accepted=c["accepted"], on_time=c["on_time"])


def _contributions(m: re.Match, section: dict) -> str:
    n, c = _numbers(m)
    total = next((f["value"] for f in section.get("headline", []) if f.get("key") == "contributions_total"
                  and isinstance(f.get("value"), (int, float))), n["total"])  # the total unrounded, when it is there
    return _("Contributions of %(period)s: %(total)s from %(partners)s (converted at the secretariat's rates); "
             "%(apart)s.",
             period=period(m["label"]), total=money.amount(total, m["currency"], locale=_locale()),
             partners=ngettext("%(count)s partner", "%(count)s partners", n["partners"], count=c["partners"]),
             apart=ngettext("%(count)s contribution without a rate is shown apart in its own currency",
                            "%(count)s contributions without a rate are shown apart in their own currency",
                            n["apart"], count=c["apart"]))


def _agreements(m: re.Match) -> str:
    n, c = _numbers(m)
    return _("%(in_force)s at the end of the period, %(signed)s in it; %(expiring)s and %(expired)s.",
             in_force=ngettext("%(count)s agreement in force", "%(count)s agreements in force", n["in_force"],
                               count=c["in_force"]),
             signed=ngettext("%(count)s signed", "%(count)s signed", n["signed"], count=c["signed"]),
             expiring=ngettext("%(count)s expiring soon", "%(count)s expiring soon", n["expiring"],
                               count=c["expiring"]),
             expired=ngettext("%(count)s expired", "%(count)s expired", n["expired"], count=c["expired"]))


def _capacity(m: re.Match) -> str:
    n, c = _numbers(m)
    return _("%(trainees)s in the period (%(new)s) from %(countries)s; %(events)s with %(participants)s.",
             trainees=ngettext("%(count)s trainee or exchange", "%(count)s trainees and exchanges", n["trainees"],
                               count=c["trainees"]),
             new=ngettext("%(count)s new", "%(count)s new", n["new"], count=c["new"]),
             countries=ngettext("%(count)s country", "%(count)s countries", n["countries"], count=c["countries"]),
             events=ngettext("%(count)s event", "%(count)s events", n["events"], count=c["events"]),
             participants=ngettext("%(count)s participant", "%(count)s participants", n["participants"],
                                   count=c["participants"]))


def _cases(m: re.Match) -> str:
    n, c = _numbers(m)
    return _("%(cases)s in %(countries)s; they address %(sdg)s of the 17 SDGs, %(sendai)s of the 7 Sendai targets "
             "and %(paris)s Paris Agreement areas.",
             cases=ngettext("%(count)s application case ran in the period",
                            "%(count)s application cases ran in the period", n["cases"], count=c["cases"]),
             countries=ngettext("%(count)s country", "%(count)s countries", n["countries"], count=c["countries"]),
             sdg=c["sdg"], sendai=c["sendai"], paris=c["paris"])


def _governance(m: re.Match) -> str:
    n, c = _numbers(m)
    return _("%(meetings)s and %(decisions)s; %(done)s of %(due)s (%(on_time)s on time), %(overdue)s overdue; "
             "%(projects)s and %(campaigns)s.",
             meetings=ngettext("%(count)s meeting of the network's bodies", "%(count)s meetings of the network's "
                               "bodies", n["meetings"], count=c["meetings"]),
             decisions=ngettext("%(count)s decision", "%(count)s decisions", n["decisions"], count=c["decisions"]),
             done=c["done"],
             due=ngettext("%(count)s action item due in the year done", "%(count)s action items due in the year done",
                          n["due"], count=c["due"]),
             on_time=c["on_time"], overdue=c["overdue"],
             projects=ngettext("%(count)s joint project running", "%(count)s joint projects running", n["projects"],
                               count=c["projects"]),
             campaigns=ngettext("%(count)s calibration campaign", "%(count)s calibration campaigns", n["campaigns"],
                                count=c["campaigns"]))


SUMMARIES: dict[str, tuple[re.Pattern, Callable[[re.Match], str]]] = {
    "network": (re.compile(
        r"^(?P<nodes>\d+) active nodes? in (?P<countries>\d+) countr(?:y|ies) on (?P<continents>\d+) continents?; "
        r"(?P<joined>\d+) partner organizations? joined\.$"), _network),
    "reporting": (re.compile(
        r"^(?P<accepted>\d+) of (?P<due>\d+) node reports? due in the period (?:was|were) accepted; "
        r"(?P<on_time>\d+) came on time\. Only accepted reports count in the figures below\.$"), _reporting),
    "contributions": (re.compile(
        r"^Contributions of (?P<label>\d{4}(?:, year to date)?): (?P<total>-?\d[\d,.\u00a0\u202f']*) "
        r"(?P<currency>[A-Z]{3}) from (?P<partners>\d+) partners? \(converted at the secretariat's rates\); "
        r"(?P<apart>\d+) contributions? without a rate (?:is|are) shown apart in (?:its|their) own currency\.$"),
        _contributions),
    "agreements": (re.compile(
        r"^(?P<in_force>\d+) agreements? in force at the end of the period, (?P<signed>\d+) signed in it; "
        r"(?P<expiring>\d+) expiring soon and (?P<expired>\d+) expired\.$"), _agreements),
    "capacity": (re.compile(
        r"^(?P<trainees>\d+) (?:trainee or exchange|trainees and exchanges) in the period \((?P<new>\d+) new\) "
        r"from (?P<countries>\d+) countr(?:y|ies); (?P<events>\d+) events? with (?P<participants>\d+) "
        r"participants?\.$"), _capacity),
    "cases": (re.compile(
        r"^(?P<cases>\d+) application cases? ran in the period in (?P<countries>\d+) countr(?:y|ies); they address "
        r"(?P<sdg>\d+) of the 17 SDGs, (?P<sendai>\d+) of the 7 Sendai targets and (?P<paris>\d+) Paris Agreement "
        r"areas\.$"), _cases),
    "governance": (re.compile(
        r"^(?P<meetings>\d+) meetings of the network's bodies and (?P<decisions>\d+) decisions; (?P<done>\d+) of "
        r"(?P<due>\d+) action items due in the year done \((?P<on_time>\d+) on time\), (?P<overdue>\d+) overdue; "
        r"(?P<projects>\d+) joint projects running and (?P<campaigns>\d+) calibration campaigns\.$"), _governance),
}


def _schema_1_summary(section: dict) -> str:
    """The summary of a section of schema 1 in the report's language (as it is when its pattern is unknown)."""
    text = section.get("summary") or ""
    known = SUMMARIES.get(section.get("key"))
    if known and (m := known[0].match(text.strip())):
        say = known[1]
        return say(m, section) if say is _contributions else say(m)
    return _(text) if text else ""


def understood(section: dict) -> bool:
    """Whether a schema-1 section's summary is one this module can say again (a test holds it to an archived
    snapshot of schema 1)."""
    known = SUMMARIES.get(section.get("key"))
    return not section.get("summary") or bool(known and known[0].match(section["summary"].strip()))


# --- SDG goals -----------------------------------------------------------------------------------

SDG_GOAL = re.compile(r"^SDG (?P<goal>\d{1,2})$")


def sdg_goal(code: str) -> str:
    """An SDG goal as its number and short title in the language ("13 Climate Action", "13 气候行动")."""
    from app.cases.vocabularies import vocabulary

    sdg = vocabulary("sdg")
    if code not in sdg:
        return _("SDG %(goal)s", goal=code)
    term = sdg.term(code)
    title = term.short_title_in(_locale()) or term.title_in(_locale())
    return _("%(goal)s %(title)s", goal=code, title=title) if title else _("SDG %(goal)s", goal=code)


def sdg_categories(categories: list) -> list | None:
    """A chart's categories named with their SDG titles when they are all SDG goals ("SDG 13"), else None."""
    if categories and all(isinstance(c, str) and SDG_GOAL.match(c) for c in categories):
        return [sdg_goal(SDG_GOAL.match(c)["goal"]) for c in categories]
    return None


def tags(text: str) -> str:
    """A case's tags ("SDG 1, 13.1; Sendai A; Paris: mitigation") in the report's language, SDG goals and
    Paris areas with their titles."""
    from app.cases.vocabularies import vocabulary

    said = []
    for part in (text or "").split("; "):
        for word, name, say in (("SDG ", "sdg", lambda c: _("SDG %(codes)s", codes=c)),
                                ("Sendai ", "sendai", lambda c: _("Sendai %(codes)s", codes=c)),
                                ("Paris: ", "paris", lambda c: _("Paris Agreement: %(codes)s", codes=c))):
            if part.startswith(word):
                codes = [c.strip() for c in part[len(word):].split(",") if c.strip()]
                vocab = vocabulary(name)
                named = [sdg_goal(c) if name == "sdg" and "." not in c else
                         (vocab.term(c).short_title_in(_locale()) or c) if name == "paris" and c in vocab else c
                         for c in codes]
                said.append(say(", ".join(named)))
                break
        else:
            said.append(part)
    return "; ".join(p for p in said if p)


# --- Titles and labels with a value in them ------------------------------------------------------

def _titles() -> list[tuple[re.Pattern, Callable[[re.Match], str]]]:
    p = r"(?P<period>\d{4}(?:, year to date)?|Q[1-4] \d{4}|Q1–Q[1-4] \d{4})"
    c = r"(?P<currency>[A-Z]{3})"
    return [
        (rf"^Contributions \({p}, converted\)$",
         lambda m: _("Contributions (%(period)s, converted)", period=period(m["period"]))),
        (rf"^Contributions received \({p}, converted\)$",
         lambda m: _("Contributions received (%(period)s, converted)", period=period(m["period"]))),
        (rf"^Money pledged \({p}, converted\)$",
         lambda m: _("Money pledged (%(period)s, converted)", period=period(m["period"]))),
        (rf"^Money pledged and not yet received \({p}\)$",
         lambda m: _("Money pledged and not yet received (%(period)s)", period=period(m["period"]))),
        (rf"^Contributing partners \({p}\)$",
         lambda m: _("Contributing partners (%(period)s)", period=period(m["period"]))),
        (rf"^Contributions by kind \({p}\)$",
         lambda m: _("Contributions by kind (%(period)s)", period=period(m["period"]))),
        (rf"^Contributions by partner \({p}\)$",
         lambda m: _("Contributions by partner (%(period)s)", period=period(m["period"]))),
        (rf"^Contributions by partner, pledged and received \({p}, {c}\)$",
         lambda m: _("Contributions by partner, pledged and received (%(period)s, %(currency)s)",
                     period=period(m["period"]), currency=m["currency"])),
        (rf"^Contributions without an exchange rate \({p}\), in their own currency$",
         lambda m: _("Contributions without an exchange rate (%(period)s), in their own currency",
                     period=period(m["period"]))),
        (rf"^Contributions by year \({c}\)$",
         lambda m: _("Contributions by year (%(currency)s)", currency=m["currency"])),
        (rf"^Contributions by kind \({p}, {c}\)$",
         lambda m: _("Contributions by kind (%(period)s, %(currency)s)", period=period(m["period"]),
                     currency=m["currency"])),
        (rf"^Largest contributors \({p}, {c}\)$",
         lambda m: _("Largest contributors (%(period)s, %(currency)s)", period=period(m["period"]),
                     currency=m["currency"])),
        (rf"^Value \({c}\)$", lambda m: _("Value (%(currency)s)", currency=m["currency"])),
        (r"^(?P<what>SDG goals|SDG targets|Sendai targets|Paris Agreement areas) addressed$",
         lambda m: _("%(codes)s addressed", codes=_(m["what"]))),
        (r"^Action plan (?P<year>\d{4})$", lambda m: _("Action plan %(year)s", year=m["year"])),
        (r"^Milestones due in the year: (?P<reached>\d+) of (?P<due>\d+) reached\.$",
         lambda m: ngettext("Milestones due in the year: %(reached)s of %(count)s reached.",
                            "Milestones due in the year: %(reached)s of %(count)s reached.", int(m["due"]),
                            reached=number(int(m["reached"])), count=number(int(m["due"])))),
        (r"^SDG (?P<goal>\d{1,2})$", lambda m: _("SDG %(goal)s", goal=m["goal"])),
        (r"^(?P<label>.+) \((?P<unit>%|km²|GB|TB|[A-Z]{3})\)$", _with_unit),
        (r"^(?P<state>[^,]+), (?P<when>[^,]+)$", _state_and_timeliness),
    ]


def _with_unit(m: re.Match) -> str:
    """A figure's label with its unit ("Data volume (GB)"); a name with an acronym ("Mekong Watch (MRC)") stays."""
    label = _(m["label"])
    if label == m["label"] or (len(m["unit"]) == 3 and m["unit"].isalpha() and not is_currency(m["unit"])):
        return m[0]
    return _("%(label)s (%(unit)s)", label=label, unit=m["unit"])


def _state_and_timeliness(m: re.Match) -> str:
    """A report's state and timeliness ("Missing, overdue"), when both are words the catalogue has."""
    when = m["when"][:1].upper() + m["when"][1:]
    state, timeliness = _(m["state"]), _(when)
    if state == m["state"] or timeliness == when:
        return m[0]
    return _("%(state)s, %(timeliness)s", state=state, timeliness=timeliness.lower())


def _cell_words() -> tuple[str, ...]:
    """Words a snapshot puts in table cells, here so that the catalogue has them (``label`` finds them)."""
    return (_("reached"), _("not reached"), _("of which overdue"), _("Report status"), _("Timeliness"),
            _("Converted value"), _("T+1 share (%)"), _("SDG goals"), _("Scenes pushed within a day (T+1)"),
            _("Data volume"), _("Area covered"), _("Active users"), _("Registered users (new)"))


_TITLES: list[tuple[re.Pattern, Callable[[re.Match], str]]] = []


def label(value) -> str:
    """A label of the snapshot (title, column, figure, category) in the report's language."""
    if value is None:
        return ""
    if not isinstance(value, str) or not value:
        return str(value)
    translated = _(value)
    if translated != value or _locale() == "en":
        return translated
    if not _TITLES:
        _TITLES.extend((re.compile(p), f) for p, f in _titles())
    for pattern, say in _TITLES:
        if m := pattern.match(value):
            return say(m)
    return period(value)
