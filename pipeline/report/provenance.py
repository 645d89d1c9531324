"""Provenance of a report: git commit and dirty flag, dvc.lock data hashes, package versions."""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from pipeline.config import load_yaml

PACKAGES = (
    "pandas",
    "pyarrow",
    "numpy",
    "dvc",
    "papermill",
    "nbconvert",
    "jupytext",
    "jinja2",
    "scikit-learn",
    "seaborn",
    "matplotlib",
    "pyahocorasick",
    "pandera",
    "pydantic",
    "trafilatura",
    "py3langid",
    "datasketch",
    "dateparser",
)


def git_state(root: Path) -> dict[str, Any]:
    """Commit and whether tracked sources differ from it (outputs and dvc.lock ignored)."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    commit = git("rev-parse", "HEAD")
    changed = git(
        "status", "--porcelain", "--untracked-files=no", "--", ".", ":!dvc.lock", ":!reports"
    )
    return {
        "commit": commit or "unknown (not a git checkout)",
        "dirty": bool(changed),
        "changed": changed.splitlines()[:20],
    }


def lock_hashes(lock: dict[str, Any], skip: tuple[str, ...] = ("report",)) -> list[dict[str, str]]:
    """Data hashes recorded in a parsed ``dvc.lock``: raw inputs (``data/`` deps) and outputs.

    Stages in ``skip`` are left out (the report cannot list the hash of its own output). Code
    dependencies are left out too (the git commit covers them), and so are deps that are another
    stage's output (listed once, as that stage's output), and the executed notebooks (records of
    a run whose bytes differ run to run; the report links them instead).
    """
    stages = sorted((lock.get("stages") or {}).items())
    outs = {str(o.get("path", "")) for _, spec in stages for o in spec.get("outs") or []}
    rows: dict[str, dict[str, str]] = {}
    for stage, spec in stages:
        if stage in skip:
            continue
        items = [("input", d) for d in spec.get("deps") or []]
        items += [("output", o) for o in spec.get("outs") or []]
        for kind, item in items:
            path = str(item.get("path", ""))
            if kind == "input" and (not path.startswith("data/") or path in outs):
                continue
            if path.startswith("reports/notebooks/"):  # records of a run, not data
                continue
            rows.setdefault(
                path, {"stage": stage, "kind": kind, "path": path, "md5": str(item.get("md5", ""))}
            )
    return sorted(rows.values(), key=lambda r: (r["kind"] != "input", r["stage"], r["path"]))


def dvc_hashes(root: Path) -> list[dict[str, str]]:
    """:func:`lock_hashes` of ``root/dvc.lock`` (empty if there is none)."""
    lock = root / "dvc.lock"
    if not lock.exists():
        return []
    return lock_hashes(load_yaml(lock.read_text(encoding="utf-8")) or {})


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str]:
    """Python's version and each installed package's ("not installed" if absent)."""
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def citation(root: Path, commit: str, hashes: list[dict[str, str]]) -> dict[str, Any] | None:
    """What the "How to cite this report" block says: the software's reference from
    ``CITATION.cff`` with the commit, and the hashes of the data the report was made from (the
    raw corpus first). None without a ``CITATION.cff``."""
    cff_path = root / "CITATION.cff"
    if not cff_path.exists():
        return None
    cff = load_yaml(cff_path.read_text(encoding="utf-8")) or {}
    authors = ", ".join(
        a.get("name") or " ".join(p for p in (a.get("given-names"), a.get("family-names")) if p)
        for a in cff.get("authors", [])
    )
    year = str(cff.get("date-released", ""))[:4]
    data = [h for h in hashes if h["kind"] == "input"]
    data.sort(key=lambda h: (h["path"] != "data/raw", h["path"]))
    text = (
        f"{authors} ({year}). {cff.get('title', '')}. Version {cff.get('version', '')}, "
        f"commit {commit}. Licence {cff.get('license', '')}."
    )
    if data:
        text += " Data: " + "; ".join(f"{h['path']} md5 {h['md5']}" for h in data) + "."
    return {"text": text, "commit": commit, "data": data, "cff": cff}
