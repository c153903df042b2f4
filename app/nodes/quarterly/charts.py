"""A node's key figures over its quarters, as a plotly figure sent to the browser as JSON.

The page draws it with plotly.js (the partial bundle in app/static/vendor/plotly)
from a static script: no inline script, so the CSP stays strict.
"""

import plotly.graph_objects as go
import plotly.io as pio
from flask_babel import gettext as _


def _numbers(reports, name):
    return [float(v) if (v := getattr(r, name)) is not None else None for r in reports]


def node_figure(reports) -> str | None:
    """JSON of a bar-and-line chart: scenes received and distributed, active users, T+1 share; None if no reports."""
    if not reports:
        return None
    periods = [r.label for r in reports]
    figure = go.Figure()
    figure.add_bar(name=_("Scenes received"), x=periods, y=_numbers(reports, "scenes_received"))
    figure.add_bar(name=_("Scenes distributed"), x=periods, y=_numbers(reports, "scenes_distributed"))
    figure.add_scatter(name=_("Active users"), x=periods, y=_numbers(reports, "users_active"),
                       mode="lines+markers")
    figure.add_scatter(name=_("T+1 push (%)"), x=periods, y=_numbers(reports, "t1_push_percent"),
                       mode="lines+markers", yaxis="y2", line={"dash": "dot"})
    figure.update_layout(
        template="none", height=320, margin={"l": 50, "r": 50, "t": 20, "b": 40}, barmode="group",
        legend={"orientation": "h", "y": -0.2}, xaxis={"type": "category"},
        yaxis={"title": {"text": _("count")}, "rangemode": "tozero"},
        yaxis2={"title": {"text": "%"}, "overlaying": "y", "side": "right", "range": [0, 100],
                "tickmode": "linear", "tick0": 0, "dtick": 20, "showgrid": False})
    return pio.to_json(figure, validate=True, pretty=False)
