"""The report's charts, drawn with matplotlib (Agg, no display) in a font with Vietnamese marks.

Noto Sans (Debian `fonts-noto-core`) when installed, else matplotlib's own DejaVu Sans, which also
has every Vietnamese letter. Text stays text in PDF and SVG (TrueType embedding, `svg.fonttype`
none), so a reader can search and copy it.
"""

from __future__ import annotations

import io
import logging
import textwrap
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib.figure import Figure, FigureBase
from matplotlib.ticker import FuncFormatter

from hub.kit.formats import number
from hub.reports.model import AnnualReport, percent

# The PDF backend subsets fonts with fontTools, which logs every glyph at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/noto"))
BLUE, GREEN, GREY, RED = "#1d4f91", "#2e7d32", "#9e9e9e", "#c62828"
_lock = threading.Lock()  # matplotlib's font cache and rcParams are process-wide
_ready = False


def font_family() -> str:
    """Register Noto Sans once; the family the charts and the PDF pages use."""
    global _ready
    with _lock:
        if not _ready:
            for folder in FONT_DIRS:
                for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
                    if (folder / name).is_file():
                        font_manager.fontManager.addfont(str(folder / name))
            matplotlib.rcParams.update({"pdf.fonttype": 42, "svg.fonttype": "none", "axes.unicode_minus": False})
            _ready = True
    names = {f.name for f in font_manager.fontManager.ttflist}
    return "Noto Sans" if "Noto Sans" in names else "DejaVu Sans"


