"""The report's charts write numbers as the text around them does: a decimal comma, never "0.5"."""

import re

from matplotlib.backends.backend_agg import FigureCanvasAgg

from hub.reports.charts import bars


def _texts(name: str, horizontal: bool) -> list[str]:
    figure = bars(name, "Giờ phát thanh trên loa", ["Ea Kao", "Hòa Thắng"], [0.4, 1.2], horizontal=horizontal).figure()
    FigureCanvasAgg(figure).draw()
    axes = figure.axes[0]
    ticks = axes.get_xticklabels() + axes.get_yticklabels()
    return [t.get_text() for t in ticks + axes.texts if t.get_text()]


def test_axis_and_bar_numbers_use_a_decimal_comma():
    for horizontal in (False, True):
        texts = _texts("hours", horizontal)
        assert not [t for t in texts if re.fullmatch(r"\d+\.\d+", t)], texts
        assert [t for t in texts if re.fullmatch(r"\d+,\d+", t)], texts
    assert {"0,4", "1,2"} <= set(_texts("hours", True))  # the bars' own labels
