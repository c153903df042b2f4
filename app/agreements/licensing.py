"""The license check: may an organization use data of these satellites, there, then, for that?"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.agreements.models import Agreement, AgreementKind, License, PermittedUse
from app.agreements.rules import binding_agreement_exists
from app.agreements.state import agreement_state, is_in_force, today
from app.extensions import db
from app.partners.models import Organization


@dataclass(frozen=True)
class LicenseCheck:
    covered: bool
    reasons: list[str] = field(default_factory=list)
    licenses: list[Agreement] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.covered


def _as_list(values) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [str(v).strip() for v in values if str(v).strip()]


def _ref(agreement: Agreement) -> str:
    return agreement.reference


def check_license(licensee_id: int, satellites, countries=None, use=None, on: date | None = None,
                  levels=None) -> LicenseCheck:
    """Does a data-use license in force allow this use of satellite data?

    Contract (the application cases call it to flag cases no license covers):

    - `licensee_id`: the organization that uses the data.
    - `satellites`: the satellite names used (e.g. ``["GF-2", "ZY-3"]``; a single name is
      accepted too); compared case-insensitively with the license's list. Nothing asked
      means nothing to license: ``covered=True`` with no licenses.
    - `countries`: ISO 3166 alpha-3 codes where the data is used; None: not checked.
    - `use`: a permitted use (``research``, ``education``, ``public_administration``,
      ``disaster_response``, ``environmental_monitoring``, ``humanitarian``,
      ``commercial``); None: not checked. Commercial use needs a license that is not
      non-commercial.
    - `on`: the day (default today). `levels`: product levels (L1, L2, DOM, DEM, DSM);
      None: not checked.

    Coverage is judged per (satellite, country) pair: each pair must be allowed by at
    least one data-use license of the licensee that is in force on that day (signed,
    effective, not expired, terminated or superseded by then) and that permits the use
    and levels; several licenses may together cover a request. Beyond the licenses, an
    MOU or bilateral agreement binding the licensee must be in force that day (DESIGN.md:
    a license rests on one).

    Returns ``LicenseCheck(covered, reasons, licenses)``: when covered, `licenses` are the
    agreements (kind ``data_license``) that allow it and `reasons` is empty; when not,
    `reasons` says in plain words why (one line each) and `licenses` is empty. Reads only,
    asks no policy (licenses are not confidential), and runs a fixed number of queries.
    """
    on = on or today()
    wanted_satellites = _as_list(satellites)
    wanted_countries = [c.upper() for c in _as_list(countries)] or [None]
    wanted_levels = _as_list(levels)
    use = use.value if isinstance(use, PermittedUse) else (str(use).strip() if use else None)
    if not wanted_satellites:
        return LicenseCheck(True)
    licensee = db.session.get(Organization, licensee_id) if isinstance(licensee_id, int) else None
    if licensee is None:
        return LicenseCheck(False, [f"No organization with id {licensee_id}."])
    name = licensee.display_name
    candidates = db.session.scalars(
        select(Agreement).join(License).where(Agreement.kind == AgreementKind.data_license,
                                              License.licensee_id == licensee.id)
        .options(selectinload(Agreement.license)).order_by(Agreement.id)).all()
    if not candidates:
        return LicenseCheck(False, [f"{name} holds no data-use license."])

    reasons: list[str] = []
    usable = []
    for agreement in candidates:
        if not is_in_force(agreement, on):
            reasons.append(f"License {_ref(agreement)} is not in force on {on.isoformat()} "
                           f"({agreement_state(agreement, on).value}).")
            continue
        terms = agreement.license
        if use and use not in terms.permitted_uses:
            reasons.append(f"License {_ref(agreement)} does not permit {use} use.")
            continue
        if use == PermittedUse.commercial.value and agreement.non_commercial:
            reasons.append(f"License {_ref(agreement)} is non-commercial.")
            continue
        missing_levels = [lv for lv in wanted_levels if lv not in terms.product_levels]
        if missing_levels:
            reasons.append(f"License {_ref(agreement)} does not cover product level(s) {', '.join(missing_levels)}.")
            continue
        usable.append(agreement)

    used: dict[int, Agreement] = {}
    gaps = []
    for satellite in wanted_satellites:
        for country in wanted_countries:
            match = next((a for a in usable if _covers(a.license, satellite, country)), None)
            if match is None:
                gaps.append((satellite, country))
            else:
                used[match.id] = match
    for satellite, country in gaps:
        where = f" in {country}" if country else ""
        reasons.append(f"No license in force covers {satellite}{where} for {name} on {on.isoformat()}.")
    if gaps:
        return LicenseCheck(False, reasons)
    if not binding_agreement_exists(licensee.id, on):
        return LicenseCheck(False, [f"No MOU or bilateral agreement binding {name} is in force on "
                                    f"{on.isoformat()}; its licenses rest on one."])
    return LicenseCheck(True, [], list(used.values()))


def _covers(terms: License, satellite: str, country: str | None) -> bool:
    satellites = {s.lower() for s in terms.satellites or []}
    return satellite.lower() in satellites and (country is None or country in (terms.territory or []))
