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
    offsets = [a.xyann[1] for a in ax.texts if a.get_text().startswith("n=")]
    assert len(offsets) == 3 and offsets[0] != offsets[1] != offsets[2]  # neighbours alternate
    plt.close(fig)
