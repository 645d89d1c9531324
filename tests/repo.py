"""Copies of the repository for tests that run the pipeline as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pipeline.repo import copy_repository

__all__ = ["copy_repository", "git_init", "run"]


def run(args: list[str], cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    """Run ``args`` with this environment's executables first on PATH; fail with its output."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, (
        f"{' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )
    return proc


def git_init(dest: Path, message: str) -> None:
    """Make ``dest`` a git repository with one commit (DVC experiments and params need one)."""
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    run(["git", "init", "-q"], dest)
    run([*git, "add", "-A"], dest)
    run([*git, "commit", "-qm", message], dest)
