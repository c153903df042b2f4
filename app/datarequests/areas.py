"""Areas of interest: reading a GeoJSON polygon and finding the countries it reaches into.

The country shapes are Natural Earth's admin-0 countries at 1:110m (public domain), kept in
`data/countries_110m.geojson` (see data/README.md). At that scale a border is drawn to
within a few kilometres, so an area is said to reach into a country only when more than
a sliver of it (AREA_TOLERANCE of the area, and at least MIN_OVERLAP_DEG2) lies there.
"""

import json
from functools import cache
from pathlib import Path

import shapely
from shapely import STRtree, make_valid
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.prepared import prep

from app.core.errors import ValidationFailed

SHAPES = Path(__file__).parent / "data" / "countries_110m.geojson"
MAX_VERTICES = 20_000
AREA_TOLERANCE = 0.001   # of the area
MIN_OVERLAP_DEG2 = 1e-6  # about 1 hectare at the equator, in square degrees


@cache
def _countries():
    features = json.loads(SHAPES.read_text())["features"]
    codes = [f["id"] for f in features]
    geometries = [make_valid(shape(f["geometry"])) for f in features]
    return codes, geometries, STRtree(geometries)


def _fail(message: str, field: str = "area"):
    raise ValidationFailed.on(field, message)


def _geometries_of(value) -> list[dict]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            _fail("The area is not valid GeoJSON.")
    if not isinstance(value, dict):
        _fail("The area must be a GeoJSON object.")
    kind = value.get("type")
    if kind == "Feature":
        return _geometries_of(value.get("geometry"))
    if kind == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list) or not features:
            _fail("The GeoJSON file holds no shapes.")
        return [g for f in features for g in _geometries_of(f)]
    if kind not in ("Polygon", "MultiPolygon"):
        _fail("Draw or upload a polygon (GeoJSON Polygon or MultiPolygon); "
              f"{str(kind)[:30] or 'this'} is not an area.")
    return [value]


def _polygon(geometry: dict):
    try:
        polygon = shape(geometry)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        _fail("The area's coordinates are not a polygon's: rings of [longitude, latitude] pairs.")
    if not isinstance(polygon, Polygon | MultiPolygon) or polygon.is_empty:
        _fail("The area is empty.")
    minx, miny, maxx, maxy = polygon.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        _fail("Coordinates must be longitude (−180 to 180) and latitude (−90 to 90), in that order.")
    if not polygon.is_valid:
        _fail("The area's outline crosses itself; draw it again.")
    return polygon


def parse_area(value) -> dict:
    """A GeoJSON Polygon or MultiPolygon (or a Feature or FeatureCollection of them) as one geometry dict.

    Longitude and latitude in degrees (WGS 84); several shapes are merged into one area.
    Raises ValidationFailed on `area` when it is not GeoJSON, not a polygon, out of range,
    too detailed, self-crossing or empty.
    """
    parts = [_polygon(g) for g in _geometries_of(value)]
    if sum(shapely.get_num_coordinates(p) for p in parts) > MAX_VERTICES:
        _fail(f"The area has more than {MAX_VERTICES:,} points; simplify it.")
    polygon = parts[0] if len(parts) == 1 else shapely.union_all(parts)
    if polygon.area == 0:
        _fail("The area has no extent.")
    geometry = mapping(polygon)
    return {"type": geometry["type"], "coordinates": _plain(geometry["coordinates"])}


def _plain(coordinates):
    if isinstance(coordinates, tuple | list) and coordinates and isinstance(coordinates[0], int | float):
        return [float(c) for c in coordinates]
    return [_plain(c) for c in coordinates]


def countries_of(area: dict) -> list[str]:
    """ISO alpha-3 codes of the countries the area reaches into, largest share first."""
    codes, geometries, tree = _countries()
    polygon = shape(area)
    tolerance = max(polygon.area * AREA_TOLERANCE, MIN_OVERLAP_DEG2)
    prepared = prep(polygon)
    shares = []
    for index in tree.query(polygon):
        country = geometries[index]
        if not prepared.intersects(country):
            continue
        overlap = polygon.intersection(country).area
        if overlap > tolerance:
            shares.append((overlap, codes[index]))
    return [code for _overlap, code in sorted(shares, reverse=True)]


def known_countries() -> set[str]:
    """The countries the vendored shapes hold (very small states are missing at 1:110m)."""
    return set(_countries()[0])
