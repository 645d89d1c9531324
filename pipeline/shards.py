"""Per-article work, partitioned into shards, cached, and run on Dask.

A step's articles are split into :func:`shard_count` shards by a hash of ``doc_id``. Each shard's
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
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
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


def shard_count(articles: int, compute: ComputeParams) -> int:
    """How many shards ``articles`` articles are split into: ``compute.shards`` when set, else
    the smallest power of two giving at most ``compute.shard_size`` articles per shard. A power
    of two keeps the count (and every unchanged shard's cache) until the corpus doubles."""
    if compute.shards:
        return compute.shards
    need = max(1, -(-articles // compute.shard_size))
    return 1 << (need - 1).bit_length()


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


def _cpu_seconds() -> tuple[int, float]:
    """This process's id and CPU seconds (user + system) so far."""
    return os.getpid(), time.process_time()


class _Session:
    """A cluster started on first use and kept for every step until the session ends."""

    def __init__(self, compute: ComputeParams) -> None:
        self.compute = compute
        self._stack = ExitStack()
        self._client: Any = None
        self._start: dict[str, tuple[int, float]] = {}

    def client(self) -> Any:
        if self._client is None:
            t0 = time.perf_counter()
            self._client = self._stack.enter_context(dask_client(self.compute))
            self._start = self._client.run(_cpu_seconds)
            log.info(
                "cluster started in %.1f s",
                time.perf_counter() - t0,
                extra={"worker_start_cpu": {w: c for w, (_, c) in self._start.items()}},
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            end = self._client.run(_cpu_seconds)
            cpu = {w: c - self._start.get(w, (0, 0.0))[1] for w, (_, c) in end.items()}
            log.info(
                "cluster workers used %.1f CPU s", sum(cpu.values()), extra={"worker_cpu": cpu}
            )
        self._stack.close()


_SESSIONS: list[_Session] = []


@contextmanager
def cluster_session(compute: ComputeParams) -> Iterator[None]:
    """Run every :func:`run_step` inside on one cluster, started only if a step needs it
    (a cached run starts none), stopped at the end: a stage pays one start for all its steps."""
    session = _Session(compute)
    _SESSIONS.append(session)
    try:
        yield
    finally:
        _SESSIONS.remove(session)
        session.close()


@contextmanager
def _client_for(compute: ComputeParams) -> Iterator[Any]:
    """The enclosing :func:`cluster_session`'s client, else a cluster for this step alone."""
    session = next((s for s in reversed(_SESSIONS) if s.compute == compute), None)
    if session is not None:
        yield session.client()
    else:
        with dask_client(compute) as client:
            yield client


def _computed(fn: Callable[..., Any], path: str | None, shard: Any, *context: Any) -> Any:
    """``fn(shard, *context)`` on a worker with its CPU seconds; with ``path`` (a LocalCluster,
    whose workers share the stage's file system) the worker writes the cache entry itself and
    returns only its size, so the driver neither receives nor pickles the result again."""
    t0 = time.process_time()
    result = fn(shard, *context)
    if path is None:
        return result, time.process_time() - t0, os.getpid(), 0
    size = _store(Path(path), result)
    return None, time.process_time() - t0, os.getpid(), size


def run_step(
    step: Step,
    inputs: Sequence[T],
    keys: Sequence[str],
    context: Sequence[Any] | Callable[[], Sequence[Any]],
    root: Path,
    compute: ComputeParams,
    sizes: Sequence[int] | None = None,
    costs: Sequence[float] | None = None,
) -> list[R]:
    """``step.fn(inputs[i], *context)`` for every shard, from the cache where its key is there.

    ``keys`` are the shards' input content hashes; ``sizes`` their article counts (to decide
    whether a cluster is worth starting); ``costs`` an estimate of their work (default
    ``sizes``): on a cluster the costliest shards start first, so that no large shard is left
    running alone at the end. ``context`` may be a function returning it, called
    only if a shard is computed (a model that is slow to load is not loaded for a cached run).
    Results are returned in the order of ``inputs``; the cache keeps exactly the entries of
    this run for this step. On a LocalCluster the workers write the cache entries and the
    driver reads them once every shard is done (it stays idle while the workers compute). The
    log's "computed" line carries the step's CPU accounting (``extra["shard_stats"]``).
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
            results[i] = _load(path)
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
    t0, cpu0 = time.perf_counter(), time.process_time()
    local = compute.scheduler == "synchronous" or work < compute.min_parallel_articles
    if todo and callable(context):
        context = context()
    task_cpu: dict[int, float] = {}
    workers: dict[int, int] = {}
    stored: dict[int, int] = {}
    if todo and local:
        for i in todo:
            c = time.process_time()
            results[i] = step.fn(inputs[i], *context)
            task_cpu[i] = time.process_time() - c
            stored[i] = _store(cache / f"{full[i]}.pkl", results[i])
    elif todo:
        from distributed import as_completed

        here = compute.scheduler == "local"
        with _client_for(compute) as client:
            shared = client.scatter(list(context), broadcast=True) if context else []
            cost = costs if costs is not None else sizes if sizes is not None else [0] * len(full)
            ranked = sorted(todo, key=lambda i: -cost[i])  # largest first (stable: ties in order)
            futures = {
                client.submit(
                    _computed,
                    step.fn,
                    str(cache / f"{full[i]}.pkl") if here else None,
                    inputs[i],
                    *shared,
                    key=f"{step.name}-{full[i]}",
                    priority=len(ranked) - rank,
                ): i
                for rank, i in enumerate(ranked)
            }
            for future in as_completed(futures):
                i = futures[future]
                value, task_cpu[i], workers[i], stored[i] = future.result()
                future.release()
                if not here:
                    results[i] = value
                    stored[i] = _store(cache / f"{full[i]}.pkl", value)
            del shared
        if here:
            for i in todo:
                results[i] = _load(cache / f"{full[i]}.pkl")
    if todo:
        wall, driver = time.perf_counter() - t0, time.process_time() - cpu0
        stats = {
            "step": step.name,
            "shards": len(inputs),
            "computed": len(todo),
            "articles": [sizes[i] for i in todo] if sizes is not None else [],
            "wall_s": wall,
            "driver_cpu_s": driver,
            "task_cpu_s": [task_cpu[i] for i in todo],
            "task_worker": [workers.get(i, os.getpid()) for i in todo],
            "result_bytes": [stored[i] for i in todo],
        }
        if log.isEnabledFor(logging.DEBUG):  # measuring only: pickles every input once more
            stats["input_bytes"] = [
                len(pickle.dumps(inputs[i], protocol=pickle.HIGHEST_PROTOCOL)) for i in todo
            ]
        log.info(
            "%s: computed %d shards in %.1f s (%s; driver %.1f CPU s, shards %.1f CPU s)",
            step.name,
            len(todo),
            wall,
            "in process" if local else f"on Dask, {compute.scheduler}",
            driver,
            sum(task_cpu.values()),
            extra={"shard_stats": stats},
        )
    keep = {f"{k}.pkl" for k in full}
    for old in cache.glob("*.pkl"):
        if old.name not in keep:
            old.unlink()
    return results


def _load(path: Path) -> Any:
    with path.open("rb") as f:
        return pickle.load(f)  # noqa: S301 (our own cache, written by _store)


def _store(path: Path, value: Any) -> int:
    """Write one cache entry atomically; its size in bytes."""
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with tmp.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    size = tmp.stat().st_size
    tmp.replace(path)
    return size


def split_frame(df: pd.DataFrame, shards: int) -> list[pd.DataFrame]:
    """``df``'s rows by shard of ``doc_id`` (every shard, empty ones included), order kept."""
    return _split(df, np.asarray(shard_of(df["doc_id"].tolist(), shards), np.int64), shards)


def split_by_docs(df: pd.DataFrame, doc_shard: dict[str, int], shards: int) -> list[pd.DataFrame]:
    """``df``'s rows by the shard of their ``doc_id`` in ``doc_shard`` (rows of others dropped)."""
    codes = df["doc_id"].map(doc_shard).fillna(-1).astype("int64").to_numpy()
    return _split(df, codes, shards)


def _split(df: pd.DataFrame, codes: np.ndarray, shards: int) -> list[pd.DataFrame]:
    """The rows of each shard ``0 … shards-1`` in ``codes`` (others dropped), in their order:
    one stable sort, not one pass over the table per shard."""
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(shards + 1))
    return [df.iloc[order[bounds[s] : bounds[s + 1]]] for s in range(shards)]
