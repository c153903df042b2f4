"""Five years of the network's life (2021–2025), beyond the plan's 2018–2019 history.

Trainees from several countries (women and men), a yearly workshop, training course and
calibration campaign with participants by country and gender, application cases (completed
and ongoing, tagged from the vocabularies) and more agreements with their renewals. Names of
people are illustrative placeholders; everything goes through the services, acting as SYSTEM,
and is drawn from one seeded random generator so every load is the same.
"""

import random
from datetime import date, timedelta

from app.agreements.services import create_agreement, renew_agreement
from app.capacity.services import create_event, create_trainee
from app.cases.services import create_case
from app.demo.capacity import ACTOR, node, organization

YEARS = range(2021, 2026)
SEED = 2021

# home node → (female names, male names); placeholders for the secretariat to correct.
NAMES = {
    "LAO": (["Souksavanh P.", "Manivone K.", "Phonevilay S."], ["Khamphone V.", "Bounmy L.", "Somsack D."]),
    "GHA": (["Akosua M.", "Efua A.", "Abena O."], ["Kwame B.", "Kofi A.", "Yaw D."]),
    "NPL": (["Sita G.", "Anjali S."], ["Ramesh K.", "Bikash T."]),
    "THA": (["Siriporn C.", "Nattaya P."], ["Somchai R.", "Anan T."]),
    "VEN": (["María F. G.", "Daniela R."], ["José L. P.", "Carlos M."]),
    "KEN": (["Wanjiru N.", "Achieng O."], ["Otieno K.", "Kiprono M."]),
    "MNG": (["Oyunchimeg B.", "Sarangerel D."], ["Batbayar T.", "Ganbold S."]),
    "LKA": (["Nimali P.", "Dilini W."], ["Kasun J.", "Ruwan S."]),
    "BGD": (["Farzana A.", "Nusrat J."], ["Rahim U.", "Tanvir H."]),
    "UGA": (["Nakato S.", "Apio G."], ["Okello J.", "Mugisha P."]),
}
TOPICS = ["GF-1/GF-6 crop monitoring", "ZY-3 stereo DSM production", "Flood mapping with GF-3 and GF-1",
          "Land-cover classification with deep learning", "SatCloud data push and node operation",
          "Radiometric calibration of GF-6 WFV", "Forest change detection"]
KINDS = ["training", "training", "staff_exchange", "fellowship", "field_work"]
HOMES_BY_YEAR = {2021: ["LAO", "NPL", "THA"], 2022: ["LAO", "GHA", "MNG", "LKA"], 2023: ["LAO", "VEN", "KEN", "BGD"],
                 2024: ["GHA", "NPL", "UGA", "MNG", "THA"], 2025: ["LAO", "KEN", "LKA", "VEN", "BGD", "GHA"]}

