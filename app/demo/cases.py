"""Demo application cases from the implementation plan (section 3)."""

from datetime import date

from app.cases.services import create_case
from app.demo.capacity import ACTOR, node, organization


def load_cases() -> None:
    """The 2018 dam-break relief in Laos, and the composite mapping project it grew from."""
    lasac, univie = organization("LASAC"), organization("UNIVIE")
    lao = node("LAO")
    create_case(ACTOR, {
        "title": "Relief of the July 2018 dam-break disaster in Laos (Xe-Pian Xe-Namnoy, Attapeu)",
        "summary": "The project group of the high-precision composite mapping project (China, Laos, Austria) "
                   "helped the relief of the dam-break disaster in Laos in July 2018 with high-resolution "
                   "satellite images, and won the recognition of the Lao government. Saddle dam D of the "
                   "Xe-Pian Xe-Namnoy hydropower project broke on 23 July 2018 and flooded villages of "
                   "Sanamxay district, Attapeu; GF-1, GF-2 and ZY-3 images were delivered within a day.",
        "countries": ["LAO"], "domains": ["disaster_risk_reduction", "water", "mapping"],
        "satellites": ["GF-1", "GF-2", "ZY-3"], "partner_ids": [lasac.id, lao.host_organization_id, univie.id],
        "start_on": date(2018, 7, 24), "end_on": date(2018, 8, 31), "status": "completed",
        "outcomes": "Flood extent and damage maps for the relief; recognition from the Lao government.",
        "sdg": ["1.5.1", "11.5.1", "11.5.2", "13.1.1"], "sendai": ["B-1", "C-1", "D-1", "G-5"],
        "paris": ["adaptation", "loss_and_damage"], "node_id": lao.id})
    create_case(ACTOR, {
        "title": "High-precision composite mapping of Laos from Chinese satellite images",
        "summary": "An extension of the Digital Mekong River project led by LASAC: sharing in-situ data, "
                   "field trips, co-producing the DOM of Laos and exchanging staff.",
        "countries": ["LAO"], "domains": ["mapping", "land"], "satellites": ["ZY-3"],
        "partner_ids": [lasac.id, lao.host_organization_id, univie.id], "start_on": date(2017, 1, 1),
        "status": "ongoing", "sdg": ["11.3", "15.1"], "paris": ["capacity_building", "technology"],
        "node_id": lao.id})
