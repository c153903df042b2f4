"""The quarterly report shows T+1 measured from SatCloud's log beside the node's own, and prefills scenes received."""

from datetime import UTC, datetime

import time_machine

from app.datarequests.imports import import_deliveries
from app.extensions import db
from tests.factories import SYSTEM

LOG = """scene_id,satellite,node,acquired_at,pushed_at,size
A1,GF-2,LAO,2025-07-01T00:00:00Z,2025-07-01T05:00:00Z,1
A2,GF-2,LAO,2025-07-01T00:00:00Z,2025-07-01T06:00:00Z,1
A3,GF-2,LAO,2025-07-01T00:00:00Z,2025-07-03T00:00:00Z,1
A4,GF-2,LAO,2025-07-01T00:00:00Z,2025-07-04T00:00:00Z,1
"""


def test_the_report_shows_the_measured_value_beside_the_nodes_own(client, login_as, make):
    node = make.node(code="LAO")
    import_deliveries(SYSTEM, "log.csv", LOG.encode())
    db.session.commit()
    with time_machine.travel(datetime(2025, 10, 5, 12, 0, tzinfo=UTC), tick=False):
        make.quarterly_report(node, "2025Q3", "draft", t1_push_percent="95")
        login_as("secretariat")
        page = client.get("/nodes/LAO/reports/2025Q3").get_data(as_text=True)
    assert "95" in page
    assert "measured from SatCloud's log: 50 % of 4 scenes" in page


def test_a_new_report_starts_with_the_scenes_the_log_counted(client, login_as, make):
    node = make.node(code="LAO")
    import_deliveries(SYSTEM, "log.csv", LOG.encode())
    db.session.commit()
    with time_machine.travel(datetime(2025, 10, 5, 12, 0, tzinfo=UTC), tick=False):
        login_as("coordinator", node=node)
        page = client.get("/nodes/LAO/reports/2025Q3/edit").get_data(as_text=True)
        other_quarter = client.get("/nodes/LAO/reports/2025Q2/edit").get_data(as_text=True)
    assert 'name="scenes_received" type="number" value="4"' in page
    assert "4 scenes pushed to this node, 50 % of them within a day" in page
    assert "pushed to this node" not in other_quarter


def test_the_blank_offline_form_starts_with_the_scenes_the_log_counted(client, login_as, make):
    import io

    from openpyxl import load_workbook

    node = make.node(code="LAO")
    import_deliveries(SYSTEM, "log.csv", LOG.encode())
    db.session.commit()
    with time_machine.travel(datetime(2025, 10, 5, 12, 0, tzinfo=UTC), tick=False):
        login_as("coordinator", node=node)
        sheets = {period: load_workbook(io.BytesIO(client.get(f"/nodes/LAO/reports/{period}/form.xlsx").data))
                  .worksheets[0] for period in ("2025Q3", "2025Q2")}
    for period, sheet in sheets.items():
        row = next(r for r in range(1, sheet.max_row + 1) if sheet[f"A{r}"].value == "scenes_received")
        assert sheet[f"C{row}"].value == (4 if period == "2025Q3" else None), period  # the value to send
        assert sheet[f"D{row}"].value is None  # the hub holds no report yet
