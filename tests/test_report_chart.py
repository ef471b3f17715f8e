"""The brief's chart: at most 8 series (the rest summed as "other"), bars for one day."""

from __future__ import annotations

import pytest

from obzor.report.chart import MAX_SERIES, PALETTE, series, trend_png

FIFTEEN = {f"cat{i:02d}": i + 1 for i in range(15)}  # cat14 biggest (15), cat00 smallest (1)


def test_fifteen_categories_become_seven_and_other() -> None:
    trend = {"2025-09-15": FIFTEEN, "2025-09-16": {"cat00": 4}}
    days, lines = series(trend, other="остальные")
    assert days == ["2025-09-15", "2025-09-16"]
    assert len(lines) == MAX_SERIES == 8
    assert [n for n, _ in lines[:3]] == ["cat14", "cat13", "cat12"]
    name, counts = lines[-1]
    assert name == "остальные"
    assert counts == [sum(range(1, 9)), 4]  # cat00..cat07 summed, day by day
    total = sum(sum(c) for _, c in lines)
    assert total == sum(FIFTEEN.values()) + 4  # nothing lost, nothing counted twice


def test_eight_or_fewer_are_kept_as_they_are() -> None:
    _, lines = series({"2025-09-15": {f"c{i}": 1 for i in range(8)}})
    assert len(lines) == 8 and "other" not in {n for n, _ in lines}


def test_palette_has_a_distinct_colour_per_series() -> None:
    assert len(set(PALETTE)) == MAX_SERIES


@pytest.mark.parametrize(
    "trend", [{"2025-09-16": FIFTEEN}, {"2025-09-15": FIFTEEN, "2025-09-16": {"cat03": 2}}]
)
def test_one_day_and_a_period_draw(trend: dict[str, dict[str, int]]) -> None:
    pytest.importorskip("matplotlib")
    png = trend_png(trend, "trend")
    assert png is not None and png.startswith(b"\x89PNG")
