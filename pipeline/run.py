"""One runner for every stage: ``python -m pipeline.run <stage>``.

Validates ``params.yaml``, executes the stage notebook (``notebooks/NN_stage.py``, jupytext
percent format) with papermill, injecting the stage's params section and its input/output paths,
then writes the executed notebook and an offline HTML export to ``reports/notebooks/``. Exits
non-zero with the failing cell's error when a cell raises.

The kernel ends with its stage: SIGTERM, SIGINT or SIGHUP to the runner kill the kernel's
process group before the runner exits (128 + the signal), the runner receives SIGTERM when its
parent (DVC) dies, and the kernel SIGKILL when the runner dies (Linux ``PR_SET_PDEATHSIG``).
Progress bars (the cells, and :mod:`pipeline.progress` bars of long work in the kernel) are
drawn on the runner's stderr, never stored in the executed notebook.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from pipeline.config import Params, ParamsError, load_params
from pipeline.progress import PROGRESS_FD
from pipeline.wiring import Stage, load_stages, stage_problems

log = logging.getLogger("pipeline.run")

EXECUTED_DIR = "reports/notebooks"
# The kernel logs only critical errors to the stage's stderr: otherwise every stage prints
# ipykernel's "Kernel is running over TCP without encryption" (the kernel listens on localhost
# only). A failing cell is reported from the executed notebook, not from the kernel's log.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
# Once the last cell has run and its outputs are in the notebook, the kernel holds nothing to
# save: it is killed, not asked to shut down (a graceful shutdown waited 0.3-0.7 s per stage).
KERNEL_SHUTDOWN = "immediate"
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(sig: int) -> bool:
    """Ask Linux to send ``sig`` to this process when its parent dies; False elsewhere.

    Exits at once if the parent is already gone (the request would then never fire).
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0) != 0:
        return False
    if os.getppid() != parent:
        os._exit(128 + sig)
    return True


# pids of the running kernels: each leads its own process group (jupyter_client starts it in a
# new session), which the stop handler kills whole
_KERNELS: set[int] = set()


@functools.cache
def stage_kernel_manager() -> type:
    """The kernel manager class of a stage run (:class:`StageKernelManager`). Built on first use:
    the stage notebooks import this module (``project_root``, ``stages``) and need no
    jupyter_client in their kernel."""
    from jupyter_client.manager import AsyncKernelManager

    class StageKernelManager(AsyncKernelManager):
        """The kernel of one stage run: it dies with the runner, gets the runner's stderr for
        progress bars, and is not interrupted on a normal shutdown.

        jupyter_client interrupts (SIGINT) a kernel before asking it to shut down; an idle ipykernel
        then logs "KeyboardInterrupt caught in kernel" after a run that succeeded. A stage's kernel
        has nothing to interrupt once the last cell has run, so shutdown skips it.
        """

        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            progress = os.dup(2)
            kw["env"] = {**kw.get("env", os.environ), PROGRESS_FD: str(progress)}
            kw["pass_fds"] = (*kw.get("pass_fds", ()), progress)
            kw["preexec_fn"] = _kernel_preexec
            try:
                await super()._async_launch_kernel(kernel_cmd, **kw)
            finally:
                os.close(progress)  # the kernel holds its own copy
            if self.provisioner is not None and getattr(self.provisioner, "pid", None):
                _KERNELS.add(int(self.provisioner.pid))  # type: ignore[attr-defined]

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            if self.provisioner is not None and getattr(self.provisioner, "pid", None):
                _KERNELS.discard(int(self.provisioner.pid))  # type: ignore[attr-defined]
            await super()._async_cleanup_resources(restart=restart)

    return StageKernelManager


def __getattr__(name: str) -> Any:
    """``pipeline.run.StageKernelManager``, made on first access (:func:`stage_kernel_manager`)."""
    if name == "StageKernelManager":
        return stage_kernel_manager()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _kernel_preexec() -> None:
    """In the kernel's process before it runs: die (SIGKILL) when the runner dies."""
    die_with_parent(signal.SIGKILL)


