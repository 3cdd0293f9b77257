"""The dashboard's SVG charts: pure functions, read right to left, Persian digits,
everything escaped, named for screen readers."""

import re

import pytest

from didgah.news.charts import Chart, column_positions, nice_max, render


@pytest.mark.parametrize("value, top", [(0, 5), (3, 5), (5, 5), (6, 10), (11, 20), (21, 50),
                                        (99, 100), (101, 200), (1234, 2000), (50_001, 100_000)])
def test_the_scale_tops_at_a_round_number(value, top):
    assert nice_max(value) == top


@pytest.mark.parametrize("n, first_x, last_x", [(1, 59.2, 59.2), (4, 458.8, 14.8), (24, 569.8, 2.47)])
def test_columns_run_right_to_left(n, first_x, last_x):
    positions = column_positions(n)
    assert len(positions) == n
    assert positions[0][0] == pytest.approx(first_x, abs=0.01)
    assert positions[-1][0] == pytest.approx(last_x, abs=0.01)
    xs = [x for x, _w in positions]
    assert xs == sorted(xs, reverse=True)


def _columns(values, **kw):
    return Chart(key="c", title="بازدید <امروز>", desc="شرح & توضیح", labels=tuple(f"{i}:۰۰" for i in range(len(values))),
                 values=tuple(values), **kw)


def test_a_chart_is_named_and_described_for_screen_readers():
    svg = render(_columns([1, 2]))
    assert svg.startswith('<svg class="chart chart-columns"') and 'role="img"' in svg
    assert 'aria-labelledby="c-t c-d"' in svg
    assert '<title id="c-t">بازدید &lt;امروز&gt;</title><desc id="c-d">شرح &amp; توضیح</desc>' in svg
    assert "style=" not in svg and "<script" not in svg


@pytest.mark.parametrize("kind", ["columns", "bars"])
def test_numbers_in_persian_digits_and_labels_escaped(kind):
    chart = Chart(key="k", title="t", desc="d", labels=("<b>خبر</b>", "دوم"), values=(1234, 7), kind=kind)
    svg = render(chart)
    assert "<b>" not in svg and "&lt;b&gt;خبر&lt;/b&gt;" in svg
    assert "۱٬۲۳۴" in svg
    assert not re.search(r">[^<]*[0-9][^<]*<", svg), "a Latin digit in a shown text"


def test_bars_grow_from_their_label_at_the_right():
    svg = render(Chart(key="b", title="t", desc="d", labels=("بزرگ", "کوچک"), values=(10, 5), kind="bars"))
    rects = [(float(x), float(w)) for x, w in re.findall(r'<rect class="chart-mark" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)]
    (x1, w1), (x2, w2) = rects
    assert w1 == 2 * w2
    assert x1 + w1 == pytest.approx(x2 + w2)  # both end at the labels' edge
    assert 'direction="rtl"' in svg


def test_every_mark_says_its_value_and_the_table_has_the_same():
    chart = _columns([0, 3, 12], label_every=2)
    svg = render(chart)
    assert svg.count("<rect") == 3 and "<title>1:۰۰: ۳</title>" in svg
    assert svg.count('class="chart-label"') == 2  # every second hour labelled
    assert chart.rows == [("0:۰۰", "۰", ""), ("1:۰۰", "۳", ""), ("2:۰۰", "۱۲", "")]


def test_long_headlines_are_cut_in_the_drawing_not_in_the_table():
    headline = "خبر " * 30
    chart = Chart(key="h", title="t", desc="d", labels=(headline,), values=(1,), kind="bars")
    assert "…" in render(chart) and chart.rows[0][0] == headline
