"""Application cases: by domain and country, and their coverage of the SDGs, Sendai and Paris.

A case counts in a period when it runs during it (started by its end, not ended before its
start; an undated case counts while it is not merely planned). Coverage counts the distinct
codes the running cases address, directly or through a tagged child code (case_tags).
"""

from flask_babel import gettext, ngettext
from sqlalchemy import and_, case, func, or_, select

from app.cases.models import Case, CaseDomain, CaseStatus, CaseTag, case_partners
from app.cases.vocabularies import vocabulary
from app.extensions import db
from app.partners.models import Organization
from app.reports.figures.context import (
    Context,
    count_by,
    distinct,
    most_common,
    name_of_country,
    not_archived_by_sql,
    present,
    recorded_by_sql,
    records,
)
from app.reports.snapshot import chart, figure, plain, said, section, table, term_of

LEVELS = (("sdg", "goal", "SDG goals"), ("sdg", "target", "SDG targets"), ("sendai", "target", "Sendai targets"),
          ("paris", None, "Paris Agreement areas"))
TOP_COUNTRIES = 20


def running_sql(period):
    """A case runs in the period: dated and overlapping it, or undated and more than planned."""
    return and_(not_archived_by_sql(Case, period.end),
                or_(and_(Case.start_on.is_(None), Case.status != CaseStatus.planned, recorded_by_sql(Case, period.end)),
                    and_(Case.start_on <= period.end, or_(Case.end_on.is_(None), Case.end_on >= period.start))))


def _tags(ctx: Context, period) -> list:
    """(framework, code, cases) over the cases running in the period, counted in SQL (once per snapshot)."""
    return ctx.once(("case_tags", period.start, period.end), lambda: _load_tags(period))


def _load_tags(period) -> list:
    return records(select(CaseTag.framework, CaseTag.code, func.count(func.distinct(CaseTag.case_id)))
                   .join(Case, Case.id == CaseTag.case_id).where(running_sql(period))
                   .group_by(CaseTag.framework, CaseTag.code), ["framework", "code", "cases"], codes=("framework",))


def _terms(framework: str, level: str | None) -> list[str]:
    vocab = vocabulary(framework)
    return [t.code for t in (vocab.level(level) if level else vocab.top)]


def _counts(ctx: Context, period) -> tuple[int, int]:
    """(cases running, of which completed) in the period, counted in SQL (once per snapshot)."""
    def count():
        running, completed = db.session.execute(
            select(func.count(Case.id), func.sum(case((Case.status == CaseStatus.completed, 1), else_=0)))
            .where(running_sql(period))).one()
        return int(running or 0), int(completed or 0)
    return ctx.once(("cases_running", period.start, period.end), count)


def cases(ctx: Context) -> dict:
    """Running cases by domain, country and status; coverage of the three frameworks."""
    (running, completed), (running_before, completed_before) = _counts(ctx, ctx.period), _counts(ctx, ctx.previous)
    tags_now, tags_before = _tags(ctx, ctx.period), _tags(ctx, ctx.previous)
    domains = [d.value for d in CaseDomain]
    coverage_rows, coverage_chart = [], []
    for framework, level, label in LEVELS:
        terms = _terms(framework, level)
        covered = {t.code for t in tags_now if t.framework == framework} & set(terms)
        covered_before = {t.code for t in tags_before if t.framework == framework} & set(terms)
        codes = sorted(covered, key=terms.index)
        coverage_rows.append([label, len(covered), len(terms), [term_of(framework, c) for c in codes] or ""
                              if framework == "paris" else ", ".join(codes)])  # Paris areas by name, not slug
        coverage_chart.append((label, len(covered), len(covered_before), len(terms)))
    headline = [
        figure("cases", "Application cases running", running, running_before),
        figure("cases_completed", "Cases completed", completed, completed_before),
        *[figure(f"coverage_{framework}_{level or 'top'}", f"{label} addressed", covered, covered_before)
          for (framework, level, label), (_l, covered, covered_before, _t) in zip(LEVELS, coverage_chart, strict=True)],
    ]
    if ctx.headline_only:  # another comparison of the same snapshot: its headline is all that is read
        return section("cases", "Application cases", headline=headline)
    now = records(select(Case.domains, Case.countries).where(running_sql(ctx.period)), ["domains", "countries"])
    by_domain = count_by(d for r in now for d in (r.domains or []))
    countries = [c for r in now for c in (r.countries or [])]
    by_country = most_common(countries, TOP_COUNTRIES)
    goals = _terms("sdg", "goal")
    per_goal = {t.code: t.cases for t in tags_now if t.framework == "sdg"}
    return section(
        "cases", "Application cases",
        summary=" ".join([
            ngettext("%(num)d application case ran in the period", "%(num)d application cases ran in the period",
                     running),
            ngettext("in %(num)d country;", "in %(num)d countries;", distinct(countries)),
            gettext("they address %(sdg)d of the 17 SDGs, %(sendai)d of the 7 Sendai targets and %(paris)d Paris "
                    "Agreement areas.", sdg=coverage_rows[0][1], sendai=coverage_rows[2][1],
                    paris=coverage_rows[3][1])]),
        said=[said("%(cases)s in %(countries)s; they address %(sdg)s of the 17 SDGs, %(sendai)s of the 7 Sendai "
                   "targets and %(paris)s Paris Agreement areas.",
                   cases=said("%(count)s application case ran in the period",
                              "%(count)s application cases ran in the period", running),
                   countries=said("%(count)s country", "%(count)s countries", distinct(countries)),
                   sdg=coverage_rows[0][1], sendai=coverage_rows[2][1], paris=coverage_rows[3][1])],
        headline=headline,
        tables=[
            table("by_domain", "Cases by domain", ["Domain", "Cases"],
                  [[CaseDomain.label_of(d), by_domain.get(d, 0)] for d in domains]),
            table("by_country", "Cases by country", ["Country", "Cases"],
                  [[name_of_country(c), n] for c, n in by_country]),
            table("coverage", "Coverage of the frameworks", ["Framework", "Addressed", "Of", "Codes"], coverage_rows),
            achievements(ctx),
        ],
        charts=[
            chart("coverage", "hbar", "Coverage of the frameworks (share of their codes addressed, %)",
                  [r[0] for r in coverage_chart],
                  [(ctx.period.label, [round(100 * r[1] / r[3], 1) if r[3] else 0 for r in coverage_chart]),
                   (ctx.previous.label, [round(100 * r[2] / r[3], 1) if r[3] else 0 for r in coverage_chart])],
                  unit="%"),
            chart("by_domain", "bar", "Cases by domain", [CaseDomain.label_of(d) for d in domains],
                  [("Cases", [by_domain.get(d, 0) for d in domains])]),
            chart("sdg_goals", "bar", "Cases by SDG goal", [f"SDG {g}" for g in goals],
                  [("Cases", [per_goal.get(g, 0) for g in goals])]),
        ],
    )