# (year, kind, title, month, days, country, city, organizers, countries attending)
EVENTS = [
    (2021, "training_course", "CSDR online course: Chinese high-resolution data for SDG monitoring", 6, 5, "CHN",
     "Beijing (online)", ["LASAC"], ["LAO", "NPL", "THA", "KHM", "MNG", "LKA", "BGD"]),
    (2021, "calibration_campaign", "Dunhuang radiometric calibration campaign", 8, 12, "CHN", "Dunhuang",
     ["LASAC"], ["CHN", "AUT"]),
    (2022, "workshop", "Second Southeast Asian Satellite Application Workshop", 9, 3, "THA", "Bangkok",
     ["LASAC", "GISTDA"], ["CHN", "THA", "LAO", "KHM", "VNM", "MYS", "IDN", "PHL", "MMR"]),
    (2022, "calibration_campaign", "Baotou geometric calibration campaign", 9, 10, "CHN", "Baotou",
     ["LASAC"], ["CHN", "DEU"]),
    (2022, "training_course", "Training course on ZY-3 mapping for African partners", 11, 10, "GHA", "Sunyani",
     ["LASAC", "UENR"], ["GHA", "KEN", "UGA", "NGA", "CHN"]),
    (2023, "workshop", "CSDR partner workshop at the GEO Week", 11, 2, "ZAF", "Cape Town",
     ["LASAC"], ["CHN", "GHA", "KEN", "UGA", "ZAF", "AUT", "GBR", "VEN", "LAO", "NPL"]),
    (2023, "calibration_campaign", "Dunhuang cross-calibration campaign with GF-6", 7, 14, "CHN", "Dunhuang",
     ["LASAC", "DLR"], ["CHN", "DEU", "AUS"]),
    (2023, "training_course", "Latin American training course on VRSS-2 and GF data", 5, 8, "VEN", "Caracas",
     ["LASAC", "ABAE"], ["VEN", "BOL", "CUB", "NIC", "CHN"]),
    (2024, "workshop", "South Asian workshop on satellite data for disaster risk reduction", 3, 3, "NPL",
     "Kathmandu", ["LASAC", "Survey Department"], ["NPL", "BGD", "LKA", "PAK", "BTN", "CHN"]),
    (2024, "training_course", "Mekong training course on flood and drought monitoring", 8, 10, "LAO", "Vientiane",
     ["LASAC"], ["LAO", "KHM", "THA", "VNM", "MMR", "CHN"]),
    (2024, "calibration_campaign", "Baotou site calibration campaign (GF-7 laser altimetry)", 10, 9, "CHN",
     "Baotou", ["LASAC"], ["CHN", "AUT", "GBR"]),
    (2025, "workshop", "CSDR five-year review workshop", 6, 3, "CHN", "Beijing",
     ["LASAC"], ["CHN", "LAO", "THA", "NPL", "GHA", "KEN", "UGA", "VEN", "AUT", "GBR", "MNG", "LKA", "BGD"]),
    (2025, "training_course", "Training course on ZY-1 02E hyperspectral data", 4, 10, "CHN", "Beijing",
     ["LASAC", "UoN"], ["LAO", "GHA", "MNG", "LKA", "BGD", "JOR", "KEN"]),
    (2025, "calibration_campaign", "Dunhuang and Golmud calibration campaign", 8, 15, "CHN", "Dunhuang",
     ["LASAC", "DLR"], ["CHN", "DEU"]),
]

# (title, summary, countries, domains, satellites, partners, start, end, status, outcomes, sdg, sendai, paris, node)
CASES = [
    ("Crop monitoring of northern Ghana with GF-1 and GF-6",
     "Seasonal maize and rice area estimates for the Northern and Upper East regions.", ["GHA"],
     ["agriculture"], ["GF-1", "GF-6"], ["LASAC", "UENR"], date(2021, 4, 1), date(2023, 12, 31), "completed",
     "Crop area maps for three seasons, used by the regional agriculture directorates.",
     ["2.4.1", "2.4"], [], ["adaptation"], "GHA"),
    ("Forest cover change in the Nepal Himalaya", "Forest change 2015–2022 from ZY-3 and GF-2 images.",
     ["NPL"], ["forestry", "ecology"], ["ZY-3", "GF-2"], ["LASAC", "Survey Department"], date(2022, 1, 10),
     date(2024, 6, 30), "completed", "National forest change map adopted by the Forest Research and Training Centre.",
     ["15.1.1", "15.2.1"], [], ["mitigation"], "NPL"),
    ("Orinoco delta wetland mapping", "Wetland extent and change with VRSS-2 and GF-1.", ["VEN"],
     ["water", "ecology"], ["GF-1"], ["LASAC", "ABAE"], date(2023, 3, 1), None, "ongoing", "",
     ["6.6.1"], [], ["adaptation"], "VEN"),
    ("Drought early warning in the Kenyan drylands", "Vegetation condition from GF-1 WFV every ten days.",
     ["KEN"], ["agriculture", "disaster_risk_reduction"], ["GF-1", "GF-6"], ["LASAC"], date(2024, 2, 1), None,
     "ongoing", "", ["2.4.1", "15.3.1"], ["B-1", "G-1"], ["adaptation"], "KEN"),
    ("Urban expansion of Bangkok and its flood exposure", "Built-up area growth 2016–2024 and exposure to floods.",
     ["THA"], ["urban", "disaster_risk_reduction"], ["GF-2", "GF-7"], ["LASAC", "GISTDA"], date(2021, 6, 1),
     date(2025, 3, 31), "completed", "Flood exposure layers in the Bangkok Metropolitan Administration's plan.",
     ["11.3.1", "11.5.2"], ["C-1", "D-1"], ["adaptation"], "THA"),
    ("Land degradation of the Mongolian steppe", "Degraded land from GF-1 and GF-6 time series.", ["MNG"],
     ["land", "ecology"], ["GF-1", "GF-6"], ["LASAC"], date(2025, 5, 1), None, "ongoing", "",
     ["15.3.1"], [], ["adaptation", "capacity_building"], "MNG"),
]

