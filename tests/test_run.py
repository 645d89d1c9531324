import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.run import export_html, run_stage, scrub, stages, tracked_params


def test_runner_takes_its_stages_from_dvc_yaml(root: Path) -> None:
    spec = yaml.safe_load((root / "dvc.yaml").read_text())["stages"]
    assert list(stages(root)) == list(spec)
    produced = {o for st in stages(root).values() for o in st.outputs}
    for name, s in stages(root).items():
        for dep in set(s.data) - produced:  # sources must be in the repository
            assert (root / dep).exists(), f"{name}: missing dependency {dep}"


def test_params_injected_are_exactly_the_tracked_keys(root: Path) -> None:
    from pipeline.config import load_params

    p = load_params(root / "params.yaml")
    evaluate = stages(root)["evaluate"]
    got = tracked_params(p, evaluate)
    assert set(got) == {"clean", "stance", "entities"}  # clean: the leave-one-outlet-out runs
    assert set(got["entities"]) == {"blocs", "focal"}
    assert tracked_params(p, stages(root)["clean"]) == {"clean": p.clean.model_dump(mode="json")}


def test_no_stage_reads_an_executed_notebook(root: Path) -> None:
    spec = yaml.safe_load((root / "dvc.yaml").read_text())["stages"]
    for s in spec.values():
        assert not any(str(d).startswith("reports/notebooks") for d in s["deps"])


def test_scrub_removes_timestamps_and_paths() -> None:
    nb = {
        "metadata": {
            "papermill": {
                "start_time": "t",
                "end_time": "t",
                "duration": 1.0,
                "input_path": "/abs/in",
                "output_path": "/abs/out",
                "parameters": {"a": 1},
            }
        },
        "cells": [
            {
                "metadata": {
                    "papermill": {"duration": 1},
                    "execution": {"iopub": "t"},
                    "tags": ["parameters"],
                }
            }
        ],
    }
    out = scrub(nb)
    assert out["metadata"]["papermill"] == {"parameters": {"a": 1}}
    assert out["cells"][0]["metadata"] == {"tags": ["parameters"]}


def _params_cell(root: Path) -> str:
    """The real clean notebook's parameters cell (its paths must match dvc.yaml)."""
    text = (root / "notebooks/01_clean.py").read_text()
    start = text.index('# %% tags=["parameters"]')
    return text[start : text.index("# %%", start + 5)]


def _project(tmp_path: Path, root: Path, body: str) -> Path:
    shutil.copy(root / "params.yaml", tmp_path / "params.yaml")
    shutil.copy(root / "dvc.yaml", tmp_path / "dvc.yaml")
    (tmp_path / "pipeline").symlink_to(root / "pipeline")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_clean.py").write_text(_params_cell(root) + body)
    return tmp_path


def test_failing_cell_exits_non_zero_with_its_error(tmp_path: Path, root: Path, caplog) -> None:
    proj = _project(tmp_path, root, "# %%\nx = 1\n\n# %%\n1 / 0\n")
    with caplog.at_level(logging.ERROR):
        assert run_stage("clean", proj) == 1
    assert "failed in cell 3 of notebooks/01_clean.py (1 / 0)" in caplog.text
    assert "ZeroDivisionError: division by zero" in caplog.text
    html = (proj / "reports/notebooks/01_clean.html").read_text()
    assert "ZeroDivisionError" in html
    assert str(tmp_path) not in (proj / "reports/notebooks/01_clean.ipynb").read_text()


def test_bad_params_stop_before_any_work(tmp_path: Path, root: Path, caplog) -> None:
    proj = _project(tmp_path, root, "")
    (proj / "params.yaml").write_text("clean:\n  min_words: -3\n  colour: red\n")
    with caplog.at_level(logging.ERROR):
        assert run_stage("clean", proj) == 2
    assert "clean.min_words" in caplog.text and "clean.colour: unknown key" in caplog.text
    assert not (proj / "reports").exists()


def test_successful_stage_injects_the_tracked_params(tmp_path: Path, root: Path) -> None:
    body = (
        "# %%\nfrom pathlib import Path\n"
        "Path('out.txt').write_text(f\"{params['clean']['min_words']} {articles_path}\")\n"
    )
    proj = _project(tmp_path, root, body)
    assert run_stage("clean", proj) == 0
    assert (proj / "out.txt").read_text() == "40 data/interim/articles.parquet"


