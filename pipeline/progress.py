"""Progress bars of long work: in the terminal that runs the stage, never in a notebook's outputs.

The stage runner (:mod:`pipeline.run`) hands its kernel a copy of its own stderr as file
descriptor ``HALUAN_PROGRESS_FD``; bars are drawn there. Without it (a notebook opened in
Jupyter, a test) tqdm draws on ``sys.stderr`` as usual.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from typing import TextIO, TypeVar

from tqdm import tqdm

PROGRESS_FD = "HALUAN_PROGRESS_FD"

T = TypeVar("T")


@functools.cache
def _terminal(fd: int) -> TextIO | None:
    try:
        os.fstat(fd)
    except OSError:  # the variable was inherited without its descriptor
        return None
    return os.fdopen(fd, "w", buffering=1, encoding="utf-8", closefd=False)


def progress_file() -> TextIO | None:
    """The runner's terminal when running under it, else None (tqdm's default, stderr)."""
    fd = os.environ.get(PROGRESS_FD, "")
    return _terminal(int(fd)) if fd.isdigit() else None


def bar(
    iterable: Iterable[T], desc: str, unit: str, total: int | None = None, disable: bool = False
) -> Iterable[T]:
    """``iterable`` with a tqdm bar on :func:`progress_file` (none when ``disable``)."""
    return tqdm(iterable, desc=desc, unit=unit, total=total, disable=disable, file=progress_file())