# (reference, kind, host node, signed, effective, expires, auto_renew, status)
AGREEMENTS = [
    ("MOU-NOR-2020", "mou", "NOR", date(2020, 6, 1), date(2020, 6, 1), date(2025, 5, 31), False),
    ("MOU-NPL-2021", "mou", "NPL", date(2021, 1, 15), date(2021, 2, 1), date(2031, 1, 31), False),
    ("MOU-MNG-2021", "mou", "MNG", date(2021, 7, 1), date(2021, 7, 1), date(2026, 6, 30), True),
    ("MOU-LKA-2022", "mou", "LKA", date(2022, 3, 10), date(2022, 4, 1), date(2027, 3, 31), False),
    ("MOU-UGA-2022", "mou", "UGA", date(2022, 10, 5), date(2022, 10, 5), date(2027, 10, 4), False),
    ("MOU-BGD-2023", "mou", "BGD", date(2023, 2, 20), date(2023, 3, 1), date(2028, 2, 29), False),
    ("MOU-JOR-2024", "mou", "JOR", date(2024, 9, 12), date(2024, 10, 1), date(2029, 9, 30), False),
]
# (reference, licensee node, signed, effective, expires, auto_renew, satellites)
LICENSES = [
    ("LIC-NPL-2021", "NPL", date(2021, 3, 1), date(2021, 3, 1), date(2024, 2, 29), False, ["GF-1", "GF-2", "ZY-3"]),
    ("LIC-THA-2023", "THA", date(2023, 6, 1), date(2023, 6, 1), date(2024, 5, 31), True, ["GF-2", "GF-7"]),
    ("LIC-GHA-2021", "GHA", date(2021, 9, 1), date(2021, 9, 1), date(2025, 6, 30), False, ["GF-1", "GF-6"]),
    ("LIC-MNG-2022", "MNG", date(2022, 1, 10), date(2022, 1, 10), date(2026, 12, 31), False, ["GF-1", "GF-6"]),
]
TERMS = {"non_commercial": True, "geoss_principles": True,
         "attribution": "Contains data © LASAC / China Centre for Resources Satellite Data and Application"}


def _org_id(key: str) -> int:
    if len(key) == 3 and key.isupper() and node(key) is not None:
        return node(key).host_organization_id
    return organization(key).id


def load_trainees(rng: random.Random) -> None:
    """Trainees of 2021–2025 hosted by LASAC, from several countries, women and men alike."""
    lasac = organization("LASAC")
    used: dict[str, int] = {}
    for year in YEARS:
        for code in HOMES_BY_YEAR[year]:
            home = node(code)
            for _ in range(rng.randint(1, 3)):
                gender = rng.choice(["female", "male"])
                names = NAMES[code][0 if gender == "female" else 1]
                used[code] = used.get(code, 0) + 1
                name = f"{names[used[code] % len(names)]} ({year})"
                start = date(year, rng.randint(2, 9), rng.randint(1, 25))
                create_trainee(ACTOR, {
                    "name": name, "gender": gender, "home_country": home.country,
                    "home_organization_id": home.host_organization_id, "host_organization_id": lasac.id,
                    "kind": rng.choice(KINDS), "topic": rng.choice(TOPICS), "start_on": start,
                    "end_on": start + timedelta(days=rng.choice([60, 90, 120, 180])), "node_id": home.id,
                    "outcome": "Completed; back at the home node." if year < 2025 else None})


