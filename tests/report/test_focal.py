"""The focal state's name in the report: title and texts from its label, for ARM and AZE."""

from pathlib import Path

import pytest

from pipeline.config import ParamsError, load_params
from pipeline.entities.dictionary import Dictionary
from pipeline.report.build import TEMPLATES
from pipeline.report.focal import bloc_names, focal_label, focal_state, report_title
from tests.report.htmlcheck import parse
from tests.report.test_build import _build

NAMES = {"ARM": "Armenia", "AZE": "Azerbaijan"}


@pytest.fixture(scope="module")
def labels(dictionary: Dictionary) -> dict[str, str]:
    return {e.id: e.label for e in dictionary.entities.values()}


@pytest.mark.parametrize("focal", ["ARM", "AZE"])
def test_the_title_names_the_focal_state(root: Path, labels: dict[str, str], focal: str) -> None:
    template = load_params(root / "params.yaml").report.title
    assert "{focal}" in template
    title = report_title(template, focal, labels)
    assert title == f"Haluan: {NAMES[focal]} between Russia and the West in Indonesian news"


def test_a_title_without_placeholder_and_literal_braces_stay_as_written() -> None:
    labels = {"AZE": "Azerbaijan"}
    assert report_title("Haluan: Kaukasus", "AZE", labels) == "Haluan: Kaukasus"
    assert report_title("{{focal}} = {focal}", "AZE", labels) == "{focal} = Azerbaijan"


def test_a_focal_state_missing_from_the_dictionary_is_a_params_error() -> None:
    with pytest.raises(ParamsError, match=r"entities\.focal: GEO is not in the actor dictionary"):
        focal_label("GEO", {"ARM": "Armenia"})


def test_texts_name_the_focal_state() -> None:
    assert focal_state("Azerbaijan") == "the focal state (Azerbaijan)"
    assert focal_state(None) == "the focal state"
    assert bloc_names("Azerbaijan")["focal"] == "Azerbaijan (focal state)"
    assert bloc_names(None)["focal"] == "focal state"
    assert bloc_names("Azerbaijan")["russia"] == "Russian bloc"


def test_no_report_text_hard_codes_a_state() -> None:
    for path in TEMPLATES.iterdir():
        assert "Armenia" not in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize("focal", ["ARM", "AZE"])
def test_the_report_names_the_focal_state(
    root: Path, tmp_path: Path, labels: dict[str, str], focal: str
) -> None:
    template = load_params(root / "params.yaml").report.title
    html, _ = _build(
        tmp_path, title=report_title(template, focal, labels), focal=focal_label(focal, labels)
    )
    name, other = NAMES[focal], NAMES["AZE" if focal == "ARM" else "ARM"]
    page = parse(html)
    text = " ".join(page.text.split())
    title = f"Haluan: {name} between Russia and the West in Indonesian news"
    assert f"<title>{title}</title>" in html and f"<h1>{title}</h1>" in html
    assert f"where the text says the focal state ({name}) stands" in text
    assert f"sentences that name the focal state ({name}) or its officials" in text
    assert f'<mark class="f">{name} (focal state)</mark>' in html  # legends
    assert f"the focal state ({other})" not in text and f"{other} (focal state)" not in text
