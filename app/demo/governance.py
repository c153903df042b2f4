"""Demo governance from the implementation plan (sections 3, 4 and 6).

The plan says the administration board, advisory committees, joint research centre and
secretariat are "planning to be established", that 2020's activities include discussing "the
long-term development goals and short-time action plans", names the Digital Mekong
composite-mapping project (LASAC with partners in China, Laos and Austria) and calibration "under
the collaboration Turkey, Jordan, Germany, Austria and France". Members, meetings, decisions,
dates and sites below are illustrative, for the secretariat to correct.
"""

from datetime import date, timedelta

from sqlalchemy import select

from app.capacity.models import Event
from app.cases.models import Case
from app.demo.capacity import ACTOR, node, organization
from app.extensions import db
from app.governance import plans, services
from app.partners.models import Person
from app.partners.services import create_organization, create_person


def _person(name: str) -> Person:
    return db.session.scalar(select(Person).where(Person.name == name))


def _bodies() -> dict:
    lasac = organization("LASAC")
    board = services.create_body(ACTOR, {
        "code": "B", "name": "CSDR Administration Board", "kind": "board", "established_on": date(2020, 6, 15),
        "description": "Steers the CSDR network: work plan, new nodes, joint projects."})
    committee = services.create_body(ACTOR, {
        "code": "AC", "name": "CSDR Advisory Committee", "kind": "advisory_committee",
        "established_on": date(2020, 9, 1), "description": "Scientific and technical advice to the board."})
    secretariat = services.create_body(ACTOR, {
        "code": "S", "name": "CSDR Joint Secretariat", "kind": "secretariat", "established_on": date(2020, 6, 15),
        "description": "Day-to-day coordination, reports and records, hosted by LASAC."})
    centre = services.create_body(ACTOR, {
        "code": "JRC", "name": "CSDR Joint Research Centre", "kind": "joint_research_centre",
        "established_on": date(2020, 12, 1), "description": "Joint research, calibration and product verification."})
    # The demo users' own people: their e-mail addresses link them to their action items.
    board_member = create_person(ACTOR, {"name": "Demo Board Member", "email": "board@csdr.example",
                                         "organization_id": organization("UNIVIE").id, "roles": ["board"]})
    coordinator = create_person(ACTOR, {"name": "Demo Coordinator (LAO)", "email": "coordinator.lao@csdr.example",
                                        "organization_id": node("LAO").host_organization_id,
                                        "roles": ["coordinator"]})
    start = date(2020, 6, 15)
    for person, role in ((_person("TANG Xinming"), "chair"), (_person("Wolfgang Kainz"), "vice_chair"),
                         (_person("MENG Xiaolin"), "member"), (_person("Amos T. Kabo-bah"), "member"),
                         (_person("Mariano Imbert"), "member"), (board_member, "member"),
                         (_person("Ye Fanghong"), "observer")):
        services.add_member(ACTOR, board, {"person_id": person.id, "role": role, "term_from": start})
    services.add_member(ACTOR, board, {"person_id": _person("Susheel Dangol").id, "role": "member",
                                       "term_from": start, "term_to": date(2022, 6, 14)})
    for person, role in ((_person("Peter Caccetta"), "chair"), (_person("Peter Reinartz"), "member"),
                         (_person("Paul Cleary"), "member")):
        services.add_member(ACTOR, committee, {"person_id": person.id, "role": role, "term_from": date(2020, 9, 1)})
    services.add_member(ACTOR, committee, {"organization_id": organization("GISTDA").id, "role": "member",
                                           "term_from": date(2020, 9, 1)})
    services.add_member(ACTOR, secretariat, {"person_id": _person("Ye Fanghong").id, "organization_id": lasac.id,
                                             "role": "chair", "term_from": start})
    services.add_member(ACTOR, centre, {"organization_id": lasac.id, "role": "chair", "term_from": date(2020, 12, 1)})
    services.add_member(ACTOR, centre, {"organization_id": organization("DLR").id, "role": "member",
                                        "term_from": date(2020, 12, 1)})
    return {"board": board, "committee": committee, "board_member": board_member, "coordinator": coordinator}


