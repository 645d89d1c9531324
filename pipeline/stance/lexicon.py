"""The stance lexicon (``data/lexicons/stance.yaml``): cues, negation, modality, framing.

``stem_cues: true`` (default false) makes every cue also match its affixed forms, words with the
same Sastrawi stem (:class:`pipeline.matching.Matcher`, ``stems``), except the cues listed under
``stem_exceptions``. An affixed form is a cue only (no negator or modal role), passive when it
starts with ``di-``, and its relation's ``cue`` is the form read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from pipeline.config import load_yaml
from pipeline.errors import DataFileError
from pipeline.matching import Matcher

_TOP = {
    "version",
    "relations",
    "negators",
    "negation_exceptions",
    "negation_window",
    "negation_factor",
    "clause_breaks",
    "modality",
    "modality_window",
    "pronouns",
    "anaphors",
    "attribution",
    "framing",
    "wires",
    "stem_cues",
    "stem_exceptions",
    "exclusions",
    "led_heads",
    "titles",
    "denials",
}
_RELATION_KEYS = {"polarity", "weight", "cues"}
_RELATION_OPTIONAL = {"focal_source", "overrides", "brokered"}


@dataclass(frozen=True)
class Cue:
    text: str
    relation: str
    polarity: int
    weight: float
    passive: bool = False  # "dibantu", "ditolak": the agent follows the cue
    focal_source: bool = False  # counts only when the focal state is the subject ("meminta")
    negator: bool = False  # also a negator ("menolak", "enggan"): negates a cue right after it
    # an evaluation or failure of a tie ("... sebagai kesalahan strategis", "gagal menjamin
    # keamanan"): the one cue of its clause, over the tie it judges
    overrides: bool = False
    # a deal or mediation between the focal state and a third state ("Armenia dan Azerbaijan
    # meneken kesepakatan"): the third state beside the focal one is a co-signatory, and the
    # cue goes to the bloc actor that brokers or hosts it
    brokered: bool = False


@dataclass(frozen=True)
class Entry:
    """What a word or phrase of the lexicon does: a cue, a negator, an exception, a modal word.

    One index over all of them (``Lexicon.scan``) reads a text once; the longest match wins,
    so "tidak hanya" (an exception) is not also "tidak" (a negator).
    """

    text: str
    cue: Cue | None = None
    negator: bool = False
    exception: bool = False  # "tidak hanya": looks like a negator, does not negate
    modality: float = 1.0  # < 1 for a modal word
    code: int = 0  # position in ``Lexicon.roles``


@dataclass(frozen=True)
class Roles:
    """The entries' roles as arrays indexed by ``Entry.code`` (for reading many hits at once)."""

    is_cue: np.ndarray
    qualifier: np.ndarray  # a negator, an exception or a modal word
    negator_or_exception: np.ndarray
    modal: np.ndarray
    passive: np.ndarray
    focal_source: np.ndarray
    weight: np.ndarray
    polarity: np.ndarray
    overrides: np.ndarray
    brokered: np.ndarray

    @classmethod
    def of(cls, entries: list[Entry]) -> Roles:
        def col(f: Any, dtype: Any) -> np.ndarray:
            return np.asarray([f(e) for e in entries], dtype=dtype)

        return cls(
            is_cue=col(lambda e: e.cue is not None, bool),
            qualifier=col(lambda e: e.negator or e.exception or e.modality < 1, bool),
            negator_or_exception=col(lambda e: e.negator or e.exception, bool),
            modal=col(lambda e: e.modality < 1, bool),
            passive=col(lambda e: bool(e.cue and e.cue.passive), bool),
            focal_source=col(lambda e: bool(e.cue and e.cue.focal_source), bool),
            weight=col(lambda e: e.cue.weight if e.cue else 0.0, np.float64),
            polarity=col(lambda e: e.cue.polarity if e.cue else 0, np.float64),
            overrides=col(lambda e: bool(e.cue and e.cue.overrides), bool),
            brokered=col(lambda e: bool(e.cue and e.cue.brokered), bool),
        )


@dataclass(frozen=True)
class Term:
    """An evaluative framing term: sign −1 sympathetic to Russia, +1 to the West."""

    text: str
    sign: int
    weight: float


