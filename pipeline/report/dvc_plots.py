"""The offline page and the temporal template of ``dvc plots show`` / ``dvc plots diff``.

DVC's default page loads Vega, Vega-Lite and Vega-Embed from a CDN, so it renders nothing
offline. ``.dvc/config`` points ``plots.html_template`` at ``.dvc/plots/offline.html``, which
carries the three libraries inline (from their npm packages' ``build/*.min.js``, BSD-3-Clause)
and has no ``{scripts}`` placeholder, so DVC's CDN script tags are never written. Both files
are committed; rebuild them (only when upgrading the libraries, with network) with::

    npm pack vega@5 vega-lite@5 vega-embed@6   # in an empty folder, then extract each .tgz
    python -m pipeline.report.dvc_plots <vega dir> <vega-lite dir> <vega-embed dir>

The months of ``alignment_by_month.csv`` ("2020-10") are dates: the ``temporal`` template
(``.dvc/plots/temporal.json``) gives them a time axis instead of DVC's numeric one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

LIBRARIES = (
    ("vega", "vega.min.js"),
    ("vega-lite", "vega-lite.min.js"),
    ("vega-embed", "vega-embed.min.js"),
)
PAGE = Path(".dvc/plots/offline.html")
TEMPORAL = Path(".dvc/plots/temporal.json")
DVC_PLACEHOLDERS = ("{scripts}", "{plot_divs}", "{refresh_tag}")


def page(libraries: list[tuple[str, str, str, str]]) -> str:
    """The HTML template: ``(name, version, licence, minified source)`` inlined in order, then
    DVC's ``{plot_divs}``. Raises if a library would break out of its script element or holds
    one of DVC's placeholders."""
    scripts, notes = [], []
    for name, version, licence, source in libraries:
        if "</script" in source.lower() or any(p in source for p in DVC_PLACEHOLDERS):
            raise ValueError(f"{name} {version} cannot be inlined as it is")
        notes.append(f"{name} {version} ({licence}, npm package {name})")
        scripts.append(f"<script>/* {name} {version} */\n{source}\n</script>")
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        "<title>Haluan · DVC plots</title>\n"
        f"<!-- Offline page for dvc plots: {'; '.join(notes)}. Built by "
        "pipeline/report/dvc_plots.py; licences in .dvc/plots/LICENSES.txt. -->\n"
        + "\n".join(scripts)
        + "\n<style>body { font-family: system-ui, sans-serif; } table { border-spacing: 15px; }"
        "</style>\n</head>\n<body>\n{plot_divs}\n</body>\n</html>\n"
    )


def temporal_template() -> dict:
    """DVC's ``simple`` line template with a temporal, month-resolved x axis and points (a
    month without articles has no point: the line is not a measurement there)."""
    from dvc_render.vega_templates import SimpleLinearTemplate

    spec = json.loads(json.dumps(SimpleLinearTemplate.DEFAULT_CONTENT))
    spec["mark"] = {"type": "line", "point": True, "tooltip": {"content": "data"}}
    spec["encoding"]["x"].update({"type": "temporal", "timeUnit": "yearmonth"})
    spec["encoding"]["x"]["axis"] = {"format": "%Y-%m"}
    # revisions differ by colour; an empty stroke-dash channel (one revision) only warns
    del spec["encoding"]["strokeDash"]
    return spec


def main(dirs: list[str]) -> None:
    """Write :data:`PAGE` from the extracted npm packages in ``dirs`` and :data:`TEMPORAL`."""
    libs = []
    for (name, file), d in zip(LIBRARIES, dirs, strict=True):
        meta = json.loads((Path(d) / "package.json").read_text(encoding="utf-8"))
        assert meta["name"] == name, (meta["name"], name)
        source = (Path(d) / "build" / file).read_text(encoding="utf-8")
        libs.append((name, meta["version"], meta["license"], source))
    PAGE.write_text(page(libs), encoding="utf-8")
    TEMPORAL.write_text(json.dumps(temporal_template(), indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