def _meetings(bodies: dict, today: date) -> None:
    board, committee = bodies["board"], bodies["committee"]
    first = services.create_meeting(ACTOR, {
        "body_id": board.id, "title": "First meeting of the Administration Board", "held_on": date(2020, 6, 15),
        "is_online": True, "place": "Teleconference",
        "agenda": "1. Establish the board, the secretariat and the joint research centre\n"
                  "2. Long-term development goals and the 2020 action plan\n3. New nodes",
        "attendee_ids": [p.id for p in (_person("TANG Xinming"), _person("Wolfgang Kainz"), _person("MENG Xiaolin"),
                                        _person("Amos T. Kabo-bah"), _person("Ye Fanghong"))]})
    establish = services.record_decision(ACTOR, {
        "meeting_id": first.id, "decided_on": date(2020, 6, 15),
        "title": "Establish the CSDR administrative body, joint research centre and secretariat",
        "text": "The board establishes itself, the joint secretariat hosted by LASAC and the joint research centre."})
    services.update_decision(ACTOR, establish, {"status": "implemented"}, establish.version)
    goals = services.record_decision(ACTOR, {
        "meeting_id": first.id, "decided_on": date(2020, 6, 15), "title": "Long-term development goals 2020–2030",
        "text": "The board adopts three long-term goals: partners and mechanism; calibration; geoinformation."})
    services.create_action_item(ACTOR, {
        "decision_id": establish.id, "meeting_id": first.id, "title": "Draft the rules of procedure of the board",
        "owner_id": _person("Ye Fanghong").id, "due_on": date(2020, 9, 30)})
    second = services.create_meeting(ACTOR, {
        "body_id": board.id, "title": "Annual meeting of the Administration Board", "held_on": date(2021, 6, 10),
        "place": "Beijing, LASAC", "agenda": "1. Rules of procedure\n2. Revised goals\n3. Digital Mekong progress",
        "attendee_ids": [p.id for p in (_person("TANG Xinming"), _person("Wolfgang Kainz"), _person("MENG Xiaolin"),
                                        _person("Amos T. Kabo-bah"), _person("Mariano Imbert"),
                                        _person("Ye Fanghong"))]})
    services.record_decision(ACTOR, {"meeting_id": second.id, "decided_on": date(2021, 6, 10),
                                     "title": "Rules of procedure of the Administration Board"})
    services.record_decision(ACTOR, {
        "meeting_id": second.id, "decided_on": date(2021, 6, 10), "supersedes_id": goals.id,
        "title": "Revised long-term development goals", "text": "Adds field investigation in associated countries."})
    services.create_meeting(ACTOR, {
        "body_id": committee.id, "title": "Advisory Committee on calibration", "held_on": date(2021, 3, 20),
        "is_online": True,
        "attendee_ids": [_person("Peter Caccetta").id, _person("Peter Reinartz").id, _person("Paul Cleary").id]})
    recent = services.create_meeting(ACTOR, {
        "body_id": board.id, "title": "Board teleconference on the next action plan",
        "held_on": today - timedelta(days=30), "is_online": True,
        "attendee_ids": [p.id for p in (_person("TANG Xinming"), _person("Wolfgang Kainz"), _person("MENG Xiaolin"),
                                        _person("Amos T. Kabo-bah"), bodies["board_member"])]})
    plan_decision = services.record_decision(ACTOR, {
        "meeting_id": recent.id, "decided_on": recent.held_on, "title": "Prepare the next yearly action plan"})
    services.create_action_item(ACTOR, {
        "meeting_id": recent.id, "decision_id": plan_decision.id, "title": "Draft the next yearly action plan",
        "owner_id": _person("Ye Fanghong").id, "due_on": today + timedelta(days=10)})
    services.create_action_item(ACTOR, {
        "meeting_id": recent.id, "title": "Report on the DOM production of the LAO node",
        "owner_id": bodies["coordinator"].id, "due_on": today - timedelta(days=5)})
    services.create_action_item(ACTOR, {
        "meeting_id": recent.id, "title": "Propose two new partners for the calibration campaign",
        "owner_id": bodies["board_member"].id, "due_on": today + timedelta(days=40)})
    services.create_meeting(ACTOR, {
        "body_id": board.id, "title": "Annual meeting of the Administration Board (planned)",
        "held_on": today + timedelta(days=60), "is_online": True})


