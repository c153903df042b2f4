"""Demo data requests of the Lao node and a small SatCloud push log (illustrative, for trying the pages)."""

from datetime import datetime, time, timedelta

from app.auth.actors import SYSTEM
from app.core.periods import Quarter, today
from app.datarequests.imports import import_deliveries
from app.datarequests.services import approve_request, create_request, record_delivery
from app.demo.capacity import node

# Vientiane and the Mekong: the south-west corner reaches across the river into Thailand.
ACROSS_MEKONG = {"type": "Polygon", "coordinates": [[[101.5, 17.5], [103.5, 17.5], [103.5, 19.0], [101.5, 19.0],
                                                     [101.5, 17.5]]]}


def load_data_requests() -> None:
    """A delivered flood-mapping request the license covers, one across the border waiting, a log of pushes."""
    lao = node("LAO")
    last = Quarter.containing(today()).previous()
    covered = create_request(SYSTEM, {
        "node_id": lao.id, "title": "Flood extent, Attapeu province", "countries": ["LAO"],
        "acquired_from": last.starts_on, "acquired_to": last.ends_on, "satellites": ["GF-2", "GF-1"],
        "product_levels": ["L1", "DOM"], "purpose": "disaster_response", "is_free_experiment": True,
        "notes": "For the provincial disaster management committee."})
    approve_request(SYSTEM, covered, "Covered by LIC-LAO-2023.")
    record_delivery(SYSTEM, covered, {"scenes": 36, "volume_gb": "142.5", "delivered_on": last.ends_on,
                                      "method": "satcloud", "note": "Pushed to the node's SatCloud server."})
    create_request(SYSTEM, {
        "node_id": lao.id, "title": "Vientiane plain land cover", "area": ACROSS_MEKONG,
        "acquired_from": last.starts_on, "acquired_to": last.ends_on, "satellites": ["ZY-3"],
        "product_levels": ["L2"], "purpose": "research"})
    lines = ["scene_id,satellite,node,acquired_at,pushed_at,size"]
    start = datetime.combine(last.starts_on, time(3, 0))
    for i in range(90):
        acquired = start + timedelta(days=i, hours=i % 5)
        lag = timedelta(hours=30 if i % 6 == 0 else 4 + i % 12)  # one scene in six misses the day
        lines.append(f"DEMO-GF2-{last.label}-{i:03d},GF-2,LAO,{acquired.isoformat()}Z,"
                     f"{(acquired + lag).isoformat()}Z,{600 + i}")
    import_deliveries(SYSTEM, "demo-push-log.csv", ("\n".join(lines) + "\n").encode())
