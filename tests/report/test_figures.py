import base64

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from pipeline.report import figures
from pipeline.report.tables import AGGREGATE_COLUMNS

PNG = b"\x89PNG\r\n\x1a\n"


def _png(uri: str | None) -> bytes:
    assert uri is not None and uri.startswith("data:image/png;base64,")
    data = base64.b64decode(uri.split(",", 1)[1])
    assert data.startswith(PNG)
    return data


def test_bloc_colours_are_okabe_ito_and_distinct() -> None:
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    colours = figures.BLOC_COLOURS
    assert {colours["russia"], colours["west"], colours["focal"]} <= okabe_ito
    assert len(set(colours.values())) == len(colours)
    assert figures.FRAMING_COLOUR not in colours.values()


def test_figures_are_png_data_uris_with_stable_bytes() -> None:
    monthly = pd.DataFrame(
        {
            "month": ["2024-01", "2024-02"],
            "n_articles": [3, 4],
            "alignment": [-0.2, 0.1],
            "ci_low": [-0.4, -0.1],
            "ci_high": [0.0, 0.3],
            "framing": [0.0, 0.2],
        }
    )
    first = _png(figures.alignment_over_time(monthly, 0.9))
    assert _png(figures.alignment_over_time(monthly, 0.9)) == first
    groups = pd.DataFrame(
        [("outlet", "A" * 60, 3, -0.2, -0.4, 0.0, 0.1), ("outlet", "B", 1, 0.3, 0.3, 0.3, -0.1)],
        columns=AGGREGATE_COLUMNS,
    )
    _png(figures.by_group(groups, "outlet"))
    _png(figures.articles_per_month(pd.DataFrame({"month": ["2024-01"], "articles": [2]})))
    bloc = pd.DataFrame({"bloc": ["russia", "west"], "short": ["RUS", "NATO"], "mentions": [3, 2]})
    _png(figures.top_actors_by_bloc(bloc, ["russia", "west", "focal", "none"]))


def test_empty_inputs_give_no_figure() -> None:
    assert figures.alignment_over_time(pd.DataFrame(columns=["month"]), 0.9) is None
    assert figures.by_group(pd.DataFrame(columns=list(AGGREGATE_COLUMNS)), "outlet") is None
    assert figures.cooccurrence(pd.DataFrame()) is None
    assert figures.top_actors_by_bloc(pd.DataFrame(columns=["bloc"]), ["russia"]) is None
    assert figures.clip("x" * 40, 10) == "x" * 9 + "…"


def test_the_monthly_line_and_band_break_at_months_without_articles() -> None:
    monthly = pd.DataFrame(
        {
            "month": ["2024-01", "2024-02", "2024-05"],
            "n_articles": [1, 1, 1],
            "alignment": [-0.2, 0.1, 0.3],
            "ci_low": [-0.4, -0.1, 0.1],
            "ci_high": [0.0, 0.3, 0.5],
            "framing": [0.0, 0.1, 0.2],
        }
    )
    full = figures.every_month(monthly)
    assert full["month"].tolist() == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"]
    assert full["n_articles"].tolist() == [1, 1, 0, 0, 1]
    fig = figures.alignment_over_time_figure(monthly, 0.9)
    (ax,) = fig.axes
    line = next(ln for ln in ax.lines if ln.get_label() == "mean alignment")
    y = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(y[2:4]).all() and not np.isnan(y[[0, 1, 4]]).any()  # no segment over gaps
    (band,) = ax.collections
    assert len(band.get_paths()) == 2  # one band per run of months with articles
    labels = [t.get_text() for t in ax.texts if t.get_gid() == "n-label"]
    assert labels == ["n=1", "n=1", "n=1"]
    plt.close(fig)


def _overlaps(boxes: list) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    ]


def test_monthly_counts_never_collide_however_many_months() -> None:
    for n_months in (3, 12, 13, 40, 60):
        months = [str(m) for m in pd.period_range("2020-01", periods=n_months, freq="M")]
        monthly = pd.DataFrame(
            {
                "month": months,
                "n_articles": [1] * n_months,
                "alignment": [0.01 * (i % 3) for i in range(n_months)],  # nearly equal
                "ci_low": [-0.1] * n_months,
                "ci_high": [0.1] * n_months,
                "framing": [0.0] * n_months,
            }
        )
        fig = figures.alignment_over_time_figure(monthly, 0.9)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        (ax,) = fig.axes
        texts = [t for t in ax.texts if t.get_gid() == "n-label"]
        assert len(texts) == n_months
        boxes = [t.get_window_extent(renderer) for t in texts]
        assert _overlaps(boxes) == [], n_months
        plt.close(fig)


def test_top_actor_panels_share_one_x_axis() -> None:
    table = pd.DataFrame(
        {
            "bloc": ["russia", "russia", "west", "none"],
            "short": ["RUS", "Putin", "NATO", "UN"],
            "mentions": [40, 3, 7, 1],
        }
    )
    fig = figures.top_actors_by_bloc_figure(table, ["russia", "west", "focal", "none"])
    axes = fig.axes
    assert [a.get_title() for a in axes] == ["Russian bloc", "Western bloc", "other"]
    limits = {a.get_xlim() for a in axes}
    assert len(limits) == 1 and limits.pop()[1] >= 40  # the longest bar fits every panel
    widths = [p.get_width() for a in axes for p in a.patches]
    assert sorted(widths) == [1, 3, 7, 40]
    plt.close(fig)


def test_cooccurrence_shows_each_pair_once_with_readable_numbers() -> None:
    ids = ["RUS", "ARM", "NATO", "EU"]
    m = pd.DataFrame(
        [[9, 4, 2, 1], [4, 8, 3, 0], [2, 3, 5, 6], [1, 0, 6, 7]], index=ids, columns=ids
    )
    tri = figures.lower_triangle(m)
    assert list(tri.index) == ["ARM", "NATO", "EU"] and list(tri.columns) == ["RUS", "ARM", "NATO"]
    pairs = tri.stack().dropna().astype(int).to_dict()
    assert pairs == {
        ("ARM", "RUS"): 4,
        ("NATO", "RUS"): 2,
        ("NATO", "ARM"): 3,
        ("EU", "RUS"): 1,
        ("EU", "ARM"): 0,
        ("EU", "NATO"): 6,
    }
    fig = figures.cooccurrence_figure(m)
    ax = fig.axes[0]
    numbers = [t for t in ax.texts if t.get_text()]
    assert sorted(int(t.get_text()) for t in numbers) == [0, 1, 2, 3, 4, 6]  # no diagonal, once
    assert min(t.get_fontsize() for t in numbers) >= 9
    plt.close(fig)


def test_framing_heatmap_text_is_readable() -> None:
    table = pd.DataFrame(
        {
            "outlet": ["all outlets", "a.example"],
            "articles": [3, 3],
            "framing": [0.1, 0.1],
            "framing_evaluative": [0.2, 0.2],
            "framing_sourcing": [-0.5, -0.5],
            "framing_voices": [0.0, 0.0],
            "n_framing_terms": [4, 4],
        }
    )
    fig = figures.framing_components_figure(table)
    ax = fig.axes[0]
    cells = [t for t in ax.texts if t.get_text()]
    assert len(cells) == 8 and "-0.50" in {t.get_text() for t in cells}
    assert min(t.get_fontsize() for t in cells) >= 9
    ticks = ax.get_xticklabels() + ax.get_yticklabels()
    assert min(t.get_fontsize() for t in ticks) >= 9
    plt.close(fig)