def _projects() -> dict:
    lasac = organization("LASAC")
    mekong = plans.create_project(ACTOR, {
        "title": "High-precision composite mapping based on China's aerospace remote sensing images (Digital Mekong)",
        "acronym": "Digital Mekong", "lead_organization_id": lasac.id,
        "partner_ids": [node("LAO").host_organization_id, organization("UNIVIE").id],
        "countries": ["CHN", "LAO", "AUT"], "start_on": date(2017, 1, 1), "end_on": date(2021, 12, 31),
        "status": "ongoing",
        "summary": "An extension of the Digital Mekong River Project led by LASAC, with universities, government "
                   "and private sectors in China, Laos and Austria, based on SatCloud."})
    for title, due, reached in (("In situ data shared; joint field trips", date(2018, 6, 30), date(2018, 6, 20)),
                                ("Support to the relief of the July 2018 dam break in Laos", date(2018, 8, 31),
                                 date(2018, 8, 15)),
                                ("DOM of Laos co-produced", date(2019, 12, 31), date(2019, 12, 20)),
                                ("Composite-mapping products and software delivered", date(2021, 12, 31), None)):
        plans.add_milestone(ACTOR, mekong, {"title": title, "due_on": due, "reached_on": reached,
                                            "status": "reached" if reached else "planned"})
    plans.add_output(ACTOR, mekong, {"kind": "output", "title": "Digital orthophoto map (DOM) of Laos",
                                     "published_on": date(2019, 12, 20)})
    plans.add_output(ACTOR, mekong, {"kind": "output", "title": "SatCloud portal", "url": "http://www.sasclouds.com/english/home/"})
    turkey = create_organization(ACTOR, {"name": "Turkish calibration partner", "country": "TUR", "kind": "research"})
    france = create_organization(ACTOR, {"name": "French calibration partner", "country": "FRA", "kind": "research"})
    campaign = plans.create_campaign(ACTOR, {
        "title": "Multi-satellite radiometric and geometric calibration 2020",
        "sites": ["Baotou calibration site (CHN)", "Dunhuang radiometric site (CHN)", "Desert site (JOR)"],
        "satellites": ["ZY-3 02", "GF-1", "GF-2", "GF-6"], "sensors": ["PMS", "WFV", "TLC"],
        "partner_ids": [turkey.id, node("JOR").host_organization_id, organization("DLR").id,
                        organization("UNIVIE").id, france.id],
        "countries": ["CHN", "TUR", "JOR", "DEU", "AUT", "FRA"], "start_on": date(2020, 8, 1),
        "end_on": date(2020, 10, 31), "status": "completed",
        "summary": "Cross-radiation and geometric calibration of the resources satellites with partners.",
        "results": "Calibration coefficients updated for the satellites listed; report to be uploaded."})
    return {"mekong": mekong, "campaign": campaign}


def _work_plan(projects: dict) -> None:
    partners = plans.create_goal(ACTOR, {
        "title": "Engage more partners and an effective cooperation mechanism on SatCloud", "from_year": 2020,
        "to_year": 2030})
    calibration = plans.create_goal(ACTOR, {
        "title": "Global cross-radiation and geometric calibration of resources satellites", "from_year": 2020,
        "to_year": 2030})
    plans.create_goal(ACTOR, {"title": "Co-construct global geoinformation resources", "from_year": 2020,
                              "to_year": 2030})
    plan = plans.create_plan(ACTOR, {"year": 2020, "title": "Action plan 2020",
                                     "summary": "The key activities of 2020 in the implementation plan."})
    workshop = db.session.scalar(select(Event.id).where(Event.kind == "workshop").order_by(Event.id))
    mapping = db.session.scalar(select(Case.id).where(Case.title.ilike("%composite mapping%")).order_by(Case.id))
    for data in (
        {"title": "Establish the CSDR administrative body, joint research centre and secretariat",
         "goal_id": partners.id, "status": "done"},
        {"title": "Build more international nodes", "goal_id": partners.id, "status": "ongoing",
         "node_ids": [node(code).id for code in ("LAO", "NPL", "KHM")]},
        {"title": "Exchange visits, workshops and training courses on SatCloud", "goal_id": partners.id,
         "status": "ongoing", "event_ids": [workshop] if workshop else []},
        {"title": "Joint calibration and products verification", "goal_id": calibration.id, "status": "done",
         "project_ids": [projects["mekong"].id], "case_ids": [mapping] if mapping else []},
    ):
        plans.add_activity(ACTOR, plan, data)


def load_governance() -> None:
    """Bodies, meetings, decisions, action items, the 2020 work plan, Digital Mekong and a campaign."""
    today = date.today()
    bodies = _bodies()
    _meetings(bodies, today)
    _work_plan(_projects())
    db.session.flush()