@dataclass(frozen=True)
class Lexicon:
    version: str
    cues: Matcher[Cue]  # lowercase cue -> Cue
    negators: frozenset[str]
    negation_window: int
    modality: dict[str, float]
    modality_window: int
    framing: Matcher[Term]  # lowercase term -> Term
    wire_bloc: dict[str, int]  # wire -> +1 west, -1 russia, 0 neutral
    relations: tuple[str, ...]
    negation_factor: float = 0.5
    negation_exceptions: frozenset[str] = frozenset()
    clause_breaks: frozenset[str] = frozenset()
    pronouns: frozenset[str] = frozenset()
    # "negara itu": in a sentence that names a bloc actor but not the focal state, the focal
    # state named in the sentence before
    anaphors: frozenset[str] = frozenset()
    attribution: frozenset[str] = frozenset()
    # "di luar Rusia", "kecuali Rusia": an actor right after one of these is excluded from the
    # tie its cue names (the relation is negated)
    exclusions: frozenset[str] = frozenset()
    # "aliansi yang dipimpin Moskow": the agent of a "led by" clause after one of these nouns
    # stands for the organisation it leads (it stays a party)
    led_heads: frozenset[str] = frozenset()
    # "Pashinyan dan Presiden Azerbaijan Ilham Aliyev": a title (and the state or body it names)
    # between coordinated names keeps the list reading
    titles: frozenset[str] = frozenset()
    # "keluar dari EAEU tidak ada dalam agenda": a denial after a cue (and its actor), in its
    # clause, negates the tie the cue names
    denials: frozenset[str] = frozenset()
    # Built from the lists above: cues, negators, exceptions and modal words -> Entry.
    scan: Matcher[Entry] = field(default_factory=lambda: Matcher({}))
    roles: Roles | None = None
    pronoun_re: re.Pattern[str] = re.compile(r"(?!)")
    anaphor_re: re.Pattern[str] = re.compile(r"(?!)")
    attribution_re: re.Pattern[str] = re.compile(r"(?!)")
    exclusion_re: re.Pattern[str] = re.compile(r"(?!)")
    titled_coordination_re: re.Pattern[str] = re.compile(r"(?!)")
    denial_re: re.Pattern[str] = re.compile(r"(?!)")


def _words(path: Path, where: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(path, where, "expected a list of non-empty strings")
    bad = [v for v in value if v != v.lower()]
    if bad:
        raise DataFileError(path, where, f"cues and terms must be lowercase: {bad[:3]}")
    return [" ".join(v.split()) for v in value]


def word_pattern(words: list[str] | frozenset[str]) -> re.Pattern[str]:
    """One case-insensitive alternation of whole words or phrases (longest first); never
    matches if empty."""
    if not words:
        return re.compile(r"(?!)")
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len)[::-1])
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE)


def _ending(words: frozenset[str]) -> re.Pattern[str]:
    """A whole word or phrase of ``words``, perhaps with a preposition, followed by whitespace at
    the end of the searched text ("di luar ", "kecuali dari " before "Rusia"); never matches if
    empty."""
    if not words:
        return re.compile(r"(?!)")
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len)[::-1])
    return re.compile(rf"(?<![\w-])(?:{alts})(?:\s+(?:dari|dengan|pada|kepada))?\s+$")


def _titled_coordination(titles: frozenset[str]) -> re.Pattern[str]:
    """The gap between two coordinated names when a title opens the second ("dan Presiden
    Azerbaijan ", ", Menteri Luar Negeri "): the conjunction or comma, the title, and up to three
    words of the state or body it names; never matches if empty."""
    if not titles:
        return re.compile(r"(?!)")
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(titles, key=len)[::-1])
    return re.compile(
        rf"\s*(?:,\s*)?(?:(?:dan|serta|maupun|atau)\s+)?(?:{alts})(?:\s+[\w-]+){{0,3}}?\s+"
    )


def _is_passive(cue: str) -> bool:
    """Indonesian passive verb forms start with ``di-`` ("dibantu", "ditolak oleh")."""
    first = cue.split()[0]
    return first.startswith("di") and len(first) > 5 and first not in {"diplomasi", "diskusi"}


def _relations(path: Path, data: Any, negators: frozenset[str]) -> dict[str, Cue]:
    if not isinstance(data, dict) or not data:
        raise DataFileError(path, "relations", "expected a mapping of relation types")
    cues: dict[str, Cue] = {}
    for name, spec in data.items():
        where = f"relations.{name}"
        if (
            not isinstance(spec, dict)
            or not set(spec) >= _RELATION_KEYS
            or set(spec) - _RELATION_KEYS - _RELATION_OPTIONAL
        ):
            raise DataFileError(
                path,
                where,
                "expected {polarity, weight, cues[, focal_source, overrides, brokered]}",
            )
        if spec["polarity"] not in (1, -1):
            raise DataFileError(path, where, "polarity must be 1 or -1")
        weight = spec["weight"]
        if not isinstance(weight, int | float) or not 0 < weight <= 1:
            raise DataFileError(path, where, "weight must be in (0, 1]")
        focal_source = spec.get("focal_source", False)
        overrides = spec.get("overrides", False)
        brokered = spec.get("brokered", False)
        if not all(isinstance(v, bool) for v in (focal_source, overrides, brokered)):
            raise DataFileError(
                path, where, "focal_source, overrides and brokered must be true or false"
            )
        for cue in _words(path, f"{where}.cues", spec["cues"]):
            if cue in cues and cues[cue].relation != name:
                raise DataFileError(path, where, f"cue {cue!r} is also under {cues[cue].relation}")
            cues[cue] = Cue(
                cue,
                str(name),
                int(spec["polarity"]),
                float(weight),
                passive=_is_passive(cue),
                focal_source=focal_source,
                negator=cue in negators,
                overrides=overrides,
                brokered=brokered,
            )
    return cues