def test_a_stage_writes_no_kernel_noise_to_stderr(tmp_path: Path, root: Path) -> None:
    body = "# %%\nimport time\n\nfor _ in range(3):\n    time.sleep(0.2)\n\n# %%\n1 + 1\n"
    proj = _project(tmp_path, root, body)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.run", "clean"],
        cwd=proj,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "stage 'clean' done" in done.stderr  # the runner's own log still reaches stderr
    for noise in ("without encryption", "KeyboardInterrupt", "IPKernelApp"):
        assert noise not in done.stderr + done.stdout


def test_a_notebook_that_drifted_from_dvc_yaml_does_not_run(
    tmp_path: Path, root: Path, caplog
) -> None:
    proj = _project(tmp_path, root, '# %%\nextra_path = "data/elsewhere.csv"\n')
    text = (proj / "notebooks/01_clean.py").read_text()
    (proj / "notebooks/01_clean.py").write_text(
        text.replace('raw_dir = "data/raw"', 'raw_dir = "data/other"')
    )
    with caplog.at_level(logging.ERROR):
        assert run_stage("clean", proj) == 2
    assert "reads or writes data/other, not a dep or out" in caplog.text
    assert "data/raw is a dep or out that notebooks/01_clean.py has no parameter for" in caplog.text
    assert not (proj / "reports").exists()


def test_stage_notebooks_exist(root: Path) -> None:
    for stage in stages(root).values():
        assert (root / stage.notebook).exists()


