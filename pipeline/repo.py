"""Copies of the repository as a fresh clone has it (to run the pipeline in, for tests, bench)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path


def copy_repository(root: Path, dest: Path, extra: Iterable[str] = ()) -> None:
    """Copy the files of ``root`` git knows of (tracked, or untracked and not ignored) to
    ``dest``, and the files or folders ``extra`` (paths relative to ``root``; absent ones are
    skipped), e.g. a stage's outputs."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for rel in [*filter(None, listed.split("\0")), *extra]:
        src = root / rel
        if src.is_dir():
            shutil.copytree(src, dest / rel, dirs_exist_ok=True)
        elif src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