def _entries(
    cues: dict[str, Cue], lists: dict[str, frozenset[str]], modality: dict[str, float]
) -> dict[str, Entry]:
    """Every word or phrase of the lexicon with all its roles."""
    words = sorted(set(cues) | lists["negators"] | lists["negation_exceptions"] | set(modality))
    return {
        w: Entry(
            w,
            cue=cues.get(w),
            negator=w in lists["negators"],
            exception=w in lists["negation_exceptions"],
            modality=modality.get(w, 1.0),
            code=i,
        )
        for i, w in enumerate(words)
    }


def _affixed(entries: dict[str, Entry], stems: list[str]) -> dict[tuple[str, bool], Entry]:
    """For each cue matched by stem, the entries of its affixed forms, active and passive
    (``(cue, passive)`` → Entry): a cue only, with codes after those of ``entries``."""
    out: dict[tuple[str, bool], Entry] = {}
    code = len(entries)
    for w in stems:
        cue = entries[w].cue
        assert cue is not None
        for passive in (False, True):
            out[(w, passive)] = Entry(
                w, cue=replace(cue, passive=passive, negator=False), code=code
            )
            code += 1
    return out


def _deriver(affixed: dict[tuple[str, bool], Entry]) -> Any:
    """``derive(entry, surface)`` for :class:`pipeline.matching.Matcher`: the entry of an
    affixed form ``surface`` of a stem cue, its cue text the form read."""

    def derive(entry: Entry, surface: str) -> Entry:
        twin = affixed[(entry.text, _is_passive(surface))]
        return replace(twin, text=surface, cue=replace(twin.cue, text=surface))  # type: ignore[arg-type]

    return derive


def _fraction(path: Path, key: str, value: Any, default: float) -> float:
    value = default if value is None else value
    if not isinstance(value, int | float) or not 0 < value <= 1:
        raise DataFileError(path, key, "expected a number in (0, 1]")
    return float(value)


def load_lexicon(path: str | Path) -> Lexicon:
    """Read and validate the lexicon; a malformed entry raises :class:`DataFileError`."""
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise DataFileError(path, "(file)", f"cannot read: {err}") from None
    if not isinstance(data, dict) or set(data) - _TOP:
        raise DataFileError(path, "(top level)", f"expected keys among {sorted(_TOP)}")
    lists = {
        key: frozenset(_words(path, key, data.get(key) or []))
        for key in (
            "negators",
            "negation_exceptions",
            "clause_breaks",
            "pronouns",
            "anaphors",
            "attribution",
            "exclusions",
            "led_heads",
            "titles",
            "denials",
        )
    }
    cues = _relations(path, data.get("relations"), lists["negators"])
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
    modality_words = {" ".join(str(k).lower().split()): float(v) for k, v in modality.items()}
    entries = _entries(cues, lists, modality_words)
    stem_cues = data.get("stem_cues", False)
    if not isinstance(stem_cues, bool):
        raise DataFileError(path, "stem_cues", "expected true or false")
    not_stemmed = frozenset(_words(path, "stem_exceptions", data.get("stem_exceptions") or []))
    unknown = sorted(not_stemmed - set(cues))
    if unknown:
        raise DataFileError(path, "stem_exceptions", f"not cues: {unknown[:3]}")
    stems = sorted(c for c in cues if stem_cues and c not in not_stemmed)
    affixed = _affixed(entries, stems)
    return Lexicon(
        version=str(data.get("version", "")),
        cues=Matcher(cues),
        negators=lists["negators"],
        negation_window=int(data.get("negation_window", 3)),
        modality=modality_words,
        modality_window=int(data.get("modality_window", 4)),
        framing=Matcher(framing),
        wire_bloc=wire_bloc,
        relations=tuple(str(r) for r in data["relations"]),
        negation_factor=_fraction(path, "negation_factor", data.get("negation_factor"), 0.5),
        negation_exceptions=lists["negation_exceptions"],
        clause_breaks=lists["clause_breaks"],
        pronouns=lists["pronouns"],
        anaphors=lists["anaphors"],
        attribution=lists["attribution"],
        exclusions=lists["exclusions"],
        led_heads=lists["led_heads"],
        titles=lists["titles"],
        denials=lists["denials"],
        scan=Matcher(entries, stems=stems, derive=_deriver(affixed)),
        roles=Roles.of([*entries.values(), *affixed.values()]),
        pronoun_re=word_pattern(lists["pronouns"]),
        anaphor_re=word_pattern(lists["anaphors"]),
        attribution_re=word_pattern(lists["attribution"]),
        exclusion_re=_ending(lists["exclusions"]),
        titled_coordination_re=_titled_coordination(lists["titles"]),
        denial_re=word_pattern(lists["denials"]),
    )
