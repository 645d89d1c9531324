"""Stage wiring, declared once in ``dvc.yaml`` and checked against the notebooks and the code.

``dvc.yaml`` is the single source of what each stage runs, reads and writes (as in DVC's
example-get-started). Everything else is derived from it or checked against it:

- the runner (:mod:`pipeline.run`) takes the stage list, notebook and params sections from it;
- each notebook's ``parameters`` cell must name exactly the stage's data deps and outputs
  (every path-valued parameter is one of them, and every one of them is a parameter), except
  the executed notebook and its HTML export, which the runner writes and which must be outs;
- the stage's ``pipeline/`` deps must cover every module the notebook and the runner import,
  transitively, and each listed module must be imported (no stale deps).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.config import load_yaml

RUNNER = "pipeline.run"
# Where the runner writes each stage's executed notebook and its HTML export
# (pipeline.run.EXECUTED_DIR): both are outputs of the stage, so a cache restore brings the
# notebooks of the same run as the data beside them.
EXECUTED_DIR = "reports/notebooks"
CMD = "python -m pipeline.run {name}"


@dataclass(frozen=True)
class Stage:
    """One stage of ``dvc.yaml``: its notebook, params, code deps, data deps and outputs."""

    name: str
    notebook: str
    params: tuple[str, ...]
    code: tuple[str, ...]
    data: tuple[str, ...]
    outputs: tuple[str, ...]
    cmd: str

    @property
    def sections(self) -> tuple[str, ...]:
        """The ``params.yaml`` sections the stage tracks (``entities.blocs`` → ``entities``)."""
        return tuple(dict.fromkeys(p.split(".")[0] for p in self.params))


def _path(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def load_stages(root: Path) -> dict[str, Stage]:
    """Every stage of ``root/dvc.yaml``, in file order."""
    spec = load_yaml((root / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    out = {}
    for name, s in spec.items():
        deps = [_path(d) for d in s.get("deps", [])]
        notebooks = [d for d in deps if d.startswith("notebooks/") and d.endswith(".py")]
        outs = [_path(o) for key in ("outs", "metrics", "plots") for o in s.get(key, [])]
        params = []
        for p in s.get("params", []):
            params.extend(p if isinstance(p, list) else [p] if isinstance(p, str) else list(p))
        out[name] = Stage(
            name=name,
            notebook=notebooks[0] if len(notebooks) == 1 else "",
            params=tuple(params),
            code=tuple(d for d in deps if d.startswith("pipeline/")),
            data=tuple(d for d in deps if not d.startswith(("pipeline/", "notebooks/"))),
            outputs=tuple(outs),
            cmd=str(s.get("cmd", "")),
        )
    return out


def parameters_cell(path: Path) -> dict[str, Any]:
    """The literal assignments of a jupytext notebook's ``parameters`` cell."""
    import jupytext

    nb = jupytext.read(path)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    if len(cells) != 1:
        raise ValueError(f"{path}: needs exactly one cell tagged 'parameters', has {len(cells)}")
    out = {}
    for node in ast.parse(cells[0].source).body:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    out[t.id] = ast.literal_eval(node.value)
    return out


def path_parameters(values: dict[str, Any]) -> set[str]:
    """The repository paths among parameter values (strings with a '/', or lists of them)."""
    found: set[str] = set()
    for v in values.values():
        for item in v if isinstance(v, list) else [v]:
            if isinstance(item, str) and "/" in item and "://" not in item:
                found.add(item)
    return found


def _module_file(root: Path, module: str) -> Path | None:
    base = root.joinpath(*module.split("."))
    for p in (base.with_suffix(".py"), base / "__init__.py"):
        if p.is_file():
            return p
    return None


def _imports(tree: ast.AST, package: str) -> set[str]:
    """``pipeline.*`` modules a parsed file imports (``from x import y`` may import y itself)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                mod = f"{base}.{node.module}" if node.module else base
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names)
    return {m for m in found if m == "pipeline" or m.startswith("pipeline.")}


@cache
def _closure_cached(root: Path, roots: tuple[str, ...]) -> frozenset[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        mod = todo.pop()
        path = _module_file(root, mod)
        if path is None or mod in seen:
            continue
        seen.add(mod)
        parts = mod.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))  # parent packages
        package = mod if path.name == "__init__.py" else ".".join(parts[:-1])
        todo.extend(_imports(ast.parse(path.read_text(encoding="utf-8")), package))
    return frozenset(
        _module_file(root, m).relative_to(root).as_posix()  # type: ignore[union-attr]
        for m in seen
    )


def module_files(root: Path, modules: tuple[str, ...]) -> set[str]:
    """Files under ``pipeline/`` (relative to ``root``) that ``modules`` are or import."""
    return set(_closure_cached(root.resolve(), tuple(sorted(modules))))


def imported_files(root: Path, notebook: str) -> set[str]:
    """Files under ``pipeline/`` that the notebook and the runner import, transitively."""
    source = (root / notebook).read_text(encoding="utf-8")
    roots = tuple(sorted(_imports(ast.parse(source), "") | {RUNNER}))
    return set(_closure_cached(root.resolve(), roots))


def _covers(dep: str, file: str) -> bool:
    return file == dep or file.startswith(dep.rstrip("/") + "/")


def executed_outputs(stage: Stage) -> tuple[str, str]:
    """The executed notebook and its HTML export that the runner writes for ``stage``."""
    stem = Path(stage.notebook).stem
    return (f"{EXECUTED_DIR}/{stem}.ipynb", f"{EXECUTED_DIR}/{stem}.html")


def stage_problems(root: Path, stage: Stage, imports: bool = True) -> list[str]:
    """How ``stage`` disagrees with its notebook and (``imports``) the code it imports."""
    where = f"dvc.yaml stage '{stage.name}'"
    if stage.cmd != CMD.format(name=stage.name):
        return [f"{where}: cmd must be '{CMD.format(name=stage.name)}'"]
    if not stage.notebook:
        return [f"{where}: needs exactly one notebooks/*.py dep"]
    out = []
    executed = set(executed_outputs(stage))
    for p in sorted(executed - set(stage.outputs)):
        out.append(f"{where}: the runner writes {p}, which is not an out")
    declared = path_parameters(parameters_cell(root / stage.notebook))
    wired = (set(stage.data) | set(stage.outputs)) - executed
    for p in sorted(declared - wired):
        if not any(_covers(w, p) for w in wired):  # a file inside a folder dep is wired
            out.append(f"{where}: {stage.notebook} reads or writes {p}, not a dep or out")
    for p in sorted(wired - declared):
        out.append(f"{where}: {p} is a dep or out that {stage.notebook} has no parameter for")
    if not imports:
        return out
    used = imported_files(root, stage.notebook)
    for f in sorted(used):
        if not any(_covers(d, f) for d in stage.code):
            out.append(f"{where}: imports {f}, which is not in its deps")
    for d in stage.code:
        if not any(_covers(d, f) for f in used):
            out.append(f"{where}: lists {d} in its deps, but imports nothing from it")
    return out


def problems(root: Path) -> list[str]:
    """Every wiring problem of every stage."""
    return [p for s in load_stages(root).values() for p in stage_problems(root, s)]
