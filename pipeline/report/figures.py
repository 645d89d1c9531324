"""Report figures: seaborn/matplotlib rendered to PNG data URIs (deterministic bytes)."""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

# Okabe–Ito colour-blind-safe palette, one colour per bloc everywhere.
BLOC_COLOURS = {"russia": "#D55E00", "west": "#0072B2", "focal": "#009E73", "none": "#999999"}


def _style() -> None:
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook", font_scale=0.9)
    plt.rcParams.update({"svg.hashsalt": "haluan", "figure.dpi": 100})


def to_data_uri(fig: plt.Figure) -> str:
    """PNG data URI of ``fig`` (no timestamps in the metadata); closes the figure."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def alignment_over_time(monthly: pd.DataFrame) -> str | None:
    """Monthly mean alignment with its bootstrap band."""
    if monthly.empty:
        return None
    _style()
    x = pd.to_datetime(monthly["month"] + "-15")
    fig, ax = plt.subplots(figsize=(8, 3.4))
    ax.fill_between(
        x,
        monthly["ci_low"],
        monthly["ci_high"],
        color="#56B4E9",
        alpha=0.35,
        label="90% bootstrap interval",
        step=None,
    )
    ax.plot(x, monthly["alignment"], marker="o", color="#0072B2", label="mean alignment")
    for xi, n, y in zip(x, monthly["n_articles"], monthly["alignment"], strict=True):
        ax.annotate(
            f"n={n}", (xi, y), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=8
        )
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("← Russian bloc · Western bloc →")
    ax.set_xlabel("month of publication")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return to_data_uri(fig)


def top_actors(counts: pd.DataFrame) -> str | None:
    """Horizontal bars of mention counts, coloured by bloc (columns: label, bloc, mentions)."""
    if counts.empty:
        return None
    _style()
    fig, ax = plt.subplots(figsize=(7, 0.3 * len(counts) + 1))
    ax.barh(
        counts["label"],
        counts["mentions"],
        color=[BLOC_COLOURS.get(b, "#999999") for b in counts["bloc"]],
    )
    ax.invert_yaxis()
    ax.set_xlabel("mentions")
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in BLOC_COLOURS.values()]
    ax.legend(handles, list(BLOC_COLOURS), title="bloc", fontsize=8, loc="lower right")
    fig.tight_layout()
    return to_data_uri(fig)


def cooccurrence(matrix: pd.DataFrame) -> str | None:
    """Heatmap of sentences naming both actors."""
    if matrix.empty or len(matrix) < 2:
        return None
    import seaborn as sns

    _style()
    fig, ax = plt.subplots(figsize=(0.45 * len(matrix) + 2.5, 0.4 * len(matrix) + 2))
    sns.heatmap(matrix, annot=True, fmt="d", cmap="cividis", cbar_kws={"label": "sentences"}, ax=ax)
    ax.set_xlabel("")
    ax.set_ylabel("")
    fig.tight_layout()
    return to_data_uri(fig)


def by_outlet(table: pd.DataFrame) -> str | None:
    """Mean alignment and framing per outlet, with the interval over its articles."""
    if table.empty:
        return None
    _style()
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(table) + 1.2))
    y = range(len(table))
    ax.errorbar(
        table["alignment"],
        y,
        xerr=[table["alignment"] - table["ci_low"], table["ci_high"] - table["alignment"]],
        fmt="o",
        color="#0072B2",
        capsize=3,
        label="alignment",
    )
    ax.scatter(table["framing"], y, marker="D", color="#E69F00", label="framing", zorder=3)
    ax.set_yticks(list(y), table["outlet"])
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("← Russian bloc · Western bloc →")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return to_data_uri(fig)
