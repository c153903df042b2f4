"""Agreement figures against hand-computed values, judged on the period's last day."""

from datetime import date

import pytest

from app.core.periods import Period
from app.reports.figures import build_snapshot
from app.reports.snapshot import find_table


@pytest.fixture
def agreements(make):
    a, b = make.organization(name="Party A"), make.organization(name="Party B")

    def signed(reference, kind, on, expires=None, **fields):
        return make.agreement([a, b], reference=reference, kind=kind, status="active", signed_on=on,
                              effective_from=on, expires_on=expires, **fields)

    signed("A1", "mou", date(2019, 5, 1))
    signed("A2", "bilateral", date(2025, 3, 10), date(2030, 1, 1))
    signed("A3", "letter_of_intent", date(2022, 1, 1), date(2025, 12, 31))  # last day = the period's last day
    signed("A4", "mou", date(2020, 1, 1), date(2025, 6, 30))  # expires inside the period
    signed("A6", "mou", date(2020, 1, 1), date(2025, 3, 31), auto_renew=True)  # renews itself tacitly
    make.agreement([a, b], reference="A5", kind="mou", status="draft")


def test_agreement_figures(agreements):
    snapshot = build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")
    headline = {f["key"]: (f["value"], f["previous"]) for f in snapshot["headline"]}
    assert headline["agreements_in_force"] == (4, 4)  # 2025: A1 A2 A3 A6; 2024: A1 A3 A4 A6
    assert headline["agreements_signed"] == (1, 0)
    assert headline["agreements_expiring"] == (1, 1)  # A3 on its last day; end of 2024: A6, 90 days left
    assert headline["agreements_expired"] == (1, 0)  # A4; A3 expires only in the next period
    rows = {r[0]: r[1:] for r in find_table(snapshot, "agreements", "by_kind")["rows"]}
    assert rows["Memorandum of understanding"] == [2, 0, 0, 1]
    assert rows["Bilateral cooperation agreement"] == [1, 1, 0, 0]
    assert rows["Letter of intent"] == [1, 0, 1, 0]
    assert rows["Data-use license"] == rows["Amendment"] == [0, 0, 0, 0]
    expiring = find_table(snapshot, "agreements", "expiring")["rows"]
    assert [(r[0], r[3]) for r in expiring] == [("A3", "2025-12-31")]


def test_the_next_period_sees_it_expired(agreements):
    snapshot = build_snapshot(Period(2026, 1), as_of=date(2026, 5, 1), currency="USD")
    headline = {f["key"]: (f["value"], f["previous"]) for f in snapshot["headline"]}
    assert headline["agreements_expired"] == (1, 0)  # A3, on 2025-12-31 (in Q4 2025 it was only expiring)
    assert headline["agreements_in_force"][0] == 3
