"""SatCloud's push log: all rows or none, re-import safe, and T+1 equal to a hand count."""

import io
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from openpyxl import Workbook

from app.core.periods import Quarter
from app.datarequests.imports import ImportFailed, import_deliveries
from app.datarequests.models import DeliveryLogImport, ScenePush
from app.datarequests.queries import measured_t1, network_t1, scenes_pushed, t1_for_report
from app.extensions import db
from tests.factories import SYSTEM

HEADER = "scene_id,satellite,node,acquired_at,pushed_at,size\n"

# A small log, counted by hand:
#   LAO 2025Q3: 5 scenes, pushed after 2 h, 23 h 59 m, exactly 24 h (within), 24 h 1 m and 3 days (not) → 3/5 = 60 %
#   LAO 2025Q4: 1 scene acquired on 30 September, pushed on 1 October within the day → 1/1 = 100 %
#   KEN 2025Q3: 2 scenes, one within a day → 1/2 = 50 %
#   the network in 2025Q3, weighted by scenes: 4/7 = 57.14 %, not the mean of 60 and 50
SMALL_LOG = HEADER + """\
GF2_001,GF-2,LAO,2025-07-01T00:00:00Z,2025-07-01T02:00:00Z,512.5
GF2_002,GF-2,lao,2025-07-02T08:00:00Z,2025-07-03T07:59:00Z,500
ZY3_003,ZY-3,LAO,2025-08-01 10:00:00,2025-08-02 10:00:00,
GF2_004,gf2,LAO,2025-08-05T10:00:00+08:00,2025-08-06T10:01:00+08:00,100
GF2_005,GF-2,LAO,2025-09-01T00:00:00Z,2025-09-04T00:00:00Z,100
GF2_006,GF-2,LAO,2025-09-30T20:00:00Z,2025-10-01T03:00:00Z,100
GF1_007,GF-1,KEN,2025-07-10T00:00:00Z,2025-07-10T12:00:00Z,80
GF1_008,GF-1,KEN,2025-07-11T00:00:00Z,2025-07-15T00:00:00Z,80
"""


@pytest.fixture
def nodes(make):
    return {"LAO": make.node(code="LAO"), "KEN": make.node(code="KEN")}


def load(text: str, filename="push.csv"):
    result = import_deliveries(SYSTEM, filename, text.encode())
    db.session.commit()
    return result


def test_t1_equals_the_hand_count(nodes):
    result = load(SMALL_LOG)
    assert (result.rows, result.imported, result.skipped) == (8, 8, 0)
    lao, ken = nodes["LAO"].id, nodes["KEN"].id
    found = measured_t1()
    assert (found[(lao, 2025, 3)].scenes, found[(lao, 2025, 3)].within_day) == (5, 3)
    assert found[(lao, 2025, 3)].percent == Decimal("60.00")
    assert found[(lao, 2025, 4)].percent == Decimal("100.00")
    assert found[(ken, 2025, 3)].percent == Decimal("50.00")
    assert network_t1(Quarter(2025, 3)).percent == Decimal("57.14")
    assert scenes_pushed(lao, Quarter(2025, 3)) == 5 and scenes_pushed(lao, Quarter(2025, 2)) is None
    assert set(measured_t1([Quarter(2025, 4)])) == {(lao, 2025, 4)}


def test_reports_use_the_measured_value_where_logs_exist(nodes):
    load(SMALL_LOG)
    lao = nodes["LAO"].id
    measured = t1_for_report(lao, Quarter(2025, 3), Decimal("95"))
    assert measured == {"value": Decimal("60.00"), "source": "measured", "scenes": 5, "reported": Decimal("95")}
    own = t1_for_report(lao, Quarter(2025, 1), Decimal("95"))
    assert own["value"] == Decimal("95") and own["source"] == "reported"
    assert t1_for_report(lao, Quarter(2025, 1), None)["source"] is None


def test_importing_the_same_log_again_skips_every_scene(nodes):
    load(SMALL_LOG)
    again = load(SMALL_LOG + "GF2_009,GF-2,LAO,2025-07-20T00:00:00Z,2025-07-20T01:00:00Z,1\n")
    assert (again.rows, again.imported, again.skipped) == (9, 1, 8)
    assert db.session.query(ScenePush).count() == 9
    assert db.session.query(DeliveryLogImport).count() == 2


def test_a_scene_twice_in_one_file_is_kept_once(nodes):
    result = load(HEADER + "A,GF-2,LAO,2025-07-01T00:00:00Z,2025-07-01T01:00:00Z,1\n"
                           "A,GF-2,LAO,2025-07-01T00:00:00Z,2025-07-01T01:00:00Z,1\n")
    assert (result.imported, result.skipped) == (1, 1)


