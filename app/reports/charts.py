"""Snapshot charts drawn with ReportLab's own vector charts (bars, lines, pies): no browser involved."""

from flask_babel import gettext
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

PALETTE = [colors.HexColor(c) for c in ("#1f5fa8", "#e07b39", "#3a9b5b", "#c23b4b", "#7b5ea7", "#8c6d31",
                                        "#d162a4", "#5f6b73", "#a8a83a", "#2fa5b5")]
MAX_LABEL = 22
LEGEND_ROOM = 120  # points kept free at the right of a chart for its legend
LEGEND_LABEL = 26


def _short(text, limit: int) -> str:
    text = "" if text is None else str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(text) -> str:
    return _short(text, MAX_LABEL)


def _values(series) -> list[list[float]]:
    return [[float(v or 0) for v in s["values"]] for s in series]


def _legend(drawing: Drawing, spec: dict, width: float, y: float, font: str) -> None:
    """The legend inside the room kept free at the right of the chart (its x is its LEFT edge: placed at the
    drawing's right edge it would be cut off)."""
    if len(spec["series"]) < 2:
        return
    legend = Legend()
    legend.x, legend.y = width - LEGEND_ROOM + 12, y
    legend.fontName, legend.fontSize = font, 7
    legend.alignment = "right"
    legend.columnMaximum = 10
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], _short(s["name"], LEGEND_LABEL))
                             for i, s in enumerate(spec["series"])]
    drawing.add(legend)


def _axes_style(chart, font: str, data) -> None:
    chart.valueAxis.valueMin = 0
    top = max((max(row) for row in data if row), default=0)
    if top <= 0:
        chart.valueAxis.valueMax = 1
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    for i in range(len(data)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None


def _bar(spec: dict, width: float, height: float, font: str, horizontal: bool) -> Drawing:
    data = _values(spec["series"])
    categories = [_label(c) for c in spec["categories"]]
    many = len(categories) > 6
    if horizontal:
        height = max(height, 14 * len(categories) + 40)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    legend_room = LEGEND_ROOM if len(data) > 1 else 0
    chart.x = 120 if horizontal else 40
    chart.y = 20 if horizontal else (60 if many else 30)
    chart.width = width - chart.x - 10 - legend_room
    chart.height = height - chart.y - 15
    chart.data = data
    chart.categoryAxis.categoryNames = categories
    if spec["kind"] == "stacked":
        chart.categoryAxis.style = "stacked"
    if many and not horizontal:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    if horizontal:
        chart.categoryAxis.reverseDirection = 1
    _axes_style(chart, font, data)
    chart.barSpacing = 1
    drawing.add(chart)
    _legend(drawing, spec, width, height - 10, font)
    return drawing


def _line(spec: dict, width: float, height: float, font: str) -> Drawing:
    data = _values(spec["series"])
    drawing = Drawing(width, height)
    chart = HorizontalLineChart()
    legend_room = LEGEND_ROOM if len(data) > 1 else 0
    chart.x, chart.y = 40, 30
    chart.width, chart.height = width - 50 - legend_room, height - 45
    chart.data = data
    chart.categoryAxis.categoryNames = [_label(c) for c in spec["categories"]]
    chart.valueAxis.valueMin = 0
    if max((max(row) for row in data if row), default=0) <= 0:
        chart.valueAxis.valueMax = 1
    for axis in (chart.valueAxis, chart.categoryAxis):
        axis.labels.fontName, axis.labels.fontSize = font, 7
    for i in range(len(data)):
        chart.lines[i].strokeColor = PALETTE[i % len(PALETTE)]
        chart.lines[i].strokeWidth = 1.5
        chart.lines[i].symbol = makeMarker("FilledCircle", size=3, fillColor=PALETTE[i % len(PALETTE)])
    drawing.add(chart)
    _legend(drawing, spec, width, height - 10, font)
    return drawing


def _plain(value: float) -> str:
    return f"{value:g}"


def _share(value: float) -> str:
    return f"{100 * value:.0f}%"


def _pie(spec: dict, width: float, height: float, font: str, number=_plain, percent=_share) -> Drawing:
    values = _values(spec["series"])[0]
    pairs = [(c, v) for c, v in zip(spec["categories"], values, strict=True) if v > 0]
    drawing = Drawing(width, height)
    if not pairs:
        drawing.add(String(width / 2, height / 2, gettext("No data"), fontName=font, fontSize=9, textAnchor="middle"))
        return drawing
    pie = Pie()
    size = min(height - 20, width / 2 - 20)
    pie.x, pie.y, pie.width, pie.height = 20, (height - size) / 2, size, size
    pie.data = [v for _c, v in pairs]
    pie.labels = None
    pie.simpleLabels = 1
    pie.slices.strokeWidth = 0.5
    pie.slices.strokeColor = colors.white
    for i in range(len(pairs)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    drawing.add(pie)
    legend = Legend()
    legend.x, legend.y = pie.x + size + 30, height / 2 + 6 * min(len(pairs), 12)
    legend.fontName, legend.fontSize = font, 8
    legend.columnMaximum = 12
    total = sum(v for _c, v in pairs)
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)],
                              gettext("%(label)s (%(value)s, %(share)s)", label=_label(c), value=number(v),
                                      share=percent(v / total)))
                             for i, (c, v) in enumerate(pairs)]
    drawing.add(legend)
    return drawing


def drawing_for(spec: dict, width: float, height: float = 170, font: str = "Helvetica", number=None,
                percent=None) -> Drawing | None:
    """A ReportLab drawing for one snapshot chart, or None when it has nothing to show.

    ``number`` and ``percent`` write the values on the axes and in a pie's legend (the report's language:
    1 000 000, 45 %); plain by default."""
    if not spec["categories"] or not spec["series"]:
        return None
    kind = spec["kind"]
    if kind == "pie":
        return _pie(spec, width, height, font, number or _plain, percent or _share)
    drawing = (_line(spec, width, height, font) if kind == "line"
               else _bar(spec, width, height, font, horizontal=kind == "hbar"))
    if number is not None:
        for chart in drawing.contents:
            if hasattr(chart, "valueAxis"):
                chart.valueAxis.labelTextFormat = number
    return drawing
