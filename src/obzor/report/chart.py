"""The brief's trend chart: reports per threat category, as PNG bytes.

One day reads as horizontal bars (a line of one point is a dot); a period as lines. At most
MAX_SERIES series: the biggest categories, the rest summed as "other". Colours are Okabe and
Ito's palette, told apart with the common colour-vision deficiencies.
"""

from __future__ import annotations

import io

# Okabe & Ito (2008), "Color Universal Design": 8 colours distinct for deuteranopes and
# protanopes; black last, for "other".
PALETTE = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
)  # fmt: skip
MAX_SERIES = 8  # one colour each; more lines than that a reader cannot follow


def series(
    trend: dict[str, dict[str, int]], other: str = "other", most: int = MAX_SERIES
) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """Days and (name, counts per day) series, biggest total first; beyond most - 1 series
    the rest are summed into one named other."""
    days = sorted(trend)
    totals: dict[str, int] = {}
    for counts in trend.values():
        for name, n in counts.items():
            totals[name] = totals.get(name, 0) + n
    ranked = sorted(totals, key=lambda c: (-totals[c], c))
    keep = ranked if len(ranked) <= most else ranked[: most - 1]
    out = [(c, [trend[d].get(c, 0) for d in days]) for c in keep]
    rest = ranked[len(keep) :]
    if rest:
        out.append((other, [sum(trend[d].get(c, 0) for c in rest) for d in days]))
    return days, out


def trend_png(trend: dict[str, dict[str, int]], title: str, other: str = "other") -> bytes | None:
    """The chart of counts per category (bars for one day, lines for several); None when
    there is nothing to draw or matplotlib (the `report` extra) is not installed."""
    if not trend:
        return None
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display: render to memory
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        return None
    days, lines = series(trend, other)
    colours = [PALETTE[-1] if n == other else PALETTE[i] for i, (n, _) in enumerate(lines)]
    fig, ax = plt.subplots(figsize=(6, 2.5 if len(days) > 1 else 0.6 + 0.3 * len(lines)), dpi=100)
    try:
        if len(days) == 1:
            names = [n for n, _ in lines][::-1]  # biggest on top
            ax.barh(names, [c[0] for _, c in lines][::-1], color=colours[::-1])
            ax.set_title(f"{title}: {days[0]}", fontsize=10)
            ax.tick_params(labelsize=7)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            for (name, counts), colour in zip(lines, colours, strict=True):
                ax.plot(days, counts, marker="o", markersize=3, label=name, color=colour)
            ax.set_title(title, fontsize=10)
            ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
            ax.tick_params(axis="x", labelrotation=45, labelsize=7)
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    finally:
        plt.close(fig)
    return buffer.getvalue()
