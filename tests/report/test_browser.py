"""Headless Chromium opens the report and an executed notebook with the network off.

Every request that is not a local file or data URI is recorded and aborted, so the pages must
render from themselves alone; failed requests, console errors, page errors and dialogs must not
occur. The report comes from the shared pipeline run with hostile articles (conftest.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pipeline.report.browser import CHROMIUM, FLAGS
from tests.report.conftest import HOSTILE_JSONL

pytestmark = pytest.mark.e2e

SECTIONS = (
    "1. Summary",
    "2. Corpus",
    "3. Entities",
    "4. Alignment over time and by outlet",
    "5. Framing, sourcing and voices",
    "6. Evidence explorer",
    "7. Evaluation against the annotated sets",
    "8. Methods and provenance",
)


@dataclass
class Seen:
    """What the browser did besides rendering."""

    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def problems(self) -> dict[str, list[str]]:
        return {k: v for k, v in vars(self).items() if v}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser test needs Debian's chromium package "
            "(.ci/run installs it: apt-get install -y chromium)."
        )
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),  # empty user-data-dir
            executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
            args=FLAGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
            service_workers="block",
        )
        try:
            yield context
        finally:
            context.close()


def open_page(context: Any, path: Path) -> tuple[Any, Seen]:
    """Load ``path`` from file://, aborting (and recording) any request elsewhere."""
    seen = Seen()
    page = context.new_page()

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            seen.outside.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda r: seen.failed.append(f"{r.url} {r.failure}"))
    page.on("console", lambda m: m.type in ("error", "warning") and seen.console.append(m.text))
    page.on("pageerror", lambda e: seen.errors.append(str(e)))

    def dialog(d: Any) -> None:
        seen.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, seen


def test_report_renders_offline_and_works(
    browser: Any, hostile_repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    page, seen = open_page(browser, hostile_repo / "reports/index.html")
    shots = tmp_path_factory.mktemp("screenshots")
    page.screenshot(path=str(shots / "report.png"), full_page=True)

    assert seen.problems() == {}
    assert "PWNED" not in page.title()
    assert page.title().startswith("Haluan")
    headings = [h.strip() for h in page.locator("section > h2").all_inner_texts()]
    assert headings == list(SECTIONS)
    for h in SECTIONS:
        assert page.get_by_role("heading", name=h, exact=True).is_visible()

    images = page.evaluate(
        "() => Array.from(document.images).map(i => [i.alt, i.complete, i.naturalWidth])"
    )
    assert len(images) >= 7
    assert all(complete and width > 0 for _, complete, width in images), images

    # The live DOM holds the report's single script, no handler attribute, no script URL.
    live = page.evaluate(
        """() => ({
          scripts: Array.from(document.scripts).filter(s => s.type !== 'application/json').length,
          data: Array.from(document.scripts).filter(s => s.type === 'application/json').length,
          handlers: Array.from(document.querySelectorAll('*')).flatMap(
            e => Array.from(e.attributes).filter(a => a.name.startsWith('on')).map(a => a.name)),
          jsLinks: Array.from(document.querySelectorAll('[href],[src]')).filter(
            e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src'))).length,
        })"""
    )
    assert live == {"scripts": 1, "data": 1, "handlers": [], "jsLinks": 0}

    # The hostile article is shown as text: its title, with the tags spelled out.
    explorer = page.locator("#explorer")
    row = explorer.locator("tbody tr", has_text="Kabar Jahat")
    assert row.count() == 1
    row.locator("summary").click()
    assert "PWNED-title" in row.locator("summary").inner_text()
    assert "<script>" in row.locator("summary").inner_text()
    assert row.locator("img, script, a[href^='javascript']").count() == 0
    assert row.locator("mark").count() > 0  # its entities are highlighted
    assert HOSTILE_JSONL["outlet"] in row.locator("td").nth(1).inner_text()

    # Sorting: the alignment column sorts numerically both ways.
    def alignments() -> list[float]:
        return [float(t) for t in explorer.locator("tbody tr td:nth-child(4)").all_inner_texts()]

    header = explorer.locator("thead th", has_text="alignment")
    header.click()
    up = alignments()
    assert up == sorted(up) and len(up) >= 7 and up[0] < up[-1]
    header.click()
    assert alignments() == sorted(up, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"

    # Filtering keeps the matching articles only.
    page.fill("input[data-filter='explorer']", "kabar jahat")
    assert page.inner_text("#explorer-count") == f"1 of {len(up)}"
    assert explorer.locator("tbody tr:visible").count() == 1

    assert seen.problems() == {}
    page.close()


def test_the_report_prints_whole(browser: Any, hostile_repo: Path, tmp_path: Path) -> None:
    """Printed (or saved as PDF), no table or block is cut by a scroll box, the params.yaml
    block prints to its last line, and dates stay on one line."""
    page, seen = open_page(browser, hostile_repo / "reports/index.html")
    page.emulate_media(media="print")
    clipped = page.evaluate(
        """() => Array.from(document.querySelectorAll('main div, main pre, main table'))
          .filter(e => e.scrollHeight > e.clientHeight + 1 &&
                       getComputedStyle(e).overflowY !== 'visible')
          .map(e => e.tagName + '.' + e.className)"""
    )
    assert clipped == []
    params = page.locator("#provenance pre", has_text="report:")
    last_line = (hostile_repo / "params.yaml").read_text().rstrip().splitlines()[-1].strip()
    assert params.inner_text().rstrip().endswith(last_line)
    height = params.evaluate("e => [e.scrollHeight, e.clientHeight, getComputedStyle(e).maxHeight]")
    assert height[0] <= height[1] + 1 and height[2] == "none"  # the whole block, no cut
    wrapped = page.evaluate(
        """() => Array.from(document.querySelectorAll('td.date')).filter(td => {
          const r = document.createRange(); r.selectNodeContents(td);
          return r.getClientRects().length > 1; }).map(td => td.textContent)"""
    )
    assert page.locator("td.date").count() > 0 and wrapped == []
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf))
    assert pdf.stat().st_size > 10_000
    assert seen.problems() == {}
    page.close()


