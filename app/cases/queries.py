"""Reads the case pages and the API need: the register with its filters, and the coverage view."""

from dataclasses import dataclass, field

from sqlalchemy import String, cast, distinct, exists, func, or_, select
from sqlalchemy.orm import selectinload

from app.capacity.queries import bad_parameter, choice_arg, node_condition, organization_arg, overlaps_year, year_arg
from app.cases.models import FRAMEWORKS, Case, CaseDomain, CaseStatus, CaseTag, case_partners
from app.cases.vocabularies import LABELS, Term, vocabulary
from app.extensions import db


def framework_arg(framework: str, value) -> str | None:
    """?sdg=11.5 normalised, or a 400 when it cannot be a code of that framework."""
    if value in (None, ""):
        return None
    vocab = vocabulary(framework)
    code = vocab.normalise(value)
    if not vocab.is_well_formed(code):
        raise bad_parameter(framework, f"{value!r} is not a {LABELS[framework]} code")
    return code


def _json_list_holds(column, value: str):
    # The list is stored as JSON text: '["LAO", "KHM"]'; a quoted LIKE is exact and portable.
    literal = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return cast(column, String).like(f'%"{literal}"%', escape="\\")


def tagged(framework: str, code: str):
    """Cases tagged with the code or with any code below it (tag rows hold every ancestor)."""
    return exists().where(CaseTag.case_id == Case.id, CaseTag.framework == framework, CaseTag.code == code)


def case_conditions(args) -> list:
    """SQL conditions for ?q=&sdg=&sendai=&paris=&domain=&country=&status=&year=&partner=&satellite=&node=."""
    conditions = []
    if q := (args.get("q") or "").strip():
        like = f"%{q}%"
        conditions.append(or_(Case.title.ilike(like), Case.summary.ilike(like)))
    for framework in FRAMEWORKS:
        if code := framework_arg(framework, args.get(framework)):
            conditions.append(tagged(framework, code))
    if domain := choice_arg("domain", args.get("domain"), CaseDomain):
        conditions.append(_json_list_holds(Case.domains, domain.value))
    if country := (args.get("country") or "").strip().upper():
        if not country.isalpha() or len(country) != 3:
            raise bad_parameter("country", "must be an ISO 3166 alpha-3 code such as LAO")
        conditions.append(_json_list_holds(Case.countries, country))
    if satellite := (args.get("satellite") or "").strip():
        if '"' in satellite or "\\" in satellite:
            raise bad_parameter("satellite", "is not a satellite name")
        conditions.append(_json_list_holds(Case.satellites, satellite))
    if status := choice_arg("status", args.get("status"), CaseStatus):
        conditions.append(Case.status == status)
    if (year := year_arg(args.get("year"))) is not None:
        conditions.append(overlaps_year(Case.start_on, Case.end_on, year))
    if (organization_id := organization_arg(args)) is not None:
        conditions.append(exists().where(case_partners.c.case_id == Case.id,
                                         case_partners.c.organization_id == organization_id))
    if (node := node_condition(Case.node_id, args.get("node"))) is not None:
        conditions.append(node)
    if args.get("archived") not in {"1", "true"}:
        conditions.append(Case.archived_at.is_(None))
    return conditions


def cases_query(args):
    return (select(Case).where(*case_conditions(args))
            .options(selectinload(Case.partners), selectinload(Case.node))
            .order_by(Case.start_on.desc().nulls_last(), Case.title, Case.id))


# --- coverage ---------------------------------------------------------------------------------

@dataclass
class Covered:
    term: Term
    cases: int = 0
    children: list["Covered"] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.term.code


@dataclass
class Coverage:
    """Which codes of each framework the cases address (with how many cases), and which none do."""

    cases: int
    sdg_goals: list[Covered]
    sendai_targets: list[Covered]
    paris_areas: list[Covered]
    withdrawn: list[tuple[str, str, int]]  # codes on cases that the vocabularies no longer hold

    @staticmethod
    def _missing(items: list[Covered]) -> list[Term]:
        return [c.term for c in items if not c.cases]

    @property
    def sdg_targets(self) -> list[Covered]:
        return [t for g in self.sdg_goals for t in g.children]

    def summary(self) -> dict:
        """Counts: addressed and not addressed, per framework and level."""
        def pair(items):
            done = sum(1 for c in items if c.cases)
            return {"addressed": done, "not_addressed": len(items) - done}
        return {"cases": self.cases, "sdg_goals": pair(self.sdg_goals), "sdg_targets": pair(self.sdg_targets),
                "sendai_targets": pair(self.sendai_targets), "paris_areas": pair(self.paris_areas)}

    def as_json(self) -> dict:
        def item(c: Covered, with_children=True):
            data = {"code": c.code, "level": c.term.level, "cases": c.cases}
            if with_children and c.children:
                data["children"] = [item(x) for x in c.children if x.cases]
            return data
        return {"summary": self.summary(),
                "sdg": [item(g) for g in self.sdg_goals],
                "sendai": [item(t) for t in self.sendai_targets],
                "paris": [item(a) for a in self.paris_areas],
                "not_addressed": {"sdg_goals": [t.code for t in self._missing(self.sdg_goals)],
                                  "sdg_targets": [t.code for t in self._missing(self.sdg_targets)],
                                  "sendai_targets": [t.code for t in self._missing(self.sendai_targets)],
                                  "paris_areas": [t.code for t in self._missing(self.paris_areas)]},
                "withdrawn_codes": [{"framework": f, "code": c, "cases": n} for f, c, n in self.withdrawn]}


def _tree(framework: str, counts: dict[str, int], term: Term, depth: int) -> Covered:
    vocab = vocabulary(framework)
    children = [_tree(framework, counts, child, depth - 1) for child in vocab.children[term.code]] if depth else []
    return Covered(term, counts.get(term.code, 0), children)


def coverage(args=None) -> Coverage:
    """The coverage of the (non-archived, optionally filtered) cases: two queries, whatever the size."""
    conditions = case_conditions(args or {})
    matching = select(Case.id).where(*conditions)
    rows = db.session.execute(
        select(CaseTag.framework, CaseTag.code, func.count(distinct(CaseTag.case_id)))
        .where(CaseTag.case_id.in_(matching)).group_by(CaseTag.framework, CaseTag.code)
    ).all()
    total = db.session.scalar(select(func.count()).select_from(matching.subquery()))
    counts: dict[str, dict[str, int]] = {name: {} for name in FRAMEWORKS}
    withdrawn = []
    for framework, code, n in rows:
        counts[framework][code] = n
        if code not in vocabulary(framework):
            withdrawn.append((framework, code, n))
    return Coverage(
        cases=total,
        sdg_goals=[_tree("sdg", counts["sdg"], g, 2) for g in vocabulary("sdg").top],
        sendai_targets=[_tree("sendai", counts["sendai"], t, 1) for t in vocabulary("sendai").top],
        paris_areas=[_tree("paris", counts["paris"], a, 0) for a in vocabulary("paris").top],
        withdrawn=sorted(withdrawn),
    )
