"""Helpers that keep the stage notebooks thin and runnable both by papermill and in Jupyter."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from pipeline.config import Params, load_params
from pipeline.run import project_root


def setup(stage: str, params: dict[str, Any] | None) -> tuple[Path, Any]:
    """Enter the project root and return ``(root, validated params section)``.

    ``params`` is what the runner injected; ``None`` (interactive use) reads ``params.yaml``.
    The runner injects exactly the keys the stage tracks (``{"stance": {...}}``); a stage that is
    not a params section (train, evaluate) gets the whole :class:`Params` (untracked keys at
    their defaults).
    """
    root = project_root(Path.cwd())
    os.chdir(root)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    logging.basicConfig(
        level=logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stdout,
        force=True,
    )
    full = tracked(params, root)
    if stage not in Params.model_fields:  # train, evaluate: keys of several sections
        return root, full
    section = getattr(full, stage)
    return root, section


def tracked(params: dict[str, Any] | None, root: Path) -> Params:
    """Every params key the runner injected (the stage's tracked keys), or ``params.yaml``."""
    return load_params(root / "params.yaml") if params is None else Params.model_validate(params)


def configure_pandas() -> None:
    """Readable tables in notebook output."""
    import pandas as pd

    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.width", 160)
    pd.set_option("display.max_rows", 60)
