"""Evaluation figures of every stage (``reports/metrics/<stage>.json``) as readable tables."""

from __future__ import annotations

from typing import Any

SCORE_KEYS = ("precision", "recall", "f1", "accuracy", "macro_f1")
COUNT_KEYS = ("n", "tp", "fp", "fn")


def _is_scores(d: Any) -> bool:
    return isinstance(d, dict) and any(k in d and _number(d[k]) for k in SCORE_KEYS)


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _walk(node: Any, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], Any]]:
    """Every (path, value) in a nested dict, depth first in key order (dicts themselves too)."""
    out = [(path, node)]
    if isinstance(node, dict):
        for k in sorted(node, key=str):
            out.extend(_walk(node[k], (*path, str(k))))
    return out


def score_rows(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per scored evaluation: stage, what was scored, counts and scores.

    A scored evaluation is any object holding one of precision/recall/f1/accuracy/macro_f1.
    """
    rows = []
    for stage in sorted(metrics):
        for path, node in _walk(metrics[stage], ()):
            if _is_scores(node):
                rows.append(
                    {
                        "stage": stage,
                        "measure": " › ".join(path) or "(all)",
                        **{k: node.get(k) for k in COUNT_KEYS if _number(node.get(k))},
                        **{k: node.get(k) for k in SCORE_KEYS if _number(node.get(k))},
                    }
                )
    return rows


def confusions(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """Confusion matrices (``labels`` + ``confusion``): rows are gold labels, columns predicted."""
    out = []
    for stage in sorted(metrics):
        for path, node in _walk(metrics[stage], ()):
            if (
                isinstance(node, dict)
                and isinstance(node.get("labels"), list)
                and isinstance(node.get("confusion"), list)
                and len(node["confusion"]) == len(node["labels"])
            ):
                out.append(
                    {
                        "stage": stage,
                        "measure": " › ".join(path),
                        "labels": [str(x) for x in node["labels"]],
                        "matrix": node["confusion"],
                    }
                )
    return out


def error_lists(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """Lists of disagreements with the gold set (``errors``: a list of flat objects)."""
    out = []
    for stage in sorted(metrics):
        for path, node in _walk(metrics[stage], ()):
            if (
                path
                and path[-1] == "errors"
                and isinstance(node, list)
                and node
                and all(isinstance(e, dict) for e in node)
            ):
                columns = sorted({k for e in node for k in e}, key=str)
                out.append(
                    {
                        "stage": stage,
                        "measure": " › ".join(path),
                        "columns": columns,
                        "rows": node,
                    }
                )
    return out


def scalar_rows(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """Every other number or string (counts, versions), with its path; scored objects excluded."""
    rows = []
    for stage in sorted(metrics):
        skip: list[tuple[str, ...]] = []
        for path, node in _walk(metrics[stage], ()):
            if any(path[: len(p)] == p for p in skip):
                continue
            if _is_scores(node) or (path and path[-1] in ("errors", "confusion", "labels")):
                skip.append(path)
                continue
            if isinstance(node, str | int | float | bool) or node is None:
                rows.append({"stage": stage, "key": " › ".join(path), "value": node})
    return rows


TEST_ARTICLE_MEASURES = ("alignment", "framing")
ERROR_COLUMNS = ("file", "gold", "predicted")


def held_out_articles(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """Article alignment and framing on the development corpus's ``test`` pages, as the
    evaluate stage wrote them (``evaluation › test › stance › <measure>``): its confusion matrix
    (rows gold, columns predicted) and the pages it got wrong (file, gold, predicted). Nothing
    is recomputed; a measure evaluate did not write is left out."""
    stance = ((metrics.get("evaluation") or {}).get("test") or {}).get("stance") or {}
    out = []
    for measure in TEST_ARTICLE_MEASURES:
        node = stance.get(measure)
        if not isinstance(node, dict) or not isinstance(node.get("confusion"), list):
            continue
        errors = node.get("errors") or []
        out.append(
            {
                "measure": measure,
                "path": f"test › stance › {measure}",
                "n": node.get("n"),
                "accuracy": node.get("accuracy"),
                "macro_f1": node.get("macro_f1"),
                "labels": [str(x) for x in node.get("labels", [])],
                "matrix": node["confusion"],
                "errors": [{c: e.get(c) for c in ERROR_COLUMNS} for e in errors],
            }
        )
    return out
