"""Contributions and exchange rates: the rules, the policy, and totals converted into the reporting currency."""

from decimal import Decimal

import pytest

from app.core.errors import DomainError
from app.extensions import db
from app.nodes.contributions import services as contributions
from app.nodes.contributions.models import Contribution
from app.nodes.contributions.queries import contributions_query, exchange_rate_table, totals


@pytest.fixture
def org(make):
    return make.organization(name="Lao partner institution", acronym="LPI")


def test_a_financial_contribution_keeps_its_own_currency(make, org):
    record = make.contribution(org, amount="1234.5", currency="eur", year=2024)
    db.session.refresh(record)
    assert record.amount == Decimal("1234.50") and record.currency == "EUR" and record.value == Decimal("1234.50")


@pytest.mark.parametrize(("fields", "field"), [
    ({"currency": "XYZ"}, "currency"),
    ({"currency": None}, "currency"),
    ({"amount": None}, "amount"),
    ({"amount": "-1"}, "amount"),
    ({"amount": "1,000"}, "amount"),
    ({"year": 1999}, "year"),
    ({"year": "twenty"}, "year"),
    ({"kind": "gift"}, "kind"),
    ({"kind": "hardware", "amount": "10"}, "amount"),
    ({"kind": "storage", "amount": None, "quantity": "20"}, "unit"),
    ({"kind": "storage", "amount": None, "currency": None, "estimated_value": "5"}, "currency"),
    ({"organization_id": 99999}, "organization_id"),
    ({"node_id": 99999}, "node_id"),
    ({"unit": "x" * 31, "kind": "storage", "amount": None, "quantity": 1}, "unit"),
])
def test_bad_contributions_are_refused_naming_the_field(make, org, fields, field):
    with pytest.raises(DomainError) as raised:
        make.contribution(org, **({"currency": fields.pop("currency")} if "currency" in fields else {}), **fields)
    assert raised.value.status == 422
    assert field in raised.value.fields


def test_in_kind_contribution_with_quantity_and_value(make, org):
    record = make.contribution(org, kind="storage", amount=None, currency="USD", quantity="20", unit="TB",
                               estimated_value="4000")
    assert record.value == Decimal("4000.00") and record.quantity == Decimal("20.000")


def test_a_coordinator_records_only_their_own_node(make, org, user_factory):
    own, other = make.node(code="LAO"), make.node(code="NPL")
    coordinator = user_factory("coordinator", node=own)
    record = contributions.create_contribution(coordinator, {
        "organization_id": org.id, "node_id": other.id, "year": 2025, "kind": "staff", "quantity": 2, "unit": "FTE"})
    assert record.node_id == own.id  # the forged node_id is ignored
    others = make.contribution(org, node_id=other.id)
    with pytest.raises(DomainError) as raised:
        contributions.update_contribution(coordinator, others, {"description": "mine now"}, others.version)
    assert raised.value.status == 403
    contributions.update_contribution(coordinator, record, {"node_id": other.id, "unit": "FTEs"}, record.version)
    assert record.node_id == own.id and record.unit == "FTEs"


def test_board_cannot_record_contributions(make, org, user_factory):
    with pytest.raises(DomainError) as raised:
        contributions.create_contribution(user_factory("board"), {"organization_id": org.id, "year": 2025,
                                                                  "kind": "financial", "amount": 1, "currency": "USD"})
    assert raised.value.status == 403


def test_stale_update_is_refused(make, org):
    from tests.factories import SYSTEM

    record = make.contribution(org)
    with pytest.raises(DomainError) as raised:
        contributions.update_contribution(SYSTEM, record, {"amount": "5"}, record.version + 1)
    assert raised.value.status == 409


def test_delete_is_audited(make, org):
    from app.audit.queries import history_of
    from tests.factories import SYSTEM

    record = make.contribution(org)
    contributions.delete_contribution(SYSTEM, record)
    db.session.commit()
    assert db.session.get(Contribution, record.id) is None
    assert [e.action for e in history_of(record)] == ["delete", "create"]


# --- exchange rates and totals ------------------------------------------------------------------

def test_exchange_rates_are_kept_by_the_secretariat(make, user_factory):
    rate = make.exchange_rate(2024, "eur", "1.08")
    assert (rate.currency, rate.reporting_currency, rate.rate) == ("EUR", "USD", Decimal("1.08000000"))
    for role in ("coordinator", "board"):
        user = user_factory(role, node=make.node() if role == "coordinator" else None)
        with pytest.raises(DomainError) as raised:
            contributions.set_exchange_rate(user, 2024, "EUR", "2")
        assert raised.value.status == 403


