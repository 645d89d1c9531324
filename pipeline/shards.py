"""Per-article work, partitioned into shards, cached, and run on Dask.

A step's articles are split into ``compute.shards`` shards by a hash of ``doc_id``. Each shard's
result is cached under ``compute.cache_dir`` (default ``.haluan-cache/``, git-ignored, not a DVC
output) with a key made of the shard's input content hash and the fingerprints of the step: the
``pipeline/`` source files its function imports (transitively), the resources it reads (lexicons,
dictionaries, models: their bytes), its params and the versions of the libraries whose numerics
it uses. Only shards whose key changed are computed, on a ``dask.distributed`` cluster: a
``LocalCluster`` on this machine, or a running scheduler named in ``params.yaml``. Results come
back in shard order; callers reassemble them in the corpus's own order, so the stage's outputs
are byte-identical to an unsharded run whatever the shard count, the cache or the cluster.

Compute settings (``compute`` in ``params.yaml``) never change an output, so no stage tracks
them in ``dvc.yaml``.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import os
import pickle
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from pipeline.config import ComputeParams, load_params
from pipeline.wiring import module_files

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
CACHE_FORMAT = 1  # bump when the cache layout changes
LIBRARIES = ("numpy", "pandas", "pyarrow", "scikit-learn", "scipy", "py3langid", "trafilatura")


def shard_of(doc_ids: Sequence[str], shards: int) -> list[int]:
    """The shard of each ``doc_id``: the first 8 bytes of its SHA-256, modulo ``shards``."""
    return [
        int.from_bytes(hashlib.sha256(str(d).encode("utf-8")).digest()[:8], "big") % shards
        for d in doc_ids
    ]


def frame_hash(df: pd.DataFrame) -> str:
    """Content hash of a table: SHA-256 of its Parquet bytes (values, dtypes and order)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), buf, compression="none")
    return hashlib.sha256(buf.getvalue()).hexdigest()