def tick(value: float) -> str:
    """ "1,5", "2", "1.200": a value on an axis or a bar reads as the text around it (matplotlib's own
    formatter writes "1.5", which a Vietnamese reader takes for one thousand five hundred)."""
    text = number(value, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


VIETNAMESE_TICKS = FuncFormatter(lambda value, _position: tick(value))


def new_figure(width: float = 7.5, height: float = 3.2) -> Figure:
    """A figure not attached to pyplot (safe in a web worker's thread), in the report's font."""
    family = font_family()
    figure = Figure(figsize=(width, height), dpi=100)
    figure.set_layout_engine("constrained")
    matplotlib.rcParams["font.family"] = family
    return figure


@dataclass(frozen=True)
class Chart:
    """A chart that can draw itself into a figure of its own or into part of a page (a subfigure)."""

    name: str
    height: float  # inches, at the report's width of 7.5 inches
    draw: Callable[[FigureBase], None]

    def figure(self) -> Figure:
        figure = new_figure(7.5, self.height)
        self.draw(figure)
        return figure


def bars(
    name: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    color: str = BLUE,
    horizontal: bool = False,
) -> Chart:
    def draw(into: FigureBase) -> None:
        axes = into.add_subplot()
        axes.set_title(title, fontsize=11, loc="left")
        positions = list(range(len(labels)))  # positions, not the labels: "12/2025" would be read as a date
        if horizontal:
            axes.barh(positions, list(values), color=color)
            axes.set_yticks(positions, list(labels))
            axes.xaxis.set_major_formatter(VIETNAMESE_TICKS)
            axes.invert_yaxis()
            for y, value in enumerate(values):
                axes.annotate(
                    tick(value), (value, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8
                )
        else:
            axes.bar(positions, list(values), color=color)
            axes.set_xticks(positions, list(labels))
            axes.tick_params(axis="x", labelrotation=45, labelsize=8)
            axes.yaxis.set_major_formatter(VIETNAMESE_TICKS)
        axes.spines[["top", "right"]].set_visible(False)

    rows = sum(1 + 0.6 * label.count("\n") for label in labels)  # a wrapped label needs more room
    return Chart(name, max(2.6, 0.38 * rows + 1.2) if horizontal else 3.2, draw)


def targets(report: AnnualReport) -> Chart:
    """The plan's 100 % targets against what was reached ("—" where nothing was measured)."""
    found = report.targets

    def draw(into: FigureBase) -> None:
        axes = into.add_subplot()
        axes.set_title("Chỉ tiêu kế hoạch (mục tiêu 100 %)", fontsize=11, loc="left")
        values = [(t.value or 0) * 100 for t in found]
        colors = [GREY if t.value is None else GREEN if t.value >= t.target else RED for t in found]
        positions = list(range(len(found)))
        axes.barh(positions, values, color=colors)
        axes.set_yticks(positions, [t.label for t in found])
        axes.axvline(100, color="black", linewidth=1, linestyle="--")
        axes.set_xlim(0, 110)
        axes.xaxis.set_major_formatter(VIETNAMESE_TICKS)
        axes.invert_yaxis()
        axes.tick_params(axis="y", labelsize=8)
        for y, t in enumerate(found):
            axes.annotate(
                percent(t.value),
                ((t.value or 0) * 100, y),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
        axes.spines[["top", "right"]].set_visible(False)

    return Chart("targets", 0.55 * len(found) + 1.2, draw)


def trend(report: AnnualReport) -> Chart:
    """Each target's ratio in the earlier years' frozen figures and this year (a line per target)."""
    years = [p.year for p in report.trend] + [report.year]
    earlier = [dict(p.values) for p in report.trend]
    found = report.targets

    def draw(into: FigureBase) -> None:
        axes = into.add_subplot()
        axes.set_title("Xu hướng đạt chỉ tiêu qua các năm", fontsize=11, loc="left")
        positions = list(range(len(years)))
        for t in found:
            values = [v.get(t.label) for v in earlier] + [t.value]
            shown = [(x, v * 100) for x, v in zip(positions, values, strict=True) if v is not None]
            if shown:
                axes.plot([x for x, _ in shown], [v for _, v in shown], marker="o", label=_lines(t.label, 48))
        axes.set_xticks(positions, [str(y) for y in years])  # positions, not numbers: no "2,025e3"
        axes.set_ylim(0, 105)
        axes.yaxis.set_major_formatter(VIETNAMESE_TICKS)
        axes.axhline(100, color="black", linewidth=1, linestyle="--")
        axes.set_ylabel("%")
        axes.legend(fontsize=7, loc="lower left")
        axes.spines[["top", "right"]].set_visible(False)

    return Chart("trend", 3.6, draw)


def broadcast(report: AnnualReport) -> Chart:
    bc = report.broadcasts
    labels = ["Theo lịch (kế hoạch)", "Phát theo lịch", "Tổng đã phát"]
    values = [
        round(bc.scheduled_minutes / 60, 1),
        round(bc.played_on_schedule_minutes / 60, 1),
        round(bc.played_minutes / 60, 1),
    ]
    return bars("broadcast", "Giờ phát thanh trên loa", labels, values, color=GREEN)


def charts_of(report: AnnualReport) -> list[Chart]:
    """The report's charts, in the order every format shows them."""
    b, f = report.bulletins, report.feedback
    return [
        targets(report),
        *([trend(report)] if report.trend else []),
        bars(
            "bulletins_by_month",
            "Tin được duyệt theo tháng",
            [r.label for r in b.by_month],
            [r.count for r in b.by_month],
        ),
        bars(
            "bulletins_by_category",
            "Tin theo lĩnh vực",
            [_lines(r.label) for r in b.by_category],
            [r.count for r in b.by_category],
            horizontal=True,
        ),
        broadcast(report),
        bars(
            "feedback_by_month",
            "Phản ánh nhận được theo tháng",
            [r.label for r in f.by_month],
            [r.count for r in f.by_month],
            color=RED,
        ),
    ]


def all_charts(report: AnnualReport) -> list[tuple[str, Figure]]:
    """(name, figure of its own) of every chart."""
    return [(chart.name, chart.figure()) for chart in charts_of(report)]


def _lines(label: str, width: int = 42) -> str:
    """A long label on two or more lines, whole (a cut label can no longer be told from another)."""
    return "\n".join(textwrap.wrap(label, width)) or label


def png(figure: Figure, dpi: int = 110) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


def svg(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="svg")
    return out.getvalue()
