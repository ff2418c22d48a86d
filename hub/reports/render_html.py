"""The report as one self-contained HTML file (Jinja2): no external asset, the charts inline as SVG
data URIs, so it opens offline, can be mailed, and prints from any browser."""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from hub.reports import charts
from hub.reports.model import AnnualReport
from hub.reports.sections import Pct, display, heading, sections

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["cell"] = display
    env.tests["pct"] = lambda value: isinstance(value, Pct)
    return env


def render(report: AnnualReport) -> bytes:
    images = {
        name: "data:image/svg+xml;base64," + base64.b64encode(charts.svg(figure)).decode()
        for name, figure in charts.all_charts(report)
    }
    page = _environment().get_template("reports/annual.html")
    return page.render(report=report, heading=heading(report), sections=sections(report), images=images).encode()
