"""Load and compile the boilerplate and metadata patterns of ``data/lexicons/boilerplate.yaml``."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.clean.prefilter import WordLiterals, literal, with_first_chars
from pipeline.config import load_yaml
from pipeline.errors import DataFileError

_NEVER = re.compile(r"(?!x)x")


@dataclass(frozen=True)
class Alternation:
    """Rules of one scope: anchored patterns tried once at the line start, the rest searched."""

    anchored: re.Pattern[str]
    floating: re.Pattern[str]

    def find(self, line: str) -> re.Match[str] | None:
        return self.anchored.match(line) or self.floating.search(line)


MEMO_SIZE = 1 << 15  # entries a :class:`LineMemo` holds before it starts afresh


class LineMemo(dict):  # type: ignore[type-arg]
    """Results of pure functions of a line (and the rules), keyed by what they read: cleaning
    repeats the same menus, credits and bylines on many pages. Bounded (emptied when full, so
    results never depend on it) and never pickled (a copy of the rules starts empty)."""

    def __reduce__(self) -> tuple[type, tuple[()]]:
        return (LineMemo, ())

    def put(self, key: object, value: object) -> None:
        if len(self) >= MEMO_SIZE:
            self.clear()
        self[key] = value


@dataclass(frozen=True)
class RuleSet:
    """Compiled rules: one alternation per scope, each branch a named group for its rule."""

    version: str
    general: Alternation
    per_outlet: dict[str, Alternation]
    group_rule: dict[str, str]  # regex group name -> rule name
    outlet_detect: list[tuple[str, re.Pattern[str]]]
    outlet_any: re.Pattern[str]
    domains: dict[str, str]
    wires: list[tuple[str, re.Pattern[str]]]
    wire_alternation: str
    wire_cue: re.Pattern[str]
    wire_canonical: dict[str, str] = field(default_factory=dict)
    wire_line: re.Pattern[str] = _NEVER  # a line that is only a wire credit ("AFP", "Reuters/RTR")
    wire_name: re.Pattern[str] = _NEVER  # any wire surface, for a fast first pass
    wire_literals: WordLiterals | None = None  # ``wire_name`` as one automaton
    cue_before: re.Pattern[str] = _NEVER  # a cue ending just before a wire surface
    detected: dict[str, str | None] = field(default_factory=dict)  # outlet-surface cache
    # ``outlet_any`` as one automaton, when every detect pattern is a plain literal.
    outlet_literals: WordLiterals | None = None
    places: frozenset[str] = frozenset()  # cities of datelines (casefolded): never an outlet
    outlet_words: frozenset[str] = frozenset()  # words of outlet names, not of persons' names
    menu_words: frozenset[str] = frozenset()  # section and region words of site menus
    memo: LineMemo = field(default_factory=LineMemo, compare=False, repr=False)


_ALLOWED_TOP = {"version", "rules", "outlets", "wires", "wire_cues"} | {
    "places",
    "outlet_words",
    "menu_words",
}
_ALLOWED_OUTLET = {"detect", "domains", "rules"}


def _compile(path: Path, where: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(with_first_chars(pattern))
    except re.error as err:
        raise DataFileError(path, where, f"bad regular expression {pattern!r}: {err}") from None


def _as_list(path: Path, where: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DataFileError(path, where, "expected a list of non-empty strings")
    return value


def _rule_alternation(
    path: Path, scope: str, rules: Any, group_rule: dict[str, str]
) -> Alternation:
    if not isinstance(rules, dict):
        raise DataFileError(path, scope, "expected a mapping of rule name -> patterns")
    anchored, floating = [], []
    for rule, patterns in rules.items():
        if not isinstance(rule, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", rule):
            raise DataFileError(path, f"{scope}.{rule}", "rule names are lowercase identifiers")
        for i, pat in enumerate(_as_list(path, f"{scope}.{rule}", patterns)):
            _compile(path, f"{scope}.{rule}[{i}]", pat)
            gname = f"g{len(group_rule)}"
            group_rule[gname] = rule
            # Rename an `outlet` group so several branches may carry one.
            pat = pat.replace("(?P<outlet>", f"(?P<outlet_{gname}>")
            if pat.startswith("^"):
                anchored.append(f"(?P<{gname}>{pat[1:]})")
            else:
                floating.append(f"(?P<{gname}>{pat})")

    def alt(branches: list[str]) -> re.Pattern[str]:
        return _compile(path, scope, "|".join(branches)) if branches else _NEVER

    return Alternation(alt(anchored), alt(floating))


def load_rules(path: str | Path, without: Collection[str] = ()) -> RuleSet:
    """Read and compile the rules file; a malformed entry raises :class:`DataFileError`.

    ``without`` names outlets whose section is left out (to measure how the cleaning does on an
    outlet the rules do not know: leave-one-outlet-out on the development corpus).
    """
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise DataFileError(path, "(file)", f"cannot read: {err}") from None
    if not isinstance(data, dict):
        raise DataFileError(path, "(top level)", "expected a mapping")
    unknown = set(data) - _ALLOWED_TOP
    if unknown:
        raise DataFileError(path, "(top level)", f"unknown keys {sorted(unknown)}")
    group_rule: dict[str, str] = {}
    general = _rule_alternation(path, "rules", data.get("rules", {}), group_rule)
    per_outlet: dict[str, re.Pattern[str]] = {}
    detect: list[tuple[str, re.Pattern[str]]] = []
    detect_sources: list[str] = []
    detect_patterns: list[str] = []
    domains: dict[str, str] = {}
    for name, spec in (data.get("outlets") or {}).items():
        if name in without:
            continue
        where = f"outlets.{name}"
        if not isinstance(spec, dict) or set(spec) - _ALLOWED_OUTLET:
            raise DataFileError(path, where, f"expected keys among {sorted(_ALLOWED_OUTLET)}")
        pats = _as_list(path, f"{where}.detect", spec.get("detect", []))
        detect_patterns.extend(pats)
        alt = "|".join(f"(?:{p})" for p in pats)
        detect.append((name, _compile(path, f"{where}.detect", rf"(?<![\w.])(?:{alt})(?![\w])")))
        detect_sources.append(alt)
        for dom in _as_list(path, f"{where}.domains", spec.get("domains", [])):
            domains[dom.lower()] = name
        if spec.get("rules"):
            per_outlet[name] = _rule_alternation(path, f"{where}.rules", spec["rules"], group_rule)
    outlet_any = _compile(
        path, "outlets", rf"(?<![\w.])(?:{'|'.join(detect_sources) or '(?!x)x'})(?![\w])"
    )
    detect_literals = [literal(p) for p in detect_patterns]
    outlet_literals = (
        WordLiterals(detect_literals)  # type: ignore[arg-type]
        if all(t is not None for t in detect_literals)
        else None
    )
    wires: list[tuple[str, re.Pattern[str]]] = []
    canonical: dict[str, str] = {}
    surfaces: list[str] = []
    for name, pats in (data.get("wires") or {}).items():
        pats = _as_list(path, f"wires.{name}", pats)
        for p in pats:
            canonical[p] = name
        surfaces.extend(pats)
        alt = "|".join(re.escape(p) for p in sorted(pats, key=len, reverse=True))
        wires.append((name, _compile(path, f"wires.{name}", rf"\b(?:{alt})\b")))
    wire_alt = "|".join(re.escape(s) for s in sorted(set(surfaces), key=len, reverse=True))
    cues = _as_list(path, "wire_cues", data.get("wire_cues", []))
    cue_alt = "|".join(cues)
    wire_cue = _compile(
        path,
        "wire_cues",
        rf"(?:{cue_alt})\s*[:,]?\s+(?P<wire>{wire_alt})(?![\w-])",
    )
    return RuleSet(
        version=str(data.get("version", "")),
        general=general,
        per_outlet=per_outlet,
        group_rule=group_rule,
        outlet_detect=detect,
        outlet_any=outlet_any,
        outlet_literals=outlet_literals,
        domains=domains,
        wires=wires,
        wire_alternation=wire_alt,
        wire_cue=wire_cue,
        wire_canonical=canonical,
        wire_line=_compile(path, "wires", rf"(?:{wire_alt})(?:\s*/\s*\w+)?"),
        wire_name=_compile(path, "wires", rf"(?:{wire_alt})(?![\w-])"),
        wire_literals=WordLiterals(
            sorted(set(surfaces), key=len, reverse=True), word_before=False, not_after="-"
        ),
        cue_before=_compile(path, "wire_cues", rf"(?:{cue_alt})\s*[:,]?\s+$"),
        places=frozenset(p.casefold() for p in _as_list(path, "places", data.get("places", []))),
        outlet_words=frozenset(
            w.casefold() for w in _as_list(path, "outlet_words", data.get("outlet_words", []))
        ),
        menu_words=frozenset(
            w.casefold() for w in _as_list(path, "menu_words", data.get("menu_words", []))
        ),
    )
