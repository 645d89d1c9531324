"""Report parts kept between runs, keyed by the content of what they read.

``dvc repro`` re-runs the report when any input changes, but most of its parts read only some
tables: adding an article that is not kept changes ``articles.parquet`` and leaves the evidence
explorer's tables, the figures' tables and the exported tables as they were. :func:`cached`
computes a part (a pure function) only when the content hash of its arguments, its code or its
libraries changed, and otherwise takes its result from the cache of :mod:`pipeline.shards` (one
shard per part, under ``compute.cache_dir``; :func:`pipeline.shards.run_step`): the same bytes
as computing it, since the function is pure and its result is stored whole.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from pipeline.config import ComputeParams
from pipeline.shards import Step, frame_hash, run_step

R = TypeVar("R")
# Where parts are cached: the project root and its compute settings (None: no cache).
Where = tuple[Path, ComputeParams] | None
PREFIX = "report-"  # the parts' cache folders: <cache_dir>/report-<part>/


def content_key(value: Any) -> str:
    """SHA-256 of ``value``: tables by their content (:func:`pipeline.shards.frame_hash`) and
    index, mappings and sequences item by item, anything else by its JSON."""
    h = hashlib.sha256()
    if isinstance(value, pd.DataFrame):
        # columns by position (names hashed apart: a figure's labels may repeat), then the index
        h.update(b"frame:" + frame_hash(value.set_axis(range(value.shape[1]), axis=1)).encode())
        h.update(json.dumps([str(value.index.name), *map(str, value.columns)]).encode())
        h.update(pd.util.hash_pandas_object(value.index).to_numpy().tobytes())
    elif isinstance(value, Mapping):
        h.update(b"map:")
        for k, v in value.items():
            h.update(content_key(k).encode() + content_key(v).encode())
    elif isinstance(value, list | tuple):
        h.update(b"seq:")
        for v in value:
            h.update(content_key(v).encode())
    else:
        h.update(b"json:" + json.dumps(value, sort_keys=True, default=str).encode())
    return h.hexdigest()


def cached(
    part: str,
    fn: Callable[..., R],
    args: tuple[Any, ...],
    where: Where,
    libraries: tuple[str, ...] = (),
) -> R:
    """``fn(*args)``, from the cache when ``where`` is given and this part was computed with
    the same arguments, code (``fn``'s module and what it imports) and ``libraries`` versions.

    Computed in this process (never on a cluster); the cache keeps the last entry per part.
    """
    if where is None:
        return fn(*args)
    root, compute = where
    step = Step(f"{PREFIX}{part}", fn, (fn.__module__,), libraries=libraries)
    local = compute.model_copy(update={"scheduler": "synchronous"})
    first, *rest = args
    (result,) = run_step(step, [first], [content_key(args)], tuple(rest), root, local, sizes=[0])
    return result
