"""The stance lexicon (``data/lexicons/stance.yaml``): cues, negation, modality, framing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from pipeline.errors import DataFileError

_TOP = {
    "version",
    "relations",
    "negators",
    "negation_window",
    "modality",
    "modality_window",
    "framing",
    "wires",
}


@dataclass(frozen=True)
class Cue:
    text: str
    relation: str
    polarity: int
    weight: float


@dataclass(frozen=True)
class Term:
    """An evaluative framing term: sign −1 sympathetic to Russia, +1 to the West."""

    text: str
    sign: int
    weight: float


@dataclass(frozen=True)
class Lexicon:
    version: str
    cues: ahocorasick.Automaton  # lowercase cue -> Cue
    negators: frozenset[str]
    negation_window: int
    modality: dict[str, float]
    modality_window: int
    framing: ahocorasick.Automaton  # lowercase term -> Term
    wire_bloc: dict[str, int]  # wire -> +1 west, -1 russia, 0 neutral
    relations: tuple[str, ...]


def _automaton(items: dict[str, Any]) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for key, value in items.items():
        auto.add_word(key, value)
    if items:
        auto.make_automaton()
    return auto


def _words(path: Path, where: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(path, where, "expected a list of non-empty strings")
    bad = [v for v in value if v != v.lower()]
    if bad:
        raise DataFileError(path, where, f"cues and terms must be lowercase: {bad[:3]}")
    return [" ".join(v.split()) for v in value]


def load_lexicon(path: str | Path) -> Lexicon:
    """Read and validate the lexicon; a malformed entry raises :class:`DataFileError`."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise DataFileError(path, "(file)", f"cannot read: {err}") from None
    if not isinstance(data, dict) or set(data) - _TOP:
        raise DataFileError(path, "(top level)", f"expected keys among {sorted(_TOP)}")
    cues: dict[str, Cue] = {}
    relations = data.get("relations")
    if not isinstance(relations, dict) or not relations:
        raise DataFileError(path, "relations", "expected a mapping of relation types")
    for name, spec in relations.items():
        where = f"relations.{name}"
        if not isinstance(spec, dict) or set(spec) != {"polarity", "weight", "cues"}:
            raise DataFileError(path, where, "expected {polarity, weight, cues}")
        if spec["polarity"] not in (1, -1):
            raise DataFileError(path, where, "polarity must be 1 or -1")
        weight = spec["weight"]
        if not isinstance(weight, int | float) or not 0 < weight <= 1:
            raise DataFileError(path, where, "weight must be in (0, 1]")
        for cue in _words(path, f"{where}.cues", spec["cues"]):
            if cue in cues and cues[cue].relation != name:
                raise DataFileError(path, where, f"cue {cue!r} is also under {cues[cue].relation}")
            cues[cue] = Cue(cue, str(name), int(spec["polarity"]), float(weight))
    modality = data.get("modality") or {}
    if not isinstance(modality, dict) or not all(
        isinstance(v, int | float) and 0 < v <= 1 for v in modality.values()
    ):
        raise DataFileError(path, "modality", "expected word -> multiplier in (0, 1]")
    framing: dict[str, Term] = {}
    for side, sign in (("pro_russia", -1), ("pro_west", 1)):
        for n, item in enumerate((data.get("framing") or {}).get(side) or []):
            where = f"framing.{side}[{n}]"
            if not isinstance(item, dict) or set(item) != {"term", "weight"}:
                raise DataFileError(path, where, "expected {term, weight}")
            term = _words(path, where, [item["term"]])[0]
            if term in framing:
                raise DataFileError(path, where, f"term {term!r} listed twice")
            framing[term] = Term(term, sign, float(item["weight"]))
    wire_bloc: dict[str, int] = {}
    for side, sign in (("west", 1), ("russia", -1), ("neutral", 0)):
        for w in (data.get("wires") or {}).get(side) or []:
            wire_bloc[str(w)] = sign
    for key in ("negation_window", "modality_window"):
        if not isinstance(data.get(key, 3), int) or not 0 <= data.get(key, 3) <= 20:
            raise DataFileError(path, key, "expected an integer between 0 and 20")
    return Lexicon(
        version=str(data.get("version", "")),
        cues=_automaton(cues),
        negators=frozenset(_words(path, "negators", data.get("negators") or [])),
        negation_window=int(data.get("negation_window", 3)),
        modality={str(k).lower(): float(v) for k, v in modality.items()},
        modality_window=int(data.get("modality_window", 4)),
        framing=_automaton(framing),
        wire_bloc=wire_bloc,
        relations=tuple(str(r) for r in relations),
    )