def _joined(values, name=str) -> str:
    return ", ".join(name(v) for v in (values or []) if present(v))


def _tags_text(sdg, sendai, paris, words: tuple[str, str, str]) -> str:
    parts = [f"{word} {_joined(codes)}" for word, codes in zip(words, (sdg, sendai, paris), strict=True) if codes]
    return "; ".join(parts)


NAMED_LIMIT = 1000  # cases named in a snapshot (completed first); a note says how many more ran


def _achievements(ctx: Context) -> tuple[list[dict], int]:
    """The first NAMED_LIMIT cases that ran in the period, completed ones first, each with its partners,
    countries, satellites, outcomes and tags as text; and how many ran. Only the named ones are read whole."""
    rank = {"completed": 0, "ongoing": 1}
    order = sorted(records(select(Case.id, Case.title, Case.status).where(running_sql(ctx.period)),
                           ["id", "title", "status"], codes=("status",)),
                   key=lambda r: (rank.get(r.status, 2), r.title, r.id))
    named = [r.id for r in order[:NAMED_LIMIT]]
    details = {r.id: r for r in records(
        select(Case.id, Case.countries, Case.satellites, Case.outcomes, Case.sdg, Case.sendai, Case.paris,
               Case.end_on).where(Case.id.in_(named)),
        ["id", "countries", "satellites", "outcomes", "sdg", "sendai", "paris", "end_on"])} if named else {}
    partners: dict[int, list[str]] = {}
    if named:
        for case_id, name, acronym in db.session.execute(
                select(case_partners.c.case_id, Organization.name, Organization.acronym)
                .join(Organization, Organization.id == case_partners.c.organization_id)
                .where(case_partners.c.case_id.in_(named))
                .order_by(Organization.name)):
            partners.setdefault(case_id, []).append(f"{name} ({acronym})" if acronym else name)
    words = (gettext("SDG"), gettext("Sendai"), gettext("Paris:"))
    labels = {s.value: CaseStatus.label_of(s.value) for s in CaseStatus}
    found = []
    for r in order[:NAMED_LIMIT]:
        d = details[r.id]
        found.append({"title": r.title, "status": r.status, "status_label": labels.get(r.status, ""),
                      "partners": ", ".join(partners.get(r.id, [])), "countries": _joined(d.countries, name_of_country),
                      "satellites": _joined(d.satellites), "outcomes": d.outcomes if present(d.outcomes) else "",
                      "tags": _tags_text(d.sdg, d.sendai, d.paris, words),
                      "end_on": d.end_on if present(d.end_on) else None})
    return found, len(order)


def _achievements_of(ctx: Context) -> tuple[list[dict], int]:
    """_achievements, computed once per snapshot (the section and the public list share it)."""
    return ctx.once(("achievements", ctx.period.start, ctx.period.end), lambda: _achievements(ctx))


def achievements(ctx: Context) -> dict:
    """The application cases of the period, named (completed first), as a snapshot table."""
    found, total = _achievements_of(ctx)
    return table("achievements", "Application cases of the period (completed first)",
                 ["Case", "Status", "Partners", "Countries", "Satellites", "Outcomes", "SDG, Sendai, Paris"],
                 [[c["title"], c["status_label"], c["partners"], c["countries"], c["satellites"], c["outcomes"],
                   c["tags"]] for c in found],
                 note=gettext("The first %(limit)d of %(num)d cases.", limit=NAMED_LIMIT, num=total)
                 if total > NAMED_LIMIT else "")


def completed_cases(ctx: Context) -> list[dict]:
    """The cases completed among those of the period, for the public progress page (plain values)."""
    return [{key: plain(c[key]) for key in ("title", "partners", "countries", "satellites", "outcomes", "tags",
                                            "end_on")}
            for c in _achievements_of(ctx)[0] if c["status"] == "completed"]
