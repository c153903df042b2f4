"""Models of the nodes domain: nodes, their quarterly reports, contributions and exchange rates."""

from app.nodes.models.contributions import Contribution, ContributionKind, ExchangeRate
from app.nodes.models.node import Node, NodeStatus
from app.nodes.models.reports import (
    DECIMAL_FIGURES,
    FIGURES,
    INTEGER_FIGURES,
    TEXTS,
    QuarterlyReport,
    QuarterlyReportStep,
    ReportStatus,
    Timeliness,
)

__all__ = ["DECIMAL_FIGURES", "FIGURES", "INTEGER_FIGURES", "TEXTS", "Contribution", "ContributionKind",
           "ExchangeRate", "Node", "NodeStatus", "QuarterlyReport", "QuarterlyReportStep", "ReportStatus",
           "Timeliness"]