def test_dvc_plots_show_renders_offline(browser: Any, hostile_repo: Path, tmp_path: Path) -> None:
    from tests.report.conftest import run

    run(["dvc", "plots", "show", "--out", str(tmp_path / "plots")], hostile_repo)
    page, seen = open_page(browser, tmp_path / "plots" / "index.html")
    page.wait_for_selector(".vega-embed svg, .vega-embed canvas", timeout=15_000)
    assert page.locator(".vega-embed").count() >= 1
    drawn = page.evaluate(
        "() => Array.from(document.querySelectorAll('.vega-embed canvas, .vega-embed svg'))"
        ".map(e => e.getBoundingClientRect().width)"
    )
    assert drawn and max(drawn) > 100  # the chart (the small svg is the actions menu)
    assert seen.problems() == {}
    page.close()


def test_an_executed_notebook_renders_offline(browser: Any, hostile_repo: Path) -> None:
    page, seen = open_page(browser, hostile_repo / "reports/notebooks/03_stance.html")
    assert seen.problems() == {}
    assert page.locator("h1").first.inner_text().startswith("03")
    images = page.evaluate("() => Array.from(document.images).map(i => i.naturalWidth)")
    assert images and all(w > 0 for w in images)
    assert page.evaluate("() => document.scripts.length") == 0
    page.close()


def test_the_explorer_pages_and_renders_rows_and_sentences_on_demand(
    browser: Any, tmp_path: Path
) -> None:
    """250 articles more than the sample: one page of rows is laid out, the others come from
    the data block on paging, sorting and filtering; an article's sentences only when opened."""
    from pipeline.report.build import EXPLORER_PAGE_ROWS, build_report
    from tests.report.sample import FRAMING_TERMS, LABELS, WIRE_BLOC, many_inputs

    html, _ = build_report(
        many_inputs(250),
        title="Haluan paging",
        top_actors=10,
        per_article=5,
        labels=LABELS,
        wire_bloc=WIRE_BLOC,
        params_text="report: {}",
        root=tmp_path,
        notebooks=[],
        framing_terms=FRAMING_TERMS,
    )
    path = tmp_path / "index.html"
    path.write_text(html, encoding="utf-8")
    page, seen = open_page(browser, path)
    rows = page.locator("#explorer tbody tr")
    total = 252
    assert rows.count() == EXPLORER_PAGE_ROWS == 100
    assert page.inner_text("#explorer-page") == "articles 1–100 of 252 (page 1 of 3)"
    assert page.locator("#explorer li").count() == 0  # no sentence laid out before opening
    first = rows.first.locator("td").nth(2).inner_text()
    assert page.locator("#explorer-prev").is_disabled()

    page.click("#explorer-next")
    assert page.inner_text("#explorer-page") == "articles 101–200 of 252 (page 2 of 3)"
    assert rows.count() == 100 and rows.first.locator("td").nth(2).inner_text() != first
    page.click("#explorer-next")
    assert rows.count() == total - 200 and page.locator("#explorer-next").is_disabled()

    # Opening an article lays out its sentences, contributions first, from the data block.
    row = rows.filter(has_text="Artikel 00249")
    row.locator("summary").click()
    items = row.locator("li")
    assert items.count() == 3 and page.locator("#explorer li").count() == 3
    assert row.locator("li > b").all_inner_texts() == ["-0.500", "+0.100"]
    assert "sentence score -1.00" in items.first.inner_text()
    assert row.locator("mark").count() > 0

    # Filtering searches every row (also those of other pages) and starts at its first page.
    page.fill("input[data-filter='explorer']", "artikel 0000")
    assert page.inner_text("#explorer-count") == f"10 of {total}"
    assert rows.count() == 10 and page.inner_text("#explorer-page").endswith("(page 1 of 1)")
    page.fill("input[data-filter='explorer']", "")
    assert page.inner_text("#explorer-count") == f"{total} of {total}"

    # Sorting orders all rows, not only the page on screen.
    header = page.locator("#explorer thead th", has_text="published")
    header.click()
    header.click()  # descending: the latest article first, the earliest on the last page
    assert rows.first.locator("td").first.inner_text() == "2024-07-01"
    page.click("#explorer-next")
    page.click("#explorer-next")
    assert rows.last.locator("td").first.inner_text() == "2020-01-01"
    assert seen.problems() == {}
    page.close()
