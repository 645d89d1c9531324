"""Report figures: seaborn/matplotlib rendered to PNG data URIs (deterministic bytes).

One Okabe–Ito colour per bloc everywhere (:data:`BLOC_COLOURS`); scores run from the Russian
side (vermillion, negative) to the Western side (blue, positive).
"""

from __future__ import annotations

import base64
import io
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

# Okabe–Ito colour-blind-safe palette, one colour per bloc everywhere.
BLOC_COLOURS = {"russia": "#D55E00", "west": "#0072B2", "focal": "#009E73", "none": "#999999"}
BLOC_NAMES = {
    "russia": "Russian bloc",
    "west": "Western bloc",
    "focal": "focal state",
    "none": "other",
}
FRAMING_COLOUR = "#E69F00"  # Okabe–Ito orange: framing markers (not a bloc)
SCORE_CMAP = LinearSegmentedColormap.from_list(
    "haluan_score", [BLOC_COLOURS["russia"], "#FFFFFF", BLOC_COLOURS["west"]]
)
SIDE_AXIS = "← Russian side · Western side →"
MAX_COUNT_LABELS = 60  # months with articles beyond which the monthly counts are not labelled
ANNOT_SIZE = 10  # numbers inside heatmap cells and their tick labels (points)


def clip(label: object, width: int = 32) -> str:
    """``label`` as text, cut to ``width`` characters with an ellipsis (long names in ticks)."""
    text = str(label)
    return text if len(text) <= width else text[: width - 1] + "…"


def _style() -> None:
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook", font_scale=0.9)
    plt.rcParams.update({"figure.dpi": 100, "svg.hashsalt": "haluan"})


