"""Pledges: a contribution is pledged (a commitment for the year) or received; the gap between them by hand."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from app.core.errors import ValidationFailed
from app.extensions import db
from app.nodes.contributions import services as contributions
from app.nodes.contributions.imports import import_contributions
from app.nodes.contributions.models import Contribution, ContributionStatus
from app.nodes.contributions.queries import pledges_and_receipts
from tests.factories import SYSTEM


@pytest.fixture
def partners(make):
    return {key: make.organization(name=name, acronym=key) for key, name in (
        ("LASAC", "Land Satellite Remote Sensing Application Center"), ("DLR", "German Aerospace Center"),
        ("UoN", "University of Nottingham"))}


def _money(make, org, status, amount, currency, year=2024):
    return make.contribution(org, year=year, status=status, amount=amount, currency=currency)


def _kind(make, org, status, kind, quantity, unit, year=2024):
    return make.contribution(org, year=year, status=status, kind=kind, amount=None, currency=None,
                             quantity=quantity, unit=unit)


def test_a_contribution_is_received_unless_pledged(make, partners):
    plain = make.contribution(partners["DLR"])
    pledge = make.contribution(partners["DLR"], status="pledged")
    assert plain.status == ContributionStatus.received and pledge.status == ContributionStatus.pledged
    assert ContributionStatus.pledged.label == "Pledged"
    with pytest.raises(ValidationFailed) as caught:
        make.contribution(partners["DLR"], status="promised")
    assert "status" in caught.value.fields


def test_pledged_received_and_the_gap_computed_by_hand(make, partners):
    lasac, dlr, uon = partners["LASAC"], partners["DLR"], partners["UoN"]
    contributions.set_exchange_rate(SYSTEM, 2024, "CNY", "0.14")
    contributions.set_exchange_rate(SYSTEM, 2024, "EUR", "1.10")
    _money(make, lasac, "pledged", "5000000", "CNY")          # 700,000.00 USD
    _money(make, lasac, "received", "2000000", "CNY")         # 280,000.00
    _money(make, lasac, "received", "1000000", "CNY")         # 140,000.00 → 420,000.00 received
    _money(make, lasac, "pledged", "9000000", "CNY", year=2025)   # another year: not counted
    _kind(make, dlr, "pledged", "storage", "10", "TB")
    _kind(make, dlr, "received", "storage", "4", "TB")
    _kind(make, dlr, "received", "hardware", "2", "TB")       # TB by unit: 6 received
    _kind(make, dlr, "received", "staff", "0.5", "FTE")       # nothing pledged: no gap
    _money(make, dlr, "received", "1000", "EUR")              # 1,100.00 USD, no pledge
    _money(make, uon, "pledged", "100", "GBP")                # no GBP rate: unconverted, gap unknown
    db.session.commit()

    result = pledges_and_receipts(2024)
    assert result["currency"] == "USD" and result["year"] == 2024
    by_acronym = {p["organization"].split("(")[-1].rstrip(")"): p for p in result["partners"]}
    assert set(by_acronym) == {"LASAC", "DLR", "UoN"}
    lasac_money = by_acronym["LASAC"]["money"]
    assert lasac_money["pledged"] == Decimal("700000.00") and lasac_money["received"] == Decimal("420000.00")
    assert lasac_money["gap"] == Decimal("280000.00") and by_acronym["LASAC"]["in_kind"] == []
    dlr_entry = by_acronym["DLR"]
    assert dlr_entry["money"]["pledged"] == 0 and dlr_entry["money"]["received"] == Decimal("1100.00")
    assert dlr_entry["money"]["gap"] is None
    assert dlr_entry["in_kind"] == [
        {"unit": "FTE", "pledged": Decimal(0), "received": Decimal("0.5"), "gap": None},
        {"unit": "TB", "pledged": Decimal(10), "received": Decimal(6), "gap": Decimal(4)}]
    uon_money = by_acronym["UoN"]["money"]
    assert uon_money["unconverted"] == {"pledged": {"GBP": Decimal("100.00")}, "received": {}}
    assert uon_money["gap"] is None and uon_money["pledged"] == 0
    assert result["money"] == {"pledged": Decimal("700000.00"), "received": Decimal("421100.00"),
                               "gap": Decimal("280000.00")}
    assert pledges_and_receipts(2023)["partners"] == []


def test_more_received_than_pledged_is_a_negative_gap_and_as_of_counts_what_was_recorded(make, partners):
    lasac = partners["LASAC"]
    with time_machine.travel(datetime(2024, 3, 1, 12, tzinfo=UTC), tick=False):
        _money(make, lasac, "pledged", "1000", "USD")
    with time_machine.travel(datetime(2024, 12, 20, 12, tzinfo=UTC), tick=False):
        _money(make, lasac, "received", "1250", "USD")
    full = pledges_and_receipts(2024)["partners"][0]["money"]
    assert full["gap"] == Decimal("-250.00")
    march = pledges_and_receipts(2024, as_of=date(2024, 3, 1))["partners"][0]["money"]
    assert march["pledged"] == Decimal("1000.00") and march["received"] == 0 and march["gap"] == Decimal("1000.00")
    assert pledges_and_receipts(2024, as_of=date(2024, 3, 1) - timedelta(days=1))["partners"] == []


def test_api_creates_reads_and_filters_pledges(make, partners, api_as):
    api = api_as("secretariat")
    org = partners["LASAC"]
    created = api.post("/api/v1/contributions", json={"organization_id": org.id, "year": 2025, "kind": "financial",
                                                      "amount": "5000000", "currency": "CNY", "status": "pledged"})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["status"] == "pledged"
    assert api.get(created.headers["Location"]).get_json()["status"] == "pledged"
    plain = api.post("/api/v1/contributions", json={"organization_id": org.id, "year": 2025, "kind": "financial",
                                                    "amount": "1000000", "currency": "CNY"})
    assert plain.get_json()["status"] == "received"
    pledged = api.get("/api/v1/contributions?status=pledged").get_json()
    assert [c["id"] for c in pledged["items"]] == [created.get_json()["id"]]
    received = api.get("/api/v1/contributions?status=received").get_json()
    assert [c["id"] for c in received["items"]] == [plain.get_json()["id"]]
    bad = api.post("/api/v1/contributions", json={"organization_id": org.id, "year": 2025, "kind": "financial",
                                                  "amount": "1", "currency": "CNY", "status": "promised"})
    assert bad.status_code == 422 and "status" in bad.get_json()["error"]["fields"]
    assert api.get("/api/v1/contributions?status=promised").status_code == 400
    changed = api.patch(plain.headers["Location"], json={"status": "pledged", "version": plain.get_json()["version"]})
    assert changed.status_code == 200 and changed.get_json()["status"] == "pledged"
    assert db.session.query(Contribution).count() == 2


def test_the_page_form_and_list_filter(client, login_as, partners):
    login_as("secretariat")
    org = partners["DLR"]
    for status, amount in (("pledged", "900"), ("received", "400")):
        response = client.post("/contributions/new", data={"organization_id": org.id, "node_id": "", "year": 2025,
                                                           "kind": "financial", "amount": amount, "currency": "EUR",
                                                           "status": status})
        assert response.status_code == 302
    pledge = db.session.query(Contribution).filter_by(status=ContributionStatus.pledged).one()
    assert "Pledged" in client.get(f"/contributions/{pledge.id}").get_data(as_text=True)
    table = client.get("/contributions?status=pledged").get_data(as_text=True).split('id="contributions"')[1]
    assert "900.00" in table and "400.00" not in table and "Pledged" in table
    bad = client.post("/contributions/new", data={"organization_id": org.id, "node_id": "", "year": 2025,
                                                  "kind": "financial", "amount": "1", "currency": "EUR",
                                                  "status": "promised"})
    assert bad.status_code == 422


def test_an_import_may_carry_the_status_column(partners):
    data = (b"organization,year,kind,amount,currency,status\n"
            b"LASAC,2025,financial,5000000,CNY,pledged\n"
            b"LASAC,2025,financial,5000000,CNY,\n")
    outcome = import_contributions(SYSTEM, "pledges.csv", data)
    db.session.commit()
    assert outcome.batch.rows_added == 2 and not outcome.skipped
    statuses = sorted(c.status.value for c in db.session.query(Contribution))
    assert statuses == ["pledged", "received"]
