"""The focal state's name in the report: its label in the actor dictionary (``entities.focal``)."""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.config import ParamsError
from pipeline.report.figures import BLOC_NAMES


def focal_label(focal: str, labels: Mapping[str, str]) -> str:
    """The label of entity ``focal`` (``labels``: entity id → label, from the actor dictionary)."""
    try:
        return labels[focal]
    except KeyError:
        raise ParamsError(f"entities.focal: {focal} is not in the actor dictionary") from None


def report_title(template: str, focal: str, labels: Mapping[str, str]) -> str:
    """``report.title`` with ``{focal}`` filled in (``pipeline.config`` validates the template)."""
    return template.format(focal=focal_label(focal, labels))


def focal_state(label: str | None) -> str:
    """How the report's text names the focal state: "the focal state (Azerbaijan)"."""
    return f"the focal state ({label})" if label else "the focal state"


def bloc_names(label: str | None) -> dict[str, str]:
    """Bloc names for legends and tables, the focal bloc named after the focal state."""
    return {**BLOC_NAMES, "focal": f"{label} (focal state)"} if label else dict(BLOC_NAMES)
