"""Plotly figures (as plain JSON) for the dashboard, from the same snapshot the PDFs use.

The page itself carries each figure's title and a table of its data (`figure_table`), so the numbers
are there before any script runs; the browser then draws the charts with the vendored plotly.js from
/dashboard/figures.json (compact: floats rounded, no template), with no inline script.
"""

from flask_babel import gettext as _

from app.core.languages import country_in_language
from app.reports import wording
from app.reports.charts import PALETTE

COLORS = [c.hexval().replace("0x", "#") for c in PALETTE]
MAP_COUNTRY = "Country"


def _layout(title: str, **extra) -> dict:
    return {"title": {"text": title, "font": {"size": 15}}, "margin": {"l": 50, "r": 20, "t": 50, "b": 60},
            "height": 360, "paper_bgcolor": "rgba(0,0,0,0)", "legend": {"orientation": "h"}, **extra}


def world_map(snapshot: dict) -> dict:
    """Nodes per country on a world map (plotly geo; its map data is served locally)."""
    annex = snapshot["annex"]["nodes"]
    column = {name: i for i, name in enumerate(annex["columns"])}
    per_country: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for row in annex["rows"]:
        iso = row[column["ISO"]]
        per_country.setdefault(iso, []).append(row[column["Code"]])
        names[iso] = country_in_language(iso) or row[column[MAP_COUNTRY]]
    countries = sorted(per_country)
    return {
        "id": "world_map",
        "data": [{
            "type": "choropleth", "name": _("Nodes"), "locationmode": "ISO-3", "locations": countries,
            "z": [len(per_country[c]) for c in countries],
            "text": [f"{names[c]}: {', '.join(per_country[c][:12])}" for c in countries],
            "hovertemplate": "%{text}<extra>" + _("Nodes") + ": %{z}</extra>",
            "colorscale": [[0, "#c6dbef"], [1, "#1f5fa8"]], "showscale": False,
            "marker": {"line": {"color": "#ffffff", "width": 0.5}},
        }],
        "layout": _layout(_("Nodes of the network"), height=420, geo={
            "projection": {"type": "natural earth"}, "showcountries": True, "countrycolor": "#bbbbbb",
            "showland": True, "landcolor": "#f1f1ee", "showocean": True, "oceancolor": "#eef4fb",
            "showframe": False, "resolution": 110}, margin={"l": 0, "r": 0, "t": 50, "b": 0}),
    }


def _traces(spec: dict) -> list[dict]:
    kind = spec["kind"]
    if kind == "pie":
        shown = [(c, v) for c, v in zip(spec["categories"], spec["series"][0]["values"], strict=True) if v]
        return [{"type": "pie", "name": spec["series"][0]["name"], "labels": [c for c, _v in shown],
                 "values": [v for _c, v in shown], "hole": 0.4,
                 "marker": {"colors": COLORS}, "sort": False}]
    traces = []
    for i, series in enumerate(spec["series"]):
        color = COLORS[i % len(COLORS)]
        if kind == "line":
            traces.append({"type": "scatter", "mode": "lines+markers", "name": series["name"],
                           "x": spec["categories"], "y": series["values"], "line": {"color": color}})
        elif kind == "hbar":
            traces.append({"type": "bar", "orientation": "h", "name": series["name"], "y": spec["categories"],
                           "x": series["values"], "marker": {"color": color}})
        else:
            traces.append({"type": "bar", "name": series["name"], "x": spec["categories"], "y": series["values"],
                           "marker": {"color": color}})
    return traces


def chart_figure(section_key: str, spec: dict) -> dict:
    """A chart in the reader's language: its title (a period or currency in it too), series and SDG goals named."""
    spec = {**spec, "series": [{**s, "name": wording.label(s["name"])} for s in spec["series"]],
            "categories": wording.sdg_categories(spec["categories"]) or spec["categories"]}
    # categories are labels (years too: "2021" is a category, never a number drawn as "2,021")
    extra = {"xaxis": {"type": "category", "automargin": True}} if spec["kind"] not in ("hbar", "pie") else {}
    if spec["kind"] == "stacked":
        extra["barmode"] = "stack"
    if spec["kind"] == "hbar":
        extra["yaxis"] = {"autorange": "reversed", "automargin": True, "type": "category"}
        extra["height"] = max(300, 24 * len(spec["categories"]) + 100)
    return {"id": f"{section_key}.{spec['id']}", "data": _traces(spec),
            "layout": _layout(wording.label(spec["title"]), **extra)}


def dashboard_figures(snapshot: dict, *, money_by_partner: bool) -> list[dict]:
    """The map first, then every chart of every area in the snapshot's order (partners' money only if allowed)."""
    figures = [world_map(snapshot)]
    for sec in snapshot["sections"]:
        figures += [chart_figure(sec["key"], spec) for spec in sec["charts"]
                    if spec["categories"] and (money_by_partner or not spec.get("money_by_partner"))]
    return figures


def _rounded(value):
    """Floats to 2 decimals (3 significant digits below 1): what a chart or its hover shows, in fewer bytes."""
    if isinstance(value, float):
        return round(value, 2) if abs(value) >= 1 else float(f"{value:.3g}")
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def compact(figures: list[dict]) -> list[dict]:
    """The figures as sent to the browser: numbers rounded, nothing else changed."""
    return _rounded(figures)


def figure_table(figure: dict) -> dict:
    """A figure's data as a table: one row per category (or country, or slice), one column per trace.
    {"caption", "columns": [name], "rows": [(key, [value or None per column])]}"""
    columns = []
    for trace in figure["data"]:
        if trace["type"] == "pie":
            keys, values = trace.get("labels", []), trace.get("values", [])
        elif trace["type"] == "choropleth":
            keys, values = trace.get("text") or trace.get("locations", []), trace.get("z", [])
        elif trace.get("orientation") == "h":
            keys, values = trace.get("y", []), trace.get("x", [])
        else:
            keys, values = trace.get("x", []), trace.get("y", [])
        columns.append((trace.get("name") or _("Value"), dict(zip(keys, values, strict=False))))
    keys = list(dict.fromkeys(key for _name, cells in columns for key in cells))
    title = figure["layout"].get("title") or {}
    return {"caption": title.get("text", "") if isinstance(title, dict) else str(title),
            "columns": [name for name, _cells in columns],
            "rows": [(key, [cells.get(key) for _name, cells in columns]) for key in keys]}
