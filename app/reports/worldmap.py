"""The world map of the reports, from the vendored topojson (app/static/vendor/topojson/world_110m.json).

The arcs are decoded here in Python (delta-encoded, quantized: ``transform`` scale and
translate) into land polygons in longitude/latitude, projected equirectangularly. Nodes are
placed at their country's centroid (the ``ct`` property of the map's ``countries`` layer),
spread a little when a country hosts several. The same shapes draw the PDF's vector map
(ReportLab graphics) and the public page's SVG (its template): both are plain text, built from the map data
and the snapshot alone, so the same snapshot gives the same drawing.
"""

import json
import math
from functools import cache
from pathlib import Path

from reportlab.graphics.shapes import Circle, Drawing, Polygon, Rect, String
from reportlab.lib import colors

MAP_FILE = Path(__file__).resolve().parent.parent / "static" / "vendor" / "topojson" / "world_110m.json"
LAT_TOP, LAT_BOTTOM = 84.0, -58.0  # the inhabited band (no Antarctica)
LAND, SEA, EDGE, NODE = "#e4e7eb", "#f3f7fc", "#b9c0c8", "#c23b4b"


@cache
def _topology() -> dict:
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


@cache
def _arcs() -> list[list[tuple[float, float]]]:
    topo = _topology()
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    decoded = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int]) -> list[tuple[float, float]]:
    arcs, points = _arcs(), []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc[1:] if points else arc)
    return points


@cache
def land_rings(step: int = 1) -> tuple[tuple[tuple[float, float], ...], ...]:
    """The outer rings of the land polygons (lon, lat), every ``step``-th point kept."""
    rings = []
    for geometry in _topology()["objects"]["land"]["geometries"]:
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        for polygon in polygons:
            if not polygon:
                continue
            ring = _ring(polygon[0])
            if max(lat for _lon, lat in ring) < LAT_BOTTOM:
                continue
            kept = ring[::step] if len(ring) > 12 else ring
            rings.append(tuple((round(lon, 2), round(lat, 2)) for lon, lat in kept))
    return tuple(rings)


@cache
def centroids() -> dict[str, tuple[float, float]]:
    """ISO-3 code → (lon, lat) of the country's label point."""
    found = {}
    for geometry in _topology()["objects"]["countries"]["geometries"]:
        ct = (geometry.get("properties") or {}).get("ct")
        if geometry.get("id") and ct:
            found[geometry["id"]] = (float(ct[0]), float(ct[1]))
    return found


def node_points(rows: list[list], columns: list[str]) -> list[dict]:
    """Points of the nodes (the snapshot's annex table): one per node at its country's centroid, several in
    one country set around it. Nodes of a country the map does not know are left out."""
    column = {name: i for i, name in enumerate(columns)}
    by_country: dict[str, list[str]] = {}
    for row in rows:
        by_country.setdefault(row[column["ISO"]], []).append(row[column["Code"]])
    points = []
    for iso in sorted(by_country):
        where = centroids().get(iso)
        if where is None:
            continue
        codes = sorted(by_country[iso])
        for i, code in enumerate(codes):
            angle = 2 * math.pi * i / len(codes)
            radius = 0 if len(codes) == 1 else 2.5
            points.append({"code": code, "iso": iso, "lon": round(where[0] + radius * math.cos(angle), 2),
                           "lat": round(where[1] + radius * math.sin(angle), 2)})
    return points


def _project(lon: float, lat: float, width: float, height: float) -> tuple[float, float]:
    """Equirectangular: x from longitude, y from latitude (y up, ReportLab's way)."""
    return (lon + 180) / 360 * width, (lat - LAT_BOTTOM) / (LAT_TOP - LAT_BOTTOM) * height


def map_drawing(points: list[dict], width: float, font: str = "Helvetica", labels: bool = True) -> Drawing:
    """The world and the nodes as a ReportLab vector drawing."""
    height = width * (LAT_TOP - LAT_BOTTOM) / 360
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=colors.HexColor(SEA), strokeColor=None))
    for ring in land_rings(2):
        flat = [c for lon, lat in ring for c in _project(lon, lat, width, height)]
        drawing.add(Polygon(flat, fillColor=colors.HexColor(LAND), strokeColor=colors.HexColor(EDGE),
                            strokeWidth=0.25))
    for p in points:
        x, y = _project(p["lon"], p["lat"], width, height)
        drawing.add(Circle(x, y, 2.2, fillColor=colors.HexColor(NODE), strokeColor=colors.white, strokeWidth=0.4))
        if labels:
            drawing.add(String(x + 3, y + 2, p["code"], fontName=font, fontSize=5, fillColor=colors.HexColor("#333")))
    return drawing


@cache
def _svg_rings(width: int, height: int) -> tuple[str, ...]:
    def xy(lon, lat):
        x, y = _project(lon, lat, width, height)
        return f"{x:.1f},{height - y:.1f}"

    return tuple(" ".join(xy(lon, lat) for lon, lat in ring) for ring in land_rings(1))


def svg_shapes(points: list[dict], width: int = 960) -> dict:
    """The same map for an SVG (y down), as plain numbers and codes: the page's template draws it (escaped)."""
    height = round(width * (LAT_TOP - LAT_BOTTOM) / 360)
    nodes = []
    for p in points:
        x, y = _project(p["lon"], p["lat"], width, height)
        nodes.append({"code": p["code"], "x": round(x, 1), "y": round(height - y, 1)})
    return {"width": width, "height": height, "rings": _svg_rings(width, height), "nodes": nodes,
            "land": LAND, "sea": SEA, "edge": EDGE, "node": NODE}
