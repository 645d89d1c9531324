"""Headless Chromium opens a report from file:// (flags of tests/report/test_browser.py, network
aborted): time to the load event, DOM elements, explorer rows laid out. ``--repeat N`` opens it
N times. Nothing is asserted::

    python bench/report_open.py reports/index.html --repeat 3
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.report.browser import CHROMIUM, FLAGS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        for _ in range(args.repeat):
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.route(
                "**/*",
                lambda r: (
                    r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort()
                ),
            )
            t0 = time.perf_counter()
            page.goto(args.report.resolve().as_uri(), wait_until="load")
            wall = time.perf_counter() - t0
            nodes = page.evaluate("() => document.getElementsByTagName('*').length")
            rows = page.locator("#explorer tbody tr").count()
            size = args.report.stat().st_size / 1e6
            print(  # noqa: T201
                f"{size:.2f} MB: load {wall:.2f} s, {nodes} elements, {rows} explorer rows"
                f"{', errors: ' + '; '.join(errors) if errors else ''}"
            )
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