def to_data_uri(fig: plt.Figure) -> str:
    """PNG data URI of ``fig`` (no timestamps in the metadata); closes the figure."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _heatmap(data: pd.DataFrame, **kwargs: object) -> None:
    """``seaborn.heatmap`` without its warning about a deprecated matplotlib call it makes."""
    import seaborn as sns

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        sns.heatmap(data, **kwargs)


def articles_per_month(counts: pd.DataFrame) -> str | None:
    """Bars of kept, dated articles per month (columns: month, articles)."""
    if counts.empty:
        return None
    _style()
    fig, ax = plt.subplots(figsize=(9, 2.6))
    x = pd.to_datetime(counts["month"] + "-15")
    ax.bar(x, counts["articles"], width=25, color="#555555")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("articles")
    ax.set_xlabel("month of publication")
    fig.tight_layout()
    return to_data_uri(fig)


def top_actors_by_bloc_figure(table: pd.DataFrame, blocs: list[str]) -> plt.Figure | None:
    """:func:`top_actors_by_bloc` as a Matplotlib figure (tests read its data): one x-axis
    (mentions, from 0) shared by every panel, so bars compare across blocs."""
    present = [b for b in blocs if (table["bloc"] == b).any()] if len(table) else []
    if not present:
        return None
    _style()
    rows = max(int((table["bloc"] == b).sum()) for b in present)
    fig, axes = plt.subplots(
        1,
        len(present),
        figsize=(3.3 * len(present), 0.28 * rows + 1.2),
        squeeze=False,
        sharex=True,
    )
    for ax, b in zip(axes[0], present, strict=True):
        t = table[table["bloc"] == b]
        ax.barh([clip(x, 24) for x in t["short"]], t["mentions"], color=BLOC_COLOURS[b])
        ax.invert_yaxis()
        ax.set_title(BLOC_NAMES[b], color=BLOC_COLOURS[b] if b != "none" else "#444444")
        ax.set_xlabel("mentions")
        ax.tick_params(axis="y", labelsize=8)
    axes[0][0].set_xlim(0, max(1, int(table["mentions"].max())) * 1.05)
    axes[0][0].xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    return fig


def top_actors_by_bloc(table: pd.DataFrame, blocs: list[str]) -> str | None:
    """One panel per bloc: its most mentioned actors (columns: short, bloc, mentions)."""
    fig = top_actors_by_bloc_figure(table, blocs)
    return None if fig is None else to_data_uri(fig)


def lower_triangle(matrix: pd.DataFrame) -> pd.DataFrame:
    """The co-occurrence matrix without its symmetric duplicate: pairs below the diagonal only
    (first row and last column, which would be empty, dropped)."""
    n = len(matrix)
    keep = np.tril(np.ones((n, n), dtype=bool), k=-1)
    return matrix.where(keep).iloc[1:, :-1]


def cooccurrence_figure(matrix: pd.DataFrame) -> plt.Figure | None:
    """:func:`cooccurrence` as a Matplotlib figure (tests read its data)."""
    if matrix.empty or len(matrix) < 2:
        return None

    _style()
    tri = lower_triangle(matrix)
    n = len(tri)
    fig, ax = plt.subplots(figsize=(0.62 * n + 3.2, 0.5 * n + 2.0))
    _heatmap(
        tri,
        mask=tri.isna(),
        annot=n <= 16,
        fmt=".0f",
        cmap="cividis",
        cbar_kws={"label": "sentences naming both"},
        linewidths=0.5,
        linecolor="white",
        ax=ax,
        annot_kws={"fontsize": ANNOT_SIZE},
    )
    ax.tick_params(labelsize=ANNOT_SIZE)
    ax.grid(False)  # no grid lines over the empty upper triangle
    ax.set_xlabel("")
    ax.set_ylabel("")
    fig.tight_layout()
    return fig


def cooccurrence(matrix: pd.DataFrame) -> str | None:
    """Heatmap of sentences naming both actors: one triangle (each pair once, no diagonal)."""
    fig = cooccurrence_figure(matrix)
    return None if fig is None else to_data_uri(fig)


def _sides(ax: plt.Axes, horizontal: bool) -> None:
    """Faint vermillion/blue backgrounds for the Russian and Western halves of a score axis."""
    span = ax.axhspan if horizontal else ax.axvspan
    span(-1.05, 0, color=BLOC_COLOURS["russia"], alpha=0.06, lw=0)
    span(0, 1.05, color=BLOC_COLOURS["west"], alpha=0.06, lw=0)


def every_month(monthly: pd.DataFrame) -> pd.DataFrame:
    """The monthly table with a row for every month from the first to the last; months with no
    article have NaN values (and ``n_articles`` 0), so a line or band drawn over them breaks."""
    if monthly.empty:
        return monthly
    months = pd.period_range(monthly["month"].min(), monthly["month"].max(), freq="M")
    full = pd.DataFrame({"month": [str(m) for m in months]})
    out = full.merge(monthly, on="month", how="left")
    out["n_articles"] = out["n_articles"].fillna(0).astype("int64")
    return out


def alignment_over_time_figure(monthly: pd.DataFrame, level: float) -> plt.Figure | None:
    """:func:`alignment_over_time` as a Matplotlib figure (tests read its data)."""
    if monthly.empty:
        return None
    _style()
    full = every_month(monthly)
    x = pd.to_datetime(full["month"] + "-15")
    fig, ax = plt.subplots(figsize=(9, 3.6))
    _sides(ax, horizontal=True)
    ax.fill_between(
        x,
        full["ci_low"],
        full["ci_high"],
        color="#777777",
        alpha=0.3,
        lw=0,
        label=f"{level:.0%} bootstrap interval",
    )
    ax.plot(x, full["alignment"], marker="o", ms=3, color="#222222", label="mean alignment")
    ax.plot(
        x, full["framing"], ls="--", lw=1, color=FRAMING_COLOUR, label="mean framing", alpha=0.9
    )
    shown = full[full["n_articles"] > 0]
    if len(shown) <= MAX_COUNT_LABELS:
        # the articles per month in one row above the plot, never on the points: upright when
        # few, turned on end when many, so neighbouring labels cannot overlap
        upright = len(shown) <= 12
        strip = ax.get_xaxis_transform()  # x in data, y in axes fraction
        for xi, n in zip(x[shown.index], shown["n_articles"], strict=True):
            ax.text(
                xi,
                1.02,
                f"n={n}" if upright else str(n),
                transform=strip,
                ha="center",
                va="bottom",
                rotation=0 if upright else 90,
                fontsize=7,
                gid="n-label",
            )
        if not upright:
            ax.text(0, 1.02, "n = ", transform=ax.transAxes, ha="right", va="bottom", fontsize=7)
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel(SIDE_AXIS)
    ax.set_xlabel("month of publication")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def alignment_over_time(monthly: pd.DataFrame, level: float) -> str | None:
    """Monthly mean alignment with its bootstrap band (columns of alignment_by_month.csv); the
    line and band break at months without articles."""
    fig = alignment_over_time_figure(monthly, level)
    return None if fig is None else to_data_uri(fig)


def by_group(table: pd.DataFrame, ylabel: str, max_rows: int = 40) -> str | None:
    """Mean alignment with its interval and mean framing per group (aggregates layout).

    With more than ``max_rows`` groups only the largest are drawn (the table lists all).
    """
    if table.empty:
        return None
    t = table
    if len(t) > max_rows:
        t = t.sort_values(["n_articles", "group"], ascending=[False, True]).head(max_rows)
        t = t.sort_values(["alignment", "group"])
    _style()
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(t) + 1.3))
    _sides(ax, horizontal=False)
    y = np.arange(len(t))
    a = t["alignment"].to_numpy(float)
    err = np.vstack([a - t["ci_low"].to_numpy(float), t["ci_high"].to_numpy(float) - a])
    ax.errorbar(
        a,
        y,
        xerr=np.clip(err, 0, None),
        fmt="o",
        color="#222222",
        capsize=3,
        label="alignment (interval)",
    )
    ax.scatter(t["framing"], y, marker="D", color=FRAMING_COLOUR, label="framing", zorder=3)
    ax.set_yticks(
        list(y), [f"{g} (n={n})" for g, n in zip(t["group"], t["n_articles"], strict=True)]
    )
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel(SIDE_AXIS)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return to_data_uri(fig)


def framing_components_figure(table: pd.DataFrame, max_rows: int = 40) -> plt.Figure | None:
    """:func:`framing_components` as a Matplotlib figure (tests read its data)."""
    if table.empty:
        return None

    cols = {
        "framing": "framing",
        "framing_evaluative": "evaluative",
        "framing_sourcing": "sourcing",
        "framing_voices": "voices",
    }
    t = table.head(max_rows + 1)
    m = t.set_index("outlet")[list(cols)].rename(columns=cols).astype(float)
    m.index = [clip(o) for o in m.index]
    _style()
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(m) + 1.8))
    _heatmap(
        m,
        vmin=-1,
        vmax=1,
        center=0,
        cmap=SCORE_CMAP,
        annot=True,
        fmt="+.2f",
        annot_kws={"fontsize": ANNOT_SIZE},
        cbar_kws={"label": SIDE_AXIS},
        ax=ax,
    )
    ax.set_ylabel("")
    ax.xaxis.tick_top()
    ax.tick_params(labelsize=ANNOT_SIZE)
    fig.tight_layout()
    return fig


def framing_components(table: pd.DataFrame, max_rows: int = 40) -> str | None:
    """Heatmap of mean framing and its components per outlet (the stance stage's
    ``framing_by_outlet``)."""
    fig = framing_components_figure(table, max_rows)
    return None if fig is None else to_data_uri(fig)


def sourcing_and_voices(wires: pd.DataFrame, voices: pd.DataFrame) -> str | None:
    """Two panels: wire credits by bloc, quoted sentences by speaker bloc (bloc totals tables)."""
    if wires["credits"].sum() == 0 and voices["quotes"].sum() == 0:
        return None
    _style()
    fig, axes = plt.subplots(1, 2, figsize=(9, 2.6))
    for ax, t, col, title in (
        (axes[0], wires, "credits", "wire credits by agency's side"),
        (axes[1], voices, "quotes", "quoted sentences by speaker's bloc"),
    ):
        ax.barh(
            [BLOC_NAMES[b] for b in t["bloc"]], t[col], color=[BLOC_COLOURS[b] for b in t["bloc"]]
        )
        ax.invert_yaxis()
        ax.set_title(title, fontsize=10)
        for i, (v, s) in enumerate(zip(t[col], t["share"], strict=True)):
            ax.annotate(f" {v} ({s:.0%})", (v, i), va="center", fontsize=8)
        ax.set_xlim(0, max(1, t[col].max()) * 1.3)
    fig.tight_layout()
    return to_data_uri(fig)