@pytest.mark.parametrize(("row", "column"), [
    (",GF-2,LAO,2025-07-01T00:00:00Z,2025-07-01T01:00:00Z,1", "scene_id"),
    ("X1,Landsat,LAO,2025-07-01T00:00:00Z,2025-07-01T01:00:00Z,1", "satellite"),
    ("X1,GF-2,NOPE,2025-07-01T00:00:00Z,2025-07-01T01:00:00Z,1", "node"),
    ("X1,GF-2,LAO,yesterday,2025-07-01T01:00:00Z,1", "acquired_at"),
    ("X1,GF-2,LAO,2025-07-01,2025-07-01T01:00:00Z,1", "acquired_at"),
    ("X1,GF-2,LAO,2025-07-01T00:00:00Z,2025-06-30T01:00:00Z,1", "pushed_at"),
    ("X1,GF-2,LAO,2025-07-01T00:00:00Z,2025-07-01T01:00:00Z,-4", "size"),
])
def test_a_bad_row_is_named_and_nothing_is_written(nodes, row, column):
    with pytest.raises(ImportFailed) as caught:
        import_deliveries(SYSTEM, "push.csv", (SMALL_LOG + row + "\n").encode())
    db.session.rollback()
    assert [(p.row, p.column) for p in caught.value.problems] == [(10, column)]
    assert db.session.query(ScenePush).count() == 0 and db.session.query(DeliveryLogImport).count() == 0


def test_a_wrong_header_is_refused(nodes):
    with pytest.raises(ImportFailed) as caught:
        import_deliveries(SYSTEM, "push.csv", b"scene,satellite,colour\n1,GF-2,red\n")
    assert {(p.row, p.column) for p in caught.value.problems} >= {(1, "colour"), (1, "node")}


def test_an_xlsx_log_is_read(nodes):
    book = Workbook()
    sheet = book.active
    sheet.append(["Scene ID", "Satellite", "Node", "Acquired at", "Pushed at", "Size (MB)"])
    sheet.append(["X1", "GF-6", "LAO", datetime(2025, 7, 1, 0, 0), datetime(2025, 7, 1, 6, 0), 10])
    sheet.append(["X2", "GF-6", "LAO", datetime(2025, 7, 1, 0, 0), datetime(2025, 7, 3, 6, 0), 10])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_deliveries(SYSTEM, "push.xlsx", buffer.getvalue())
    assert result.imported == 2
    assert measured_t1()[(nodes["LAO"].id, 2025, 3)].percent == Decimal("50.00")


def test_a_few_thousand_rows_and_the_cli(nodes, runner, tmp_path):
    start = datetime(2025, 1, 1)
    lines = [HEADER.strip()]
    for i in range(3000):
        acquired = start + timedelta(hours=i)
        lag = timedelta(hours=30) if i % 4 == 0 else timedelta(hours=5)  # a quarter late
        lines.append(f"S{i:06d},GF-2,{'LAO' if i % 2 else 'KEN'},{acquired.isoformat()}Z,"
                     f"{(acquired + lag).isoformat()}Z,{i % 700}")
    path = tmp_path / "push.csv"
    path.write_text("\n".join(lines) + "\n")
    result = runner.invoke(args=["import", "deliveries", str(path)])
    assert result.exit_code == 0, result.output
    assert "3000 scene(s) imported, 0 already known" in result.output
    assert db.session.query(ScenePush).count() == 3000
    kenya = [m for m in measured_t1().values() if m.node_id == nodes["KEN"].id]
    assert sum(m.within_day for m in kenya) == sum(m.scenes for m in kenya) - 750  # every even i divisible by 4
    again = runner.invoke(args=["import", "deliveries", str(path)])
    assert "0 scene(s) imported, 3000 already known and skipped" in again.output


def test_the_cli_names_a_bad_row_and_writes_nothing(nodes, runner, tmp_path):
    path = tmp_path / "push.csv"
    path.write_text(SMALL_LOG + "X1,GF-2,ZZZ,2025-07-01T00:00:00Z,2025-07-01T01:00:00Z,1\n")
    result = runner.invoke(args=["import", "deliveries", str(path)])
    assert result.exit_code == 1
    assert "row 10, node: no node with code 'ZZZ'" in result.output
    assert db.session.query(ScenePush).count() == 0


def test_the_demo_holds_data_requests_and_a_push_log(app, runner):
    from app.datarequests.models import DataRequest

    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    titles = {r.title: r for r in db.session.query(DataRequest)}
    assert titles["Flood extent, Attapeu province"].license_covered
    assert titles["Vientiane plain land cover"].area_countries == ["LAO", "THA"]
    assert db.session.query(ScenePush).count() == 90
