"""Agreements: in force, signed, expiring and expired in the period, by kind.

States come from the agreements domain's own SQL expressions (the same rule as its pages),
judged on the period's last day: an agreement whose last day in force is the period's last
day is in force and expiring in this period, and expired in the next (the period holding
its first day out of force).
"""

from datetime import date, timedelta

from flask_babel import gettext, ngettext
from sqlalchemy import select

from app.agreements.models import Agreement, AgreementKind, AgreementParty
from app.agreements.state import in_force_sql, last_day_sql, state_sql
from app.extensions import db
from app.partners.models import Organization
from app.reports.figures.context import Context, counts, records, within
from app.reports.snapshot import chart, figure, said, section, table

EPOCH = date(1970, 1, 1)  # last_day_sql() counts days from here


def _last_day(days) -> date | None:
    return None if days is None else EPOCH + timedelta(days=int(days))


def _load(ctx: Context) -> list:
    end, before = ctx.period.end, ctx.previous.end
    return records(select(Agreement.id, Agreement.supersedes_id, Agreement.reference, Agreement.title,
                          Agreement.kind, Agreement.signed_on, state_sql(end), state_sql(before), in_force_sql(end),
                          in_force_sql(before), last_day_sql()),
                   ["id", "supersedes_id", "reference", "title", "kind", "signed_on", "state", "state_before",
                    "in_force", "in_force_before", "days"], codes=("kind",),
                   last_day=lambda r: _last_day(r.days),
                   # The first day no longer in force: an agreement expires in the period that holds this day.
                   lapses_on=lambda r: None if r.days is None else _last_day(r.days) + timedelta(days=1))


def agreements(ctx: Context) -> dict:
    """Agreements in force, signed, expiring and expired, by kind, with the expiring ones listed."""
    found = _load(ctx)
    kinds = [k.value for k in AgreementKind]
    in_force = [a for a in found if a.in_force]
    in_force_before = [a for a in found if a.in_force_before]
    signed = [a for a in found if within(a.signed_on, ctx.period)]
    signed_before = [a for a in found if within(a.signed_on, ctx.previous)]
    expiring = sorted((a for a in found if a.state == "expiring"), key=lambda a: (a.last_day, a.reference))
    expired = [a for a in found if within(a.lapses_on, ctx.period) and a.state == "expired"]
    expired_before = [a for a in found if within(a.lapses_on, ctx.previous) and a.state_before == "expired"]

    def by_kind(chosen):
        return counts((a.kind for a in chosen), kinds)

    rows = [[AgreementKind.label_of(k), a, b, c, d]
            for k, a, b, c, d in zip(kinds, by_kind(in_force), by_kind(signed), by_kind(expiring),
                                                        by_kind(expired), strict=True)]
    return section(
        "agreements", "Agreements",
        summary=" ".join([
            ngettext("%(num)d agreement in force at the end of the period,",
                     "%(num)d agreements in force at the end of the period,", len(in_force)),
            ngettext("%(num)d signed in it;", "%(num)d signed in it;", len(signed)),
            ngettext("%(num)d expiring soon", "%(num)d expiring soon", len(expiring)),
            ngettext("and %(num)d expired.", "and %(num)d expired.", len(expired))]),
        said=[said("%(in_force)s at the end of the period, %(signed)s in it; %(expiring)s and %(expired)s.",
                   in_force=said("%(count)s agreement in force", "%(count)s agreements in force", len(in_force)),
                   signed=said("%(count)s signed", "%(count)s signed", len(signed)),
                   expiring=said("%(count)s expiring soon", "%(count)s expiring soon", len(expiring)),
                   expired=said("%(count)s expired", "%(count)s expired", len(expired)))],
        headline=[
            figure("agreements_in_force", "Agreements in force", len(in_force), len(in_force_before)),
            figure("agreements_signed", "Agreements signed in the period", len(signed), len(signed_before)),
            figure("agreements_expiring", "Agreements expiring soon", len(expiring),
                   sum(a.state_before == "expiring" for a in found)),
            figure("agreements_expired", "Agreements expired in the period", len(expired), len(expired_before)),
        ],
        tables=[
            table("by_kind", "Agreements by kind", ["Kind", "In force", "Signed", "Expiring", "Expired"], rows),
            table("expiring", "Agreements expiring (their last day in force is near at the end of the period)",
                  ["Reference", "Title", "Kind", "Last day in force"],
                  [[r.reference, r.title, AgreementKind.label_of(r.kind), r.last_day] for r in expiring]),
            _with_parties(signed, expiring),
        ],
        charts=[
            chart("by_kind", "bar", "Agreements by kind", [AgreementKind.label_of(k) for k in kinds],
                  [("In force", by_kind(in_force)), ("Signed", by_kind(signed)), ("Expiring", by_kind(expiring)),
                   ("Expired", by_kind(expired))]),
        ],
    )


def _with_parties(signed, expiring) -> dict:
    """The agreements signed (new or renewing one), and those expiring, with their parties."""
    ids = [a.id for a in (*signed, *expiring)]
    parties: dict[int, list[str]] = {}
    if ids:
        for agreement_id, name, acronym in db.session.execute(
                select(AgreementParty.agreement_id, Organization.name, Organization.acronym)
                .join(Organization, Organization.id == AgreementParty.organization_id)
                .where(AgreementParty.agreement_id.in_(ids))
                .order_by(AgreementParty.agreement_id, AgreementParty.position, Organization.name)):
            parties.setdefault(agreement_id, []).append(acronym or name)
    rows = []
    for what, chosen, day in ((None, sorted(signed, key=lambda a: (a.signed_on, a.reference)), "signed_on"),
                              (gettext("Expiring"), expiring, "last_day")):
        for r in chosen:
            renewed = r.supersedes_id is not None
            label = what or (gettext("Renewed") if renewed else gettext("Signed"))
            rows.append([label, r.reference, r.title, AgreementKind.label_of(r.kind),
                         ", ".join(parties.get(r.id, [])), getattr(r, day)])
    return table("with_parties", "Agreements signed, renewed and expiring, with their parties",
                 ["Event", "Reference", "Title", "Kind", "Parties", "Date"], rows)