def files_hash(paths: Sequence[str | Path]) -> str:
    """SHA-256 over the names and bytes of ``paths`` (files, or every file under a folder)."""
    h = hashlib.sha256()
    for path in paths:
        p = Path(path)
        for f in sorted(p.rglob("*")) if p.is_dir() else [p]:
            if f.is_file():
                h.update(f.as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def code_fingerprint(root: Path, modules: Sequence[str]) -> str:
    """SHA-256 of the ``pipeline/`` files ``modules`` import, transitively, and library versions."""
    files = sorted(module_files(root, tuple(modules)))
    h = hashlib.sha256(files_hash([root / f for f in files]).encode())
    for lib in LIBRARIES:
        h.update(_version(lib).encode())
    return h.hexdigest()


@functools.cache
def _version(lib: str) -> str:
    """``lib==<installed version>``, or ``lib absent``."""
    try:
        return f"{lib}=={metadata.version(lib)}"
    except metadata.PackageNotFoundError:
        return f"{lib} absent"


@dataclass(frozen=True)
class Step:
    """A per-article function and everything its results depend on besides its input.

    ``fn(shard_input, *context)`` must be pure: its result depends only on its arguments.
    ``modules`` are the modules holding ``fn`` (their imports are followed); ``resources`` the
    files whose objects are in ``context``; ``params`` the settings ``fn`` reads.
    """

    name: str
    fn: Callable[..., Any]
    modules: tuple[str, ...]
    resources: tuple[str, ...] = ()
    params: Any = None
    libraries: tuple[str, ...] = ()  # besides LIBRARIES, whose versions its results depend on

    def fingerprint(self, root: Path) -> str:
        """Key part shared by every shard of this step."""
        params = (
            self.params.model_dump(mode="json")
            if hasattr(self.params, "model_dump")
            else (self.params)
        )
        h = hashlib.sha256(f"{CACHE_FORMAT}:{self.name}:{self.fn.__qualname__}".encode())
        h.update(code_fingerprint(root, self.modules).encode())
        h.update(files_hash([root / r for r in self.resources]).encode())
        h.update(json.dumps(params, sort_keys=True, default=str).encode())
        for lib in self.libraries:  # none for the per-article steps: their keys stay as they were
            h.update(_version(lib).encode())
        return h.hexdigest()


def compute_params(root: Path) -> ComputeParams:
    """The ``compute`` section of ``params.yaml`` (defaults when the file has none).

    ``HALUAN_SCHEDULER`` and ``HALUAN_WORKERS`` override it (tests, one-off runs).
    """
    compute = load_params(root / "params.yaml").compute
    env = {
        k: v
        for k, v in (
            ("scheduler", os.environ.get("HALUAN_SCHEDULER")),
            ("workers", os.environ.get("HALUAN_WORKERS")),
        )
        if v
    }
    return ComputeParams.model_validate({**compute.model_dump(), **env}) if env else compute


@contextmanager
def dask_client(compute: ComputeParams) -> Iterator[Any]:
    """A ``dask.distributed`` client on the configured scheduler (a LocalCluster by default)."""
    from distributed import Client, LocalCluster

    for name in ("distributed", "tornado", "bokeh"):  # the stage's log: ours only
        logging.getLogger(name).setLevel(logging.WARNING)
    if compute.scheduler == "local":
        workers = compute.workers or os.cpu_count() or 1
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
                memory_limit=0,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
    else:
        with Client(compute.scheduler) as client:
            yield client


def run_step(
    step: Step,
    inputs: Sequence[T],
    keys: Sequence[str],
    context: Sequence[Any] | Callable[[], Sequence[Any]],
    root: Path,
    compute: ComputeParams,
    sizes: Sequence[int] | None = None,
) -> list[R]:
    """``step.fn(inputs[i], *context)`` for every shard, from the cache where its key is there.

    ``keys`` are the shards' input content hashes; ``sizes`` their article counts (to decide
    whether a cluster is worth starting). ``context`` may be a function returning it, called
    only if a shard is computed (a model that is slow to load is not loaded for a cached run).
    Results are returned in the order of ``inputs``; the cache keeps exactly the entries of
    this run for this step.
    """
    cache = root / compute.cache_dir / step.name
    cache.mkdir(parents=True, exist_ok=True)
    base = step.fingerprint(root)
    full = [hashlib.sha256(f"{base}:{k}".encode()).hexdigest() for k in keys]
    results: list[Any] = [None] * len(inputs)
    todo = []
    for i, key in enumerate(full):
        path = cache / f"{key}.pkl"
        if path.exists():
            with path.open("rb") as f:
                results[i] = pickle.load(f)  # noqa: S301 (our own cache, written below)
        else:
            todo.append(i)
    work = sum(sizes[i] for i in todo) if sizes is not None else len(todo)
    log.info(
        "%s: %d of %d shards cached, computing %d (%d articles)",
        step.name,
        len(inputs) - len(todo),
        len(inputs),
        len(todo),
        work,
    )
    t0 = time.perf_counter()
    local = compute.scheduler == "synchronous" or work < compute.min_parallel_articles
    if todo and callable(context):
        context = context()
    if todo and local:
        for i in todo:
            results[i] = step.fn(inputs[i], *context)
            _store(cache / f"{full[i]}.pkl", results[i])
    elif todo:
        from distributed import as_completed

        with dask_client(compute) as client:
            shared = client.scatter(list(context), broadcast=True) if context else []
            futures = {
                client.submit(step.fn, inputs[i], *shared, key=f"{step.name}-{full[i]}"): i
                for i in todo
            }
            for future in as_completed(futures):
                i = futures[future]
                results[i] = future.result()
                _store(cache / f"{full[i]}.pkl", results[i])
                future.release()
    if todo:
        log.info(
            "%s: computed %d shards in %.1f s (%s)",
            step.name,
            len(todo),
            time.perf_counter() - t0,
            "in process" if local else f"on Dask, {compute.scheduler}",
        )
    keep = {f"{k}.pkl" for k in full}
    for old in cache.glob("*.pkl"):
        if old.name not in keep:
            old.unlink()
    return results


def _store(path: Path, value: Any) -> None:
    """Write one cache entry atomically."""
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with tmp.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


def split_frame(df: pd.DataFrame, shards: int) -> list[pd.DataFrame]:
    """``df``'s rows by shard of ``doc_id`` (every shard, empty ones included), order kept."""
    codes = pd.Series(shard_of(df["doc_id"].tolist(), shards), index=df.index)
    return [df[codes == s] for s in range(shards)]


def split_by_docs(df: pd.DataFrame, doc_shard: dict[str, int], shards: int) -> list[pd.DataFrame]:
    """``df``'s rows by the shard of their ``doc_id`` in ``doc_shard`` (rows of others dropped)."""
    codes = df["doc_id"].map(doc_shard).fillna(-1).astype("int64")
    return [df[codes == s] for s in range(shards)]