def load_events(rng: random.Random) -> None:
    """A workshop or training course and a calibration campaign every year, with participants by country."""
    for year, kind, title, month, days, country, city, organizers, attending in EVENTS:
        by_country = {code: rng.randint(2, 6) if code not in ("CHN", country) else rng.randint(6, 14)
                      for code in attending}
        total = sum(by_country.values())
        start = date(year, month, rng.randint(3, 20))
        host = node(country)
        create_event(ACTOR, {
            "kind": kind, "title": title, "start_on": start, "end_on": start + timedelta(days=days - 1),
            "country": country, "city": city, "organizer_ids": [_org_id(o) for o in organizers],
            "participants_total": total, "participants_female": round(total * rng.uniform(0.3, 0.5)),
            "participants_by_country": by_country, "node_id": host.id if host else node("CHN").id,
            "outcomes": f"{total} participants from {len(attending)} countries."})


def load_more_cases() -> None:
    """Application cases across the network, completed and ongoing."""
    for (title, summary, countries, domains, satellites, partners, start, end, status, outcomes, sdg, sendai,
         paris, code) in CASES:
        create_case(ACTOR, {
            "title": title, "summary": summary, "countries": countries, "domains": domains,
            "satellites": satellites, "partner_ids": [_org_id(p) for p in partners], "start_on": start,
            "end_on": end, "status": status, "outcomes": outcomes or None, "sdg": sdg, "sendai": sendai,
            "paris": paris, "node_id": node(code).id})


def load_more_agreements() -> None:
    """MOUs of the nodes that joined later, data-use licences (one renewing itself), and a renewal."""
    lasac = organization("LASAC")
    made = {}
    for reference, kind, code, signed, effective, expires, auto_renew in AGREEMENTS:
        host = node(code).host_organization
        made[reference] = create_agreement(ACTOR, {
            "kind": kind, "reference": reference, "status": "active", "notice_days": 90, "auto_renew": auto_renew,
            "title": f"MOU between LASAC and {host.acronym or host.name} on the CSDR SatCloud node",
            "signed_on": signed, "effective_from": effective, "expires_on": expires,
            "parties": [{"organization_id": lasac.id, "role": "lead"},
                        {"organization_id": host.id, "role": "partner"}]} | TERMS)
    renew_agreement(ACTOR, made["MOU-NOR-2020"], {"reference": "MOU-NOR-2025", "signed_on": date(2025, 5, 20)},
                    made["MOU-NOR-2020"].version)
    for reference, code, signed, effective, expires, auto_renew, satellites in LICENSES:
        host = node(code)
        licence = create_agreement(ACTOR, {
            "kind": "data_license", "reference": reference, "status": "active", "notice_days": 60,
            "auto_renew": auto_renew, "title": f"Data-use licence: {', '.join(satellites)} imagery for the "
                                               f"{host.code} node",
            "signed_on": signed, "effective_from": effective, "expires_on": expires,
            "parties": [{"organization_id": lasac.id, "role": "licensor"},
                        {"organization_id": host.host_organization_id, "role": "licensee"}],
            "license": {"licensee_id": host.host_organization_id, "satellites": satellites,
                        "product_levels": ["L1", "L2", "DOM"], "territory": [host.country],
                        "permitted_uses": ["research", "education", "public_administration"]}} | TERMS)
        if reference == "LIC-NPL-2021":
            renew_agreement(ACTOR, licence, {"reference": "LIC-NPL-2024", "signed_on": date(2024, 2, 1)},
                            licence.version)


def load_history() -> None:
    """All of the above, after the plan's network, agreements, trainees, workshop and cases."""
    rng = random.Random(SEED)  # noqa: S311 - demo figures, not secrets
    load_more_agreements()
    load_trainees(rng)
    load_events(rng)
    load_more_cases()