def end_kernels() -> None:
    """Kill every running kernel's process group and reap it."""
    for pid in sorted(_KERNELS):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        _KERNELS.discard(pid)


def _stop(signum: int, _frame: FrameType | None) -> None:
    """Signal handler: end the kernel with the stage, say so, exit 128 + the signal."""
    end_kernels()
    name = signal.Signals(signum).name
    os.write(2, f"ERROR pipeline.run: stopped by {name}; the stage's kernel was ended\n".encode())
    os._exit(128 + signum)


@contextlib.contextmanager
def kernel_ends_with_stage() -> Iterator[None]:
    """While the block runs, SIGTERM/SIGINT/SIGHUP end the kernel and the runner."""
    previous: dict[int, Callable[..., Any] | int | None] = {}
    for sig in STOP_SIGNALS:
        previous[sig] = signal.signal(sig, _stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


def stages(root: Path | None = None) -> dict[str, Stage]:
    """The stages of ``dvc.yaml`` (the single source of the wiring; see :mod:`pipeline.wiring`)."""
    return load_stages(root or project_root(Path(__file__).parent))


def tracked_params(params: Params, stage: Stage) -> dict[str, Any]:
    """The params the stage tracks in ``dvc.yaml``, as the notebook's ``params`` value.

    A mapping of exactly the keys it tracks (``entities.blocs`` → ``{"entities": {"blocs":
    ...}}``), so a notebook cannot depend on a value DVC does not track for it.
    """
    data = params.model_dump(mode="json")
    out: dict[str, Any] = {}
    for key in stage.params:
        parts = key.split(".")
        value: Any = data
        for part in parts:
            value = value[part]
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def project_root(start: Path | None = None) -> Path:
    """The directory holding ``dvc.yaml`` (searched upwards from ``start`` or the cwd)."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / "dvc.yaml").exists() and (d / "pipeline").is_dir():
            return d
    raise FileNotFoundError(f"no dvc.yaml found above {here}")


def scrub(nb: dict) -> dict:
    """Remove run timestamps, durations and absolute paths from an executed notebook."""
    meta = nb.get("metadata", {})
    pm = meta.get("papermill", {})
    for key in (
        "start_time",
        "end_time",
        "duration",
        "input_path",
        "output_path",
        "environment_variables",
        "exception",
    ):
        pm.pop(key, None)
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    return nb


_ADDED_TAGS = {"injected-parameters", "papermill-error-cell-tag"}


def failed_cell(nb: dict) -> tuple[int, str]:
    """1-based position of the failing cell in the stage notebook, and its first source line."""
    position = 0
    for cell in nb.get("cells", []):
        if _ADDED_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        position += 1
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            lines = str(cell.get("source", "")).strip().splitlines() or [""]
            return position, lines[0][:80]
    return 0, ""


def _warm_up_notebook() -> Any:
    """A notebook with what every stage notebook has (markdown, code, a table, a plot's PNG,
    the IPython lexer): exporting it once loads the lazy imports and compiles the regular
    expressions (pygments, bleach, BeautifulSoup) that made a stage's first export slow."""
    from nbformat import v4

    png = (  # a 1×1 PNG
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5E"
        "rkJggg=="
    )
    out = v4.new_output(
        "display_data", data={"text/plain": "t", "text/html": "<table><tr><td>1</td></tr></table>"}
    )
    image = v4.new_output("display_data", data={"text/plain": "f", "image/png": png})
    return v4.new_notebook(
        cells=[v4.new_markdown_cell("# t\n`x`"), v4.new_code_cell("x = 1", outputs=[out, image])],
        metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"}},
    )


def html_exporter() -> Any:
    """nbconvert's HTML exporter with the offline template (inline CSS and images, no
    require.js or MathJax from a CDN), its template already loaded."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="haluan_offline",
        extra_template_basedirs=[str(Path(__file__).parent / "report" / "nbconvert")],
        embed_images=True,
    )
    exporter.template  # noqa: B018 (loads and compiles the template now)
    # imports and compiles what a first export needs; the exporter keeps no state of it
    exporter.from_notebook_node(_warm_up_notebook())
    return exporter


class ExporterInBackground:
    """:func:`html_exporter`, made in a thread while the kernel runs the notebook (the runner
    only waits then): importing nbconvert and loading its template no longer add to a stage."""

    def __init__(self) -> None:
        self._made: dict[str, Any] = {}
        self._thread = threading.Thread(target=self._make, name="html-exporter", daemon=True)
        self._thread.start()

    def _make(self) -> None:
        try:
            self._made["exporter"] = html_exporter()
        except BaseException as err:  # re-raised in the caller's thread by get()
            self._made["error"] = err

    def get(self) -> Any:
        self._thread.join()
        if "error" in self._made:
            raise self._made["error"]
        return self._made["exporter"]


def export_html(nb: dict, path: Path, exporter: Any = None) -> Path:
    """Offline HTML export (:func:`html_exporter`, or ``exporter`` if already made).

    The page title is the notebook's file stem (``03_stance``).
    """
    exporter = exporter or html_exporter()
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    path.write_text(body, encoding="utf-8")
    return path


def run_stage(name: str, root: Path) -> int:
    """Execute one stage notebook; return a process exit code."""
    import jupytext
    import nbformat
    import papermill as pm

    stage = stages(root)[name]
    try:
        params = load_params(root / "params.yaml")
    except ParamsError as err:
        log.error("%s", err)
        return 2
    drift = stage_problems(root, stage, imports=False)  # imports: tests/test_wiring.py
    if drift:
        log.error("stage '%s' is not wired as dvc.yaml says:\n  %s", name, "\n  ".join(drift))
        return 2
    nb = jupytext.read(root / stage.notebook)
    out_dir = root / EXECUTED_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    out_nb = out_dir / f"{Path(stage.notebook).stem}.ipynb"
    parameters = {"params": tracked_params(params, stage)}
    # The kernel must be this environment's Python, whatever PATH the caller had.
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # Single-threaded BLAS in the kernel: stages are sequential and small; BLAS threads that
    # spin on a busy 2-core machine made one model fit 15x slower.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    t0 = time.perf_counter()
    exporter = ExporterInBackground()
    failure = None
    executed = None
    try:
        with kernel_ends_with_stage():
            executed = pm.execute_notebook(
                nb,
                str(out_nb),
                parameters=parameters,
                cwd=str(root),
                kernel_name="python3",
                language="python",
                progress_bar={"desc": f"{name} cells", "file": sys.stderr, "leave": False},
                log_output=False,
                request_save_on_cell_execute=False,
                extra_arguments=KERNEL_ARGUMENTS,
                kernel_manager_class=stage_kernel_manager(),
                shutdown_kernel=KERNEL_SHUTDOWN,
            )
    except pm.PapermillExecutionError as err:
        failure = err
    # papermill returns the executed notebook it wrote; after a failing cell, only the file has
    # the error cell it added
    executed = scrub(executed if failure is None else nbformat.read(out_nb, as_version=4))
    nbformat.write(executed, out_nb)
    export_html(executed, out_nb.with_suffix(".html"), exporter.get())
    if failure is not None:
        position, source = failed_cell(executed)
        log.error(
            "stage '%s' failed in cell %d of %s (%s):\n%s: %s\n(see %s)",
            name,
            position,
            stage.notebook,
            source,
            failure.ename,
            failure.evalue,
            out_nb.relative_to(root),
        )
        return 1
    log.info(
        "stage '%s' done in %.1f s → %s",
        name,
        time.perf_counter() - t0,
        ", ".join(stage.outputs),
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.run", description=__doc__.split("\n")[0]
    )
    root = project_root()
    parser.add_argument("stage", choices=sorted(stages(root)), help="stage to run")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("papermill").setLevel(logging.WARNING)
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    die_with_parent(signal.SIGTERM)  # DVC killed: the stage (and its kernel) ends too
    return run_stage(args.stage, root)


if __name__ == "__main__":
    sys.exit(main())
