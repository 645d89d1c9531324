"""A stage notebook's cells one by one, in this process: wall time, RSS after each cell and the
peak RSS while it ran (psutil, polled every 20 ms). Run it in a repository after ``dvc repro``
(e.g. ``bench/out/repro/haluan``), with the stage's outputs redirected so that nothing tracked
is touched::

    cd bench/out/repro/haluan && python ../../../notebook_steps.py notebooks/03_stance.py

The cells run in an IPython shell with the inline matplotlib backend, so displays and figures
are rendered as in the kernel (text and HTML reprs, PNGs), but nothing is saved. ``--profile``
adds a cProfile of the whole run (top functions by cumulative time). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import threading
import time
from contextlib import redirect_stdout
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


class Peak:
    """The largest RSS of this process since :meth:`reset` (a polling thread)."""

    def __init__(self) -> None:
        self.proc = psutil.Process()
        self.mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.mb = max(self.mb, self.proc.memory_info().rss / 1e6)
            self._stop.wait(0.02)

    def reset(self) -> float:
        now = self.proc.memory_info().rss / 1e6
        self.mb = now
        return now

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--profile", type=int, default=0, help="print the top N of a cProfile")
    parser.add_argument(
        "--code",
        type=Path,
        default=Path.cwd(),
        help="import pipeline/ from this checkout (default: the repository's own, as `dvc repro`"
        " runs it); shard cache keys still hash the repository's files",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    import jupytext
    from IPython.core.interactiveshell import InteractiveShell

    # the kernel's inline backend: plt.show() displays each figure as a PNG
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    shell = InteractiveShell.instance()
    cells = [c for c in jupytext.read(args.notebook).cells if c.cell_type == "code"]
    peak = Peak()
    prof = cProfile.Profile() if args.profile else None
    total, overall = time.perf_counter(), 0.0
    for n, cell in enumerate(cells):
        peak.reset()
        t0 = time.perf_counter()
        if prof:
            prof.enable()
        with redirect_stdout(io.StringIO()):
            result = shell.run_cell(cell.source, store_history=False)
        if prof:
            prof.disable()
        seconds = time.perf_counter() - t0
        after = peak.proc.memory_info().rss / 1e6
        overall = max(overall, peak.mb)
        first = next((ln for ln in cell.source.splitlines() if ln and not ln.startswith("#")), "")
        print(  # noqa: T201
            f"cell {n:2d} {seconds:6.2f} s  RSS {after:6.0f} MB  peak {peak.mb:6.0f} MB  "
            f"{first[:70]}",
            flush=True,
        )
        if not result.success:
            raise SystemExit(f"cell {n} failed: {result.error_in_exec or result.error_before_exec}")
    peak.stop()
    print(f"all cells {time.perf_counter() - total:.1f} s, peak {overall:.0f} MB")  # noqa: T201
    if prof:
        stats = pstats.Stats(prof, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
