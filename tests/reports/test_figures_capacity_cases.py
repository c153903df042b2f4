"""Capacity-building and application-case figures against hand-computed values."""

from datetime import date

from app.core.periods import Period
from app.reports.figures import build_snapshot
from app.reports.snapshot import find_table


def snapshot_2025():
    return build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")


def headline(snapshot):
    return {f["key"]: (f["value"], f["previous"]) for f in snapshot["headline"]}


def rows(snapshot, section, table_id):
    return find_table(snapshot, section, table_id)["rows"]


def test_trainees_and_events(make):
    make.trainee(name="Ms Secret Trainee", gender="female", home_country="LAO", kind="training",
                 start_on=date(2025, 3, 1), end_on=date(2025, 6, 30))
    make.trainee(gender="male", home_country="KEN", kind="fellowship", start_on=date(2024, 10, 1),
                 end_on=date(2025, 2, 1))  # runs across the new year: counts in both years
    make.trainee(gender="female", home_country="LAO", kind="staff_exchange", start_on=date(2023, 1, 1),
                 end_on=date(2023, 12, 31))
    make.trainee(gender="undisclosed", home_country="NPL", kind="training", start_on=date(2025, 12, 31))
    make.event(kind="workshop", title="Workshop A", start_on=date(2025, 5, 10), participants_total=30,
               participants_female=12)
    make.event(kind="conference", title="Conference B", start_on=date(2025, 11, 2))  # participants unknown
    make.event(kind="workshop", title="Workshop C", start_on=date(2024, 6, 1), participants_total=10)
    snapshot = snapshot_2025()
    figures = headline(snapshot)
    assert figures["trainees"] == (3, 1)
    assert figures["trainees_female"][0] == 33.3
    assert figures["events"] == (2, 1)
    assert figures["participants"] == (30, 10)  # an unknown count is left out, not taken as zero
    assert rows(snapshot, "capacity", "trainees_by_gender") == [["Female", 1], ["Male", 1], ["Other", 0],
                                                                ["Not disclosed", 1]]
    assert dict(map(tuple, rows(snapshot, "capacity", "trainees_by_kind")))["Training"] == 2
    assert sorted(map(tuple, rows(snapshot, "capacity", "trainees_by_country"))) == [
        ("Kenya", 1), ("Lao People's Democratic Republic", 1), ("Nepal", 1)]
    events = {r[0]: r for r in rows(snapshot, "capacity", "events_by_kind")}
    assert events["Workshop"][1:] == [1, 30, 12] and events["Conference"][1:3] == [1, None]
    assert [r[0] for r in rows(snapshot, "capacity", "events")] == ["Workshop A", "Conference B"]
    assert "Ms Secret Trainee" not in str(snapshot)  # trainees are counted, never named


def test_cases_and_framework_coverage(make):
    make.case(title="C1", status="ongoing", start_on=date(2024, 1, 1), countries=["LAO", "KEN"],
              domains=["agriculture", "water"], sdg=["2.4", "6"], sendai=["B-1"], paris=["adaptation"])
    make.case(title="C2", status="completed", start_on=date(2023, 1, 1), end_on=date(2025, 2, 1), countries=["LAO"],
              domains=["disaster_risk_reduction"], sdg=["11.5.2"], sendai=["G"])
    make.case(title="C3", status="planned", sdg=["13"])  # undated and only planned: not running
    make.case(title="C4", status="completed", start_on=date(2020, 1, 1), end_on=date(2021, 1, 1), sdg=["1"])
    snapshot = snapshot_2025()
    figures = headline(snapshot)
    assert figures["cases"] == (2, 2)
    assert figures["cases_completed"] == (1, 1)
    assert figures["coverage_sdg_goal"] == (3, 3)  # goals 2, 6 and 11 (through 2.4 and 11.5.2)
    assert figures["coverage_sdg_target"] == (2, 2)  # 2.4 and 11.5
    assert figures["coverage_sendai_target"] == (2, 2)  # B (through B-1) and G
    assert figures["coverage_paris_top"] == (1, 1)
    coverage = {r[0]: r[1:] for r in rows(snapshot, "cases", "coverage")}
    assert coverage["SDG goals"] == [3, 17, "2, 6, 11"]
    assert coverage["Sendai targets"] == [2, 7, "B, G"]
    assert coverage["Paris Agreement areas"][:2] == [1, 8]
    assert all(set(cell) == {"term"} for cell in coverage["Paris Agreement areas"][2])  # named, not a slug
    domains = dict(map(tuple, rows(snapshot, "cases", "by_domain")))
    assert (domains["Agriculture"], domains["Water resources"], domains["Disaster risk reduction"],
            domains["Forestry"]) == (1, 1, 1, 0)
    assert dict(map(tuple, rows(snapshot, "cases", "by_country"))) == {"Lao People's Democratic Republic": 2,
                                                                        "Kenya": 1}
