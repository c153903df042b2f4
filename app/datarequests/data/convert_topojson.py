"""Rebuild countries_110m.geojson from the vendored TopoJSON (see README.md here).

Run from the repository root: `.venv/bin/python app/datarequests/data/convert_topojson.py`.
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "app/static/vendor/topojson/world_110m.json"
TARGET = Path(__file__).with_name("countries_110m.geojson")
DIGITS = 3  # ~100 m: far finer than the 1:110m shapes themselves


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * scale_x + shift_x, DIGITS), round(y * scale_y + shift_y, DIGITS)))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def main() -> None:
    topology = json.loads(SOURCE.read_text())
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if not code or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue  # three disputed areas carry no ISO code
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        coordinates = [[ring(r, arcs) for r in polygon] for polygon in polygons if polygon]
        features.append({"type": "Feature", "id": code, "properties": {},
                         "geometry": {"type": "MultiPolygon", "coordinates": coordinates}})
    features.sort(key=lambda f: f["id"])
    TARGET.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))
    print(f"{len(features)} countries written to {TARGET}")


if __name__ == "__main__":
    main()
