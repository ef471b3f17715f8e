"""The brief's trend chart: reports per threat category per day, as PNG bytes."""

from __future__ import annotations

import io


def trend_png(trend: dict[str, dict[str, int]], title: str) -> bytes | None:
    """A small line chart of daily counts per category; None when there is nothing to draw
    or matplotlib (the `report` extra) is not installed."""
    if not trend:
        return None
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display: render to memory
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    days = sorted(trend)
    categories = sorted({c for counts in trend.values() for c in counts})
    fig, ax = plt.subplots(figsize=(6, 2.5), dpi=100)
    try:
        for category in categories:
            ax.plot(days, [trend[d].get(category, 0) for d in days], marker="o", label=category)
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=7, loc="upper left")
        ax.tick_params(axis="x", labelrotation=45, labelsize=7)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    finally:
        plt.close(fig)
    return buffer.getvalue()
