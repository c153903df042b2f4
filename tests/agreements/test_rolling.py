"""Auto-renewing agreements roll forward: the renewal period, the current term on the pages, the
register's expiring window, across several terms with the clock moved."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from app.agreements import services
from app.agreements.models import Agreement
from app.core.errors import ValidationFailed
from app.extensions import db
from tests.factories import SYSTEM


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC), tick=False)


@pytest.fixture
def rolling(make):
    """Signed for two years from 2023-07-01; renews itself (for two years, the first term's length)."""
    with at(date(2023, 7, 1)):
        return make.agreement(reference="MOU-ROLL", status="active", effective_from=date(2023, 7, 1),
                              expires_on=date(2025, 6, 30), auto_renew=True, notice_days=90)


def test_the_renewal_period_defaults_to_the_length_of_the_first_term(rolling, make):
    assert rolling.renewal_months == 24
    with at(date(2023, 7, 1)):
        yearly = make.agreement(status="active", effective_from=date(2023, 1, 1), expires_on=date(2023, 12, 31),
                                auto_renew=True, renewal_months=6)
    assert yearly.renewal_months == 6


@pytest.mark.parametrize("months", [0, 121])
def test_a_renewal_period_out_of_range_names_the_field(make, months):
    with pytest.raises(ValidationFailed) as caught:
        make.agreement(status="active", expires_on=date(2030, 1, 1), auto_renew=True, renewal_months=months)
    assert "renewal_months" in caught.value.fields


@pytest.mark.parametrize(("day", "state", "term"), [
    (date(2025, 3, 1), "active", "Jul 1, 2023 – Jun 30, 2025, notice by Apr 1, 2025"),
    (date(2025, 6, 1), "expiring", "Jul 1, 2023 – Jun 30, 2025, notice by Apr 1, 2025"),
    (date(2025, 7, 1), "active", "Jul 1, 2025 – Jun 30, 2027, notice by Apr 1, 2027"),
    (date(2027, 5, 1), "expiring", "Jul 1, 2025 – Jun 30, 2027, notice by Apr 1, 2027"),
    (date(2028, 1, 1), "active", "Jul 1, 2027 – Jun 30, 2029, notice by Apr 1, 2029"),
])
def test_detail_and_register_show_the_current_term_across_several_terms(client, login_as, rolling, day, state,
                                                                       term):
    with at(day):
        login_as("secretariat")
        detail = client.get(f"/agreements/{rolling.id}").get_data(as_text=True)
        register = client.get("/agreements").get_data(as_text=True)
        expiring = client.get("/agreements?expiring_within_days=60").get_data(as_text=True)
    assert f'data-state="{state}"' in detail
    assert f"current term: {term}" in " ".join(detail.split())
    assert f"current term: {term}" in " ".join(register.split())
    soon = (state == "expiring" and day.month in (5, 6))
    assert ("MOU-ROLL" in expiring) == soon


def test_the_expiring_window_finds_each_term_end(rolling):
    from sqlalchemy import select

    from app.agreements.state import expiring_within_sql

    def within(day):
        return db.session.scalars(select(Agreement.reference).where(expiring_within_sql(30, day))).all()

    assert within(date(2025, 6, 1)) == ["MOU-ROLL"]
    assert within(date(2025, 7, 1)) == []
    assert within(date(2027, 6, 1)) == ["MOU-ROLL"]
    assert within(date(2029, 6, 15)) == ["MOU-ROLL"]
    assert within(date(2029, 5, 15)) == []


def test_a_terminated_rolling_agreement_ends_on_its_day(rolling):
    with at(date(2026, 1, 10)):
        services.terminate_agreement(SYSTEM, rolling, date(2026, 3, 1), "notice given", rolling.version)
        db.session.commit()
    from app.agreements.state import agreement_state, last_day

    assert last_day(rolling, date(2026, 1, 10)) == date(2026, 2, 28)
    assert agreement_state(rolling, date(2026, 3, 1)).value == "terminated"


def test_the_api_takes_and_shows_the_renewal_period(client, api_as, make):
    api = api_as("secretariat")
    organizations = [make.organization(), make.organization()]
    body = {"kind": "mou", "reference": "API-ROLL", "title": "Rolling", "status": "active",
            "effective_from": "2024-01-01", "expires_on": "2024-12-31", "auto_renew": True, "renewal_months": 6,
            "parties": [{"organization_id": o.id} for o in organizations]}
    response = api.post("/api/v1/agreements", json=body)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["renewal_months"] == 6
    bad = api.post("/api/v1/agreements", json=body | {"reference": "API-BAD", "renewal_months": 0})
    assert bad.status_code == 422 and "renewal_months" in bad.get_json()["error"]["fields"]