def test_changing_a_rate_needs_its_version(make):
    from tests.factories import SYSTEM

    rate = make.exchange_rate(2024, "EUR", "1.08")
    with pytest.raises(DomainError) as raised:
        contributions.set_exchange_rate(SYSTEM, 2024, "EUR", "1.10")
    assert raised.value.status == 409
    with pytest.raises(DomainError) as raised:
        contributions.set_exchange_rate(SYSTEM, 2024, "EUR", "1.10", version=rate.version + 1)
    assert raised.value.status == 409
    contributions.set_exchange_rate(SYSTEM, 2024, "EUR", "1.10", version=rate.version)
    assert rate.rate == Decimal("1.10")


@pytest.mark.parametrize(("currency", "rate", "field"), [
    ("USD", "1", "currency"), ("XXQ", "1", "currency"), ("EUR", "0", "rate"), ("EUR", "-2", "rate"),
    ("EUR", "abc", "rate"), ("EUR", None, "rate"),
])
def test_bad_rates_are_refused(make, currency, rate, field):
    with pytest.raises(DomainError) as raised:
        make.exchange_rate(2024, currency, rate)
    assert raised.value.status == 422 and field in raised.value.fields


def test_totals_convert_with_the_years_rate_and_never_count_a_missing_rate_as_zero(make, org, user_factory):
    dlr = make.organization(name="German Aerospace Center", acronym="DLR")
    make.exchange_rate(2024, "EUR", "1.10")
    make.contribution(org, year=2024, amount="1000", currency="EUR")                  # 1,100 USD
    make.contribution(org, year=2024, amount="500", currency="USD")                   # 500 USD
    make.contribution(org, year=2025, amount="2000", currency="EUR")                  # no 2025 EUR rate
    make.contribution(dlr, year=2025, kind="storage", amount=None, currency="CNY", quantity=10, unit="TB",
                      estimated_value="7000")                                          # no CNY rate at all
    make.contribution(dlr, year=2025, kind="staff", amount=None, currency=None, quantity=1, unit="FTE")
    result = totals(user_factory("secretariat"))
    overall = result["all"]
    assert overall.count == 5
    assert overall.converted == Decimal("1600.00")
    assert dict(overall.unconverted) == {"EUR": Decimal("2000.00"), "CNY": Decimal("7000.00")}
    by_year = dict(result["by_year"])
    assert by_year[2024].converted == Decimal("1600.00") and not by_year[2024].unconverted
    assert not by_year[2025].has_money and dict(by_year[2025].unconverted) == {"EUR": Decimal("2000.00"),
                                                                                "CNY": Decimal("7000.00")}
    assert by_year[2025].as_dict()["converted"] is None  # unconverted is not zero
    by_org = {name: t for name, _id, t in result["by_organization"]}
    assert by_org["German Aerospace Center (DLR)"].count == 2
    assert by_org["Lao partner institution (LPI)"].converted == Decimal("1600.00")
    by_kind = dict(result["by_kind"])
    assert by_kind["financial"].count == 3 and by_kind["staff"].count == 1
    # A 2025 EUR rate arrives: the money is converted from then on.
    make.exchange_rate(2025, "EUR", "1.05")
    assert totals(user_factory("secretariat"))["all"].converted == Decimal("3700.00")


def test_totals_filter_like_the_list(make, org, user_factory):
    make.contribution(org, year=2024, amount="10")
    make.contribution(org, year=2025, amount="20")
    result = totals(user_factory("secretariat"), year=2025)
    assert result["all"].count == 1 and result["all"].converted == Decimal("20.00")
    assert len(db.session.scalars(contributions_query(year=2025)).all()) == 1


def test_coordinators_do_not_see_other_nodes_money_in_totals(make, org, user_factory):
    own, other = make.node(code="LAO"), make.node(code="NPL")
    make.contribution(org, node_id=own.id, amount="100")
    make.contribution(org, node_id=other.id, amount="900")
    make.contribution(org, amount="50")
    coordinator = user_factory("coordinator", node=own)
    result = totals(coordinator)
    assert result["all"].count == 3 and result["all"].converted == Decimal("100.00") and result["all"].hidden == 2
    assert totals(user_factory("board"))["all"].converted == Decimal("1050.00")


def test_rate_table_lists_used_currencies_with_or_without_rates(make, org):
    make.contribution(org, year=2024, amount="1", currency="EUR")
    make.contribution(org, year=2024, amount="1", currency="USD")
    make.exchange_rate(2024, "GBP", "1.25")
    table = exchange_rate_table(2024)
    assert [(row["currency"], row["rate"] is not None, row["used"]) for row in table] == [
        ("EUR", False, True), ("GBP", True, False)]
