from pathlib import Path

from pipeline.report.provenance import citation, git_state, lock_hashes, package_versions

LOCK = {
    "schema": "2.0",
    "stages": {
        "clean": {
            "deps": [
                {"path": "data/raw", "md5": "raw.dir"},
                {"path": "pipeline/clean", "md5": "code.dir"},
                {"path": "data/lexicons/boilerplate.yaml", "md5": "bp"},
            ],
            "outs": [
                {"path": "data/interim/articles.parquet", "md5": "art"},
                {"path": "reports/notebooks/01_clean.html", "md5": "run-record"},
            ],
        },
        "entities": {
            "deps": [{"path": "data/interim/articles.parquet", "md5": "art"}],
            "outs": [{"path": "data/processed/mentions.parquet", "md5": "men"}],
        },
        "report": {"outs": [{"path": "reports/index.html", "md5": "self"}]},
    },
}


def test_lock_hashes_list_data_inputs_and_outputs_once_without_code_or_the_report() -> None:
    rows = lock_hashes(LOCK)
    assert [(r["kind"], r["stage"], r["path"], r["md5"]) for r in rows] == [
        ("input", "clean", "data/lexicons/boilerplate.yaml", "bp"),
        ("input", "clean", "data/raw", "raw.dir"),
        ("output", "clean", "data/interim/articles.parquet", "art"),
        ("output", "entities", "data/processed/mentions.parquet", "men"),
    ]
    assert lock_hashes({}) == []


def test_git_state_outside_a_checkout_says_so(tmp_path: Path) -> None:
    state = git_state(tmp_path)
    assert state["commit"].startswith("unknown") and state["dirty"] is False


def test_package_versions_name_python_and_missing_packages() -> None:
    versions = package_versions(("pandas", "no-such-package-haluan"))
    assert versions["python"].count(".") == 2
    assert versions["pandas"][0].isdigit()
    assert versions["no-such-package-haluan"] == "not installed"


def test_citation_names_the_commit_and_the_raw_data_first(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    (tmp_path / "CITATION.cff").write_text((root / "CITATION.cff").read_text())
    cite = citation(tmp_path, "abc123", lock_hashes(LOCK))
    assert cite is not None and cite["commit"] == "abc123"
    assert [h["path"] for h in cite["data"]] == ["data/raw", "data/lexicons/boilerplate.yaml"]
    assert "Haluan maintainers (2026)" in cite["text"] and "commit abc123" in cite["text"]
    assert "data/raw md5 raw.dir" in cite["text"] and "Licence MIT" in cite["text"]
    assert citation(tmp_path / "nowhere", "abc123", []) is None


def test_citation_cff_is_valid_cff_1_2_0_and_the_licence_is_mit() -> None:
    import json

    import jsonschema
    import yaml

    root = Path(__file__).resolve().parents[2]
    # the schema of the Citation File Format 1.2.0 (as shipped in cffconvert 2.0.0)
    schema = json.loads((root / "tests/data/cff-1.2.0.schema.json").read_text())
    cff = yaml.safe_load((root / "CITATION.cff").read_text())
    jsonschema.validate(cff, schema)
    assert cff["cff-version"] == "1.2.0" and cff["license"] == "MIT"
    assert (root / "LICENSE").read_text().startswith("MIT License")
    broken = {k: v for k, v in cff.items() if k != "authors"}
    try:
        jsonschema.validate(broken, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("a CFF without authors must be invalid")
