"""Does a data-use license cover the satellite data a case used? The answer comes from the
agreements' license check (`app.agreements.licensing.check_license`); this module only asks it
the case's question and remembers the answers a page needs.

The case's question: for each partner organization, does a license in force allow it to use
data of every satellite the case names, in every country of the case? The case is covered
when at least one partner holds such a license (the partner that used the data; LASAC, the
licensor, holds none and need not). The day asked is the day the data was used: a completed
case's start day; for an ongoing or planned case, today (or its start day, if still ahead).
The intended use is not asked (a case's domains do not map one-to-one onto permitted uses).
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.agreements.licensing import LicenseCheck, check_license
from app.agreements.models import License
from app.agreements.state import today
from app.cases.models import Case, CaseStatus
from app.core.labels import LabeledEnum
from app.extensions import db
from app.partners.models import Organization


class LicenseStatus(LabeledEnum):
    not_needed = "not_needed"      # the case names no satellite
    covered = "covered"            # a partner holds a license that covers the use
    no_partner = "no_partner"      # satellites named, but no partner to hold a license
    uncovered = "uncovered"        # no partner's license covers the use

    __labels__ = {
        "not_needed": _l("No license needed"),
        "covered": _l("Covered by a license"),
        "no_partner": _l("No partner to hold a license"),
        "uncovered": _l("Not covered by a license"),
    }


@dataclass(frozen=True)
class CaseLicense:
    status: LicenseStatus
    on: date
    checks: list[tuple[Organization, LicenseCheck]] = field(default_factory=list)

    @property
    def is_flagged(self) -> bool:
        """No license covers the satellite data the case used."""
        return self.status in (LicenseStatus.uncovered, LicenseStatus.no_partner)

    @property
    def licenses(self) -> list:
        return [agreement for _org, check in self.checks if check.covered for agreement in check.licenses]

    def as_json(self) -> dict:
        return {"status": self.status.value, "flagged": self.is_flagged, "on": self.on.isoformat(),
                "partners": [{"organization_id": org.id, "covered": check.covered,
                              "licenses": [a.reference for a in check.licenses], "reasons": list(check.reasons)}
                             for org, check in self.checks]}


def license_day(case: Case, on: date | None = None) -> date:
    """The day the case's use of data is judged on."""
    now = on or today()
    if case.start_on and (case.status == CaseStatus.completed or case.start_on > now):
        return case.start_on
    return now


def case_license(case: Case, on: date | None = None) -> CaseLicense:
    """The license check of every partner of the case, with the reasons (for the case's page)."""
    day = license_day(case, on)
    if not case.satellites:
        return CaseLicense(LicenseStatus.not_needed, day)
    if not case.partners:
        return CaseLicense(LicenseStatus.no_partner, day)
    checks = [(org, check_license(org.id, case.satellites, countries=case.countries or None, on=day))
              for org in case.partners]
    covered = any(check.covered for _org, check in checks)
    return CaseLicense(LicenseStatus.covered if covered else LicenseStatus.uncovered, day, checks)


def license_flags(cases, on: date | None = None) -> dict[int, LicenseStatus]:
    """The license status of each case of a page (partners loaded with the cases).

    One query finds which partners hold any data-use license; only those are asked, once per
    distinct (partner, satellites, countries, day). The statements therefore grow with the
    distinct licensed partners of the page, not with the number of cases: check_license
    answers one licensee at a time.
    """
    partner_ids = {o.id for case in cases for o in case.partners}
    licensees = set(db.session.scalars(
        select(License.licensee_id).where(License.licensee_id.in_(partner_ids)).distinct())) if partner_ids else set()
    answers: dict[tuple, bool] = {}
    flags = {}
    for case in cases:
        day = license_day(case, on)
        if not case.satellites:
            flags[case.id] = LicenseStatus.not_needed
            continue
        if not case.partners:
            flags[case.id] = LicenseStatus.no_partner
            continue
        covered = False
        for org in case.partners:
            if org.id not in licensees:
                continue  # holds no license: check_license would answer "not covered"
            key = (org.id, tuple(case.satellites), tuple(case.countries or ()), day)
            if key not in answers:
                answers[key] = check_license(org.id, case.satellites, countries=case.countries or None,
                                             on=day).covered
            if answers[key]:
                covered = True
                break
        flags[case.id] = LicenseStatus.covered if covered else LicenseStatus.uncovered
    return flags