def test_export_is_offline_and_titled_by_the_notebook(tmp_path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Stance")])
    html = export_html(nb, tmp_path / "03_stance.html").read_text(encoding="utf-8")
    assert "<title>03_stance</title>" in html
    assert "Content-Security-Policy" in html
    assert "cdnjs" not in html and "require.js" not in html and "mathjax" not in html.lower()


def test_the_exporter_made_in_the_background_exports_the_same_bytes(tmp_path: Path) -> None:
    """The runner makes (and warms up) the exporter in a thread while the kernel runs; its
    export of a notebook is the one a fresh exporter makes."""
    import nbformat

    from pipeline.run import ExporterInBackground

    code = nbformat.v4.new_code_cell("x = 1  # a comment", execution_count=1)
    code.outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Stance\n*x*"), code],
        metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"}},
    )
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    fresh = export_html(nb, tmp_path / "a" / "03_stance.html").read_bytes()
    warmed = export_html(nb, tmp_path / "b" / "03_stance.html", ExporterInBackground().get())
    assert warmed.read_bytes() == fresh and b"a comment" in fresh


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def _start_stage(proj: Path) -> subprocess.Popen:
    """``python -m pipeline.run clean`` in ``proj``, its output piped."""
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.run", "clean"],
        cwd=proj,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kernels_of(runner: int) -> list[int]:
    """Live ipykernel processes started by the runner ``runner`` (their JPY_PARENT_PID)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            environ = (proc / "environ").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:  # gone, or another user's
            continue
        mine = f"JPY_PARENT_PID={runner}".encode() in environ
        if b"ipykernel" in cmdline and mine and state != "Z":
            found.append(int(proc.name))
    return found


_WRITER = (
    "# %%\nimport time\nfrom pathlib import Path\n\n"
    "for i in range(1200):\n    Path('out.txt').write_text(str(i))\n    time.sleep(0.05)\n"
)


def _wait_for(path: Path, proc: subprocess.Popen, timeout: float = 180) -> None:
    import time

    start = time.monotonic()
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() - start < timeout, "the notebook never started writing"
        time.sleep(0.1)
    time.sleep(0.5)  # the kernel is in the middle of its work


def _assert_nothing_runs_or_writes(proj: Path, runner: int) -> None:
    import time

    assert _kernels_of(runner) == []
    written = (proj / "out.txt").read_text()
    time.sleep(1.5)
    assert (proj / "out.txt").read_text() == written  # nothing writes after the stage ended


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_stage_killed_with_sigterm_ends_its_kernel(tmp_path: Path, root: Path) -> None:
    import signal

    proj = _project(tmp_path, root, _WRITER)
    proc = _start_stage(proj)
    _wait_for(proj / "out.txt", proc)
    assert _kernels_of(proc.pid)  # the kernel is found while it runs
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "stopped by SIGTERM; the stage's kernel was ended" in err
    _assert_nothing_runs_or_writes(proj, proc.pid)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG, /proc")
def test_a_stage_whose_parent_is_killed_ends_with_its_kernel(tmp_path: Path, root: Path) -> None:
    """DVC killed with SIGKILL (here a Python parent standing in for it): nothing survives."""
    import signal
    import time

    proj = _project(tmp_path, root, _WRITER)
    (proj / "parent.py").write_text(
        "import subprocess, sys\n"
        "child = subprocess.Popen([sys.executable, '-m', 'pipeline.run', 'clean'])\n"
        "open('runner.pid', 'w').write(str(child.pid))\nchild.wait()\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "parent.py"],
        cwd=proj,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for(proj / "out.txt", parent)
    runner = int((proj / "runner.pid").read_text())
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=30)
    deadline = time.monotonic() + 30
    while Path(f"/proc/{runner}").exists() and time.monotonic() < deadline:
        stat = Path(f"/proc/{runner}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if stat == "Z":
            break
        time.sleep(0.1)
    assert not Path(f"/proc/{runner}").exists() or "Z" in Path(f"/proc/{runner}/stat").read_text()
    _assert_nothing_runs_or_writes(proj, runner)


def test_a_kernel_is_not_interrupted_when_it_shuts_down() -> None:
    """jupyter_client sends SIGINT before a shutdown; an idle ipykernel then logs
    "KeyboardInterrupt caught in kernel" after a successful stage. The stage's kernel is not."""
    import asyncio
    import signal

    from pipeline.run import StageKernelManager

    async def signals_sent() -> list[int]:
        km = StageKernelManager(kernel_name="python3")
        await km.start_kernel(extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
        sent: list[int] = []
        send = km.provisioner.send_signal

        async def record(signum: int) -> None:
            sent.append(signum)
            await send(signum)

        km.provisioner.send_signal = record
        await km.interrupt_kernel()  # an interrupt asked for while it runs still goes through
        await km.shutdown_kernel()
        return sent

    assert asyncio.run(signals_sent()) == [signal.SIGINT]


def test_a_stage_shows_its_progress_in_the_terminal_not_in_the_notebook(
    tmp_path: Path, root: Path
) -> None:
    body = (
        "# %%\nimport time\nfrom pipeline.progress import bar\n\n"
        "for _ in bar(range(4), desc='slow work', unit='doc'):\n    time.sleep(0.1)\n"
        "print('done')\n"
    )
    proj = _project(tmp_path, root, body)
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.run", "clean"],
        cwd=proj,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "slow work: 100%" in done.stderr and "4/4" in done.stderr  # the kernel's bar
    assert "clean cells:" in done.stderr  # the runner's bar over the notebook's cells
    import nbformat

    executed = nbformat.read(proj / "reports/notebooks/01_clean.ipynb", as_version=4)
    outputs = [o for c in executed.cells for o in c.get("outputs", [])]
    assert [o["text"] for o in outputs if o.get("name") == "stdout"] == ["done\n"]
    assert not [o for o in outputs if o.get("name") == "stderr"]  # no bar in the record
    assert "doc/s" not in (proj / "reports/notebooks/01_clean.html").read_text()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_successful_stage_leaves_no_kernel_and_its_record_of_every_cell(
    tmp_path: Path, root: Path
) -> None:
    """The kernel is killed once the last cell ran (no graceful shutdown to wait for); the
    executed notebook written from papermill's result holds every cell's output."""
    import nbformat

    body = "# %%\nprint('first')\n\n# %%\nfrom pathlib import Path\n"
    body += "Path('out.txt').write_text('x')\n\n# %%\nprint('last')\n"
    proj = _project(tmp_path, root, body)
    proc = _start_stage(proj)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert _kernels_of(proc.pid) == []
    assert (proj / "out.txt").read_text() == "x"
    executed = nbformat.read(proj / "reports/notebooks/01_clean.ipynb", as_version=4)
    printed = [o["text"] for c in executed.cells for o in c.get("outputs", []) if "text" in o]
    assert printed == ["first\n", "last\n"]
    assert "papermill" in executed.metadata and "duration" not in executed.metadata["papermill"]
