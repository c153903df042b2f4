"""The demo network holds the board, the committee, meetings, decisions, action items, Digital Mekong
and a calibration campaign."""

from app.extensions import db
from app.governance.models import ActionItem, Body, CalibrationCampaign, Decision, JointProject, Meeting


def test_demo_load_records_governance(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    codes = set(db.session.scalars(db.select(Body.code)))
    assert {"B", "AC", "S", "JRC"} <= codes
    assert db.session.query(Meeting).count() >= 4
    references = {d.reference for d in db.session.query(Decision)}
    assert {"B-2020-01", "B-2020-02", "B-2021-01", "B-2021-02"} <= references
    superseded = db.session.query(Decision).filter_by(status="superseded").one()
    assert superseded.reference == "B-2020-02"
    assert db.session.query(ActionItem).filter_by(status="open").count() >= 3
    mekong = db.session.query(JointProject).filter_by(acronym="Digital Mekong").one()
    assert set(mekong.countries) == {"CHN", "LAO", "AUT"} and mekong.milestones
    campaign = db.session.query(CalibrationCampaign).one()
    assert {"TUR", "JOR", "DEU", "AUT", "FRA"} <= set(campaign.countries)


def test_demo_coordinator_sees_their_own_action_item(runner, client):
    result = runner.invoke(args=["demo", "load"])
    password = next(line.split()[-1] for line in result.output.splitlines() if "coordinator.lao@" in line)
    client.post("/login", data={"email": "coordinator.lao@csdr.example", "password": password})
    page = client.get("/governance/actions").get_data(as_text=True)
    assert "Report on the DOM production of the LAO node" in page
    assert "Draft the next yearly action plan" not in page
