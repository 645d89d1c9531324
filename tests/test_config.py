from pathlib import Path

import pytest
import yaml

from pipeline.config import Params, ParamsError, load_params, parse_params


def test_repository_params_are_valid(root: Path) -> None:
    params = load_params(root / "params.yaml")
    assert params.entities.focal == "ARM"
    assert "CSTO" in params.entities.blocs.russia
    assert "NATO" in params.entities.blocs.west


def test_defaults_equal_repository_params(root: Path) -> None:
    """params.yaml documents the defaults: the two must not drift apart silently."""
    data = yaml.safe_load((root / "params.yaml").read_text())
    assert Params().model_dump() == parse_params(data).model_dump()


def test_unknown_key_is_named() -> None:
    with pytest.raises(ParamsError, match=r"clean\.min_wrds: unknown key"):
        parse_params({"clean": {"min_wrds": 3}})


def test_bad_value_is_named_with_its_input() -> None:
    with pytest.raises(ParamsError, match=r"stance\.ci_level.*got 1\.5"):
        parse_params({"stance": {"ci_level": 1.5}})


def test_max_words_is_validated() -> None:
    assert parse_params({}).clean.max_words == 20_000
    with pytest.raises(ParamsError, match=r"clean\.max_words.*got 0"):
        parse_params({"clean": {"max_words": 0}})
    with pytest.raises(ParamsError, match="max_words 30 < min_words 40"):
        parse_params({"clean": {"max_words": 30}})


def test_actor_in_both_blocs_is_rejected() -> None:
    with pytest.raises(ParamsError, match="both blocs"):
        parse_params({"entities": {"blocs": {"russia": ["RUS", "USA"], "west": ["USA"]}}})


def test_focal_state_cannot_be_in_a_bloc() -> None:
    with pytest.raises(ParamsError, match="focal state"):
        parse_params({"entities": {"focal": "RUS"}})


def test_unreadable_and_non_mapping_files(tmp_path: Path) -> None:
    with pytest.raises(ParamsError, match="cannot read"):
        load_params(tmp_path / "missing.yaml")
    bad = tmp_path / "params.yaml"
    bad.write_text("- just\n- a list\n")
    with pytest.raises(ParamsError, match="expected a mapping"):
        load_params(bad)
    bad.write_text("clean: {min_words: [\n")
    with pytest.raises(ParamsError, match="not valid YAML"):
        load_params(bad)


def test_report_title_is_a_template_of_the_focal_state(root: Path) -> None:
    assert "{focal}" in load_params(root / "params.yaml").report.title
    ok = "Haluan: {focal} antara Rusia dan Barat, {{sic}}"
    assert parse_params({"report": {"title": ok}}).report.title == ok
    assert parse_params({"report": {"title": "Haluan"}}).report.title == "Haluan"


@pytest.mark.parametrize(
    ("title", "problem"),
    [
        ("Haluan: {country}", r"unknown placeholder \{country\}: only \{focal\} is filled in"),
        ("{focal} and {}", r"unknown placeholder \{\}"),
        ("Haluan: {focal", "not a valid title template"),
        ("Haluan: focal}", "not a valid title template"),
        ("Haluan: {focal!r}", "without a format spec or conversion"),
        ("Haluan: {focal:>9}", "without a format spec or conversion"),
    ],
)
def test_a_bad_title_template_is_a_params_error(title: str, problem: str) -> None:
    with pytest.raises(ParamsError, match=rf"report\.title: .*{problem}"):
        parse_params({"report": {"title": title}})


@pytest.mark.parametrize(
    ("override", "old", "new"),
    [
        ("stance.ci_level=0.95", "  ci_level: 0.9", "  ci_level: 0.95"),
        ("entities.focal=AZE", "  focal: ARM ", "  focal: AZE "),
        ("report.top_actors=10", "  top_actors: 15", "  top_actors: 10"),
        ("stance.alignment_thresholds.negative=-0.3", "    negative: -0.2", "    negative: -0.3"),
    ],
)
def test_dvc_exp_run_set_param_changes_only_the_value(
    root: Path, tmp_path: Path, override: str, old: str, new: str
) -> None:
    """`dvc exp run -S` rewrites params.yaml with ruamel (dvc.utils.hydra.apply_overrides): the
    file is written as DVC writes it, so the rewrite changes the one value and nothing else."""
    from dvc.utils.hydra import apply_overrides

    original = (root / "params.yaml").read_text(encoding="utf-8")
    path = tmp_path / "params.yaml"
    path.write_text(original, encoding="utf-8")
    apply_overrides(str(path), [override])
    before, after = original.splitlines(), path.read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert len(changed) == 1
    ((b, a),) = changed
    assert b.startswith(old) and a.startswith(new) and b.replace(old, new, 1) == a
