from pathlib import Path

from pipeline.report.provenance import git_state, lock_hashes, package_versions

LOCK = {
    "schema": "2.0",
    "stages": {
        "clean": {
            "deps": [
                {"path": "data/raw", "md5": "raw.dir"},
                {"path": "pipeline/clean", "md5": "code.dir"},
                {"path": "data/lexicons/boilerplate.yaml", "md5": "bp"},
            ],
            "outs": [{"path": "data/interim/articles.parquet", "md5": "art"}],
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
