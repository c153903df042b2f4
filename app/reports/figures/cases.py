"""Application cases: by domain and country, and their coverage of the SDGs, Sendai and Paris.

A case counts in a period when it runs during it (started by its end, not ended before its
start; an undated case counts while it is not merely planned). Coverage counts the distinct
codes the running cases address, directly or through a tagged child code (case_tags).
"""

import pandas as pd
from sqlalchemy import select

from app.cases.models import Case, CaseDomain, CaseTag
from app.cases.vocabularies import vocabulary
from app.reports.figures.context import Context, frame, name_of_country
from app.reports.snapshot import chart, figure, section, table

LEVELS = (("sdg", "goal", "SDG goals"), ("sdg", "target", "SDG targets"), ("sendai", "target", "Sendai targets"),
          ("paris", None, "Paris Agreement areas"))
TOP_COUNTRIES = 20


def _running(df, period):
    def runs(start, end, status):
        if start is None or start != start:
            return status != "planned"
        return start <= period.end and (end is None or end != end or end >= period.start)
    mask = [runs(s, e, st) for s, e, st in zip(df["start_on"], df["end_on"], df["status"], strict=True)]
    return df[pd.Series(mask, index=df.index, dtype=bool)]


def _terms(framework: str, level: str | None) -> list[str]:
    vocab = vocabulary(framework)
    return [t.code for t in (vocab.level(level) if level else vocab.top)]


def cases(ctx: Context) -> dict:
    """Running cases by domain, country and status; coverage of the three frameworks."""
    df = frame(select(Case.id, Case.status, Case.start_on, Case.end_on, Case.domains, Case.countries)
               .where(Case.archived_at.is_(None)), ["id", "status", "start_on", "end_on", "domains", "countries"])
    df["status"] = df["status"].map(lambda s: s.value if hasattr(s, "value") else s)
    now, before = _running(df, ctx.period), _running(df, ctx.previous)
    tags = frame(select(CaseTag.case_id, CaseTag.framework, CaseTag.code), ["case_id", "framework", "code"])
    tags_now, tags_before = tags[tags["case_id"].isin(set(now["id"]))], tags[tags["case_id"].isin(set(before["id"]))]
    domains = [d.value for d in CaseDomain]
    by_domain = now["domains"].explode().value_counts()
    by_country = now["countries"].explode().value_counts().head(TOP_COUNTRIES)
    coverage_rows, coverage_chart = [], []
    for framework, level, label in LEVELS:
        terms = _terms(framework, level)
        covered = set(tags_now.loc[tags_now["framework"] == framework, "code"]) & set(terms)
        covered_before = set(tags_before.loc[tags_before["framework"] == framework, "code"]) & set(terms)
        coverage_rows.append([label, len(covered), len(terms), ", ".join(sorted(covered, key=terms.index))])
        coverage_chart.append((label, len(covered), len(covered_before), len(terms)))
    goals = _terms("sdg", "goal")
    per_goal = tags_now[(tags_now["framework"] == "sdg") & tags_now["code"].isin(goals)]["code"].value_counts()
    return section(
        "cases", "Application cases",
        summary=f"{len(now)} application cases ran in the period in {now['countries'].explode().nunique()} countries; "
                f"they address {coverage_rows[0][1]} of the 17 SDGs, {coverage_rows[2][1]} of the 7 Sendai targets "
                f"and {coverage_rows[3][1]} Paris Agreement areas.",
        headline=[
            figure("cases", "Application cases running", len(now), len(before)),
            figure("cases_completed", "Cases completed", int((now["status"] == "completed").sum()),
                   int((before["status"] == "completed").sum())),
            *[figure(f"coverage_{framework}_{level or 'top'}", f"{label} addressed", covered, covered_before)
              for (framework, level, label), (_l, covered, covered_before, _t) in zip(LEVELS, coverage_chart,
                                                                                     strict=True)],
        ],
        tables=[
            table("by_domain", "Cases by domain", ["Domain", "Cases"],
                  [[d, int(by_domain.get(d, 0))] for d in domains]),
            table("by_country", "Cases by country", ["Country", "Cases"],
                  [[name_of_country(c), int(n)] for c, n in by_country.items()]),
            table("coverage", "Coverage of the frameworks", ["Framework", "Addressed", "Of", "Codes"], coverage_rows),
        ],
        charts=[
            chart("coverage", "bar", "Coverage of the frameworks (codes addressed)", [r[0] for r in coverage_chart],
                  [("Addressed", [r[1] for r in coverage_chart]), ("Of", [r[3] for r in coverage_chart])]),
            chart("by_domain", "bar", "Cases by domain", domains, [("Cases", [int(by_domain.get(d, 0))
                                                                                for d in domains])]),
            chart("sdg_goals", "bar", "Cases by SDG goal", [f"SDG {g}" for g in goals],
                  [("Cases", [int(per_goal.get(g, 0)) for g in goals])]),
        ],
    )
