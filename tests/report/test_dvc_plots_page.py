"""The committed offline page and temporal template of `dvc plots` (no DVC run needed)."""

import configparser
import json
import re
from pathlib import Path

import pytest

from pipeline.report import dvc_plots

ROOT = Path(__file__).resolve().parents[2]


def test_dvc_config_points_at_the_committed_offline_page() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / ".dvc/config")
    assert config["plots"]["html_template"] == "plots/offline.html"
    page = (ROOT / ".dvc" / config["plots"]["html_template"]).read_text(encoding="utf-8")
    assert "{plot_divs}" in page and "{scripts}" not in page  # DVC's CDN tags never written
    assert not re.search(r"<script[^>]+src=", page)  # every library inline
    for name in ("vega", "vega-lite", "vega-embed"):
        assert re.search(rf"/\* {name} \d+\.\d+\.\d+ \*/", page), name
    licences = (ROOT / ".dvc/plots/LICENSES.txt").read_text(encoding="utf-8")
    assert "vega-lite" in licences and "vega-embed" in licences
    assert "dvc_plots/" in (ROOT / ".gitignore").read_text().splitlines()


def test_the_temporal_template_is_the_builders() -> None:
    committed = json.loads((ROOT / dvc_plots.TEMPORAL).read_text(encoding="utf-8"))
    assert committed == dvc_plots.temporal_template()
    assert committed["encoding"]["x"]["type"] == "temporal"
    assert committed["encoding"]["x"]["timeUnit"] == "yearmonth"


def test_a_library_that_would_break_its_script_element_is_refused() -> None:
    ok = dvc_plots.page([("vega", "5.0.0", "BSD-3-Clause", "var v = 1;")])
    assert ok.index("var v = 1;") < ok.index("{plot_divs}")
    with pytest.raises(ValueError, match="vega"):
        dvc_plots.page([("vega", "5.0.0", "BSD-3-Clause", "x='</script>'")])
    with pytest.raises(ValueError, match="vega"):
        dvc_plots.page([("vega", "5.0.0", "BSD-3-Clause", "x='{plot_divs}'")])
