"""The actor dictionary (``data/lexicons/actors.yaml``): load, validate, resolve offices by date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from pipeline.config import EntitiesParams, ParamsError
from pipeline.errors import DataFileError

TYPES = ("COUNTRY", "ORG", "PERSON", "LOC")
ID_RE = re.compile(r"^(?:[A-Z]{2,5}|person:[a-z0-9]+(?:-[a-z0-9]+)*|loc:[a-z0-9]+(?:-[a-z0-9]+)*)$")
_ENTITY_KEYS = {
    "id",
    "type",
    "label",
    "names",
    "aliases",
    "metonyms",
    "places",
    "affiliation",
    "roles",
}
_TOP_KEYS = {"version", "entities", "role_phrases", "ambiguous", "stoplist", "discovery", "quotes"}
_DISCOVERY_KEYS = ("titles", "owned_titles", "title_words", "particles", "not_names")
_QUOTE_KEYS = (
    "after_verbs",
    "reported_verbs",
    "weak_verbs",
    "pronouns",
    "source_nouns",
    "prepositions",
    "gap_words",
)


@dataclass(frozen=True)
class Role:
    role: str
    of: str
    start: date | None
    end: date | None

    def active(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    label: str
    affiliation: str | None = None
    roles: tuple[Role, ...] = ()
    places: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Pattern:
    """A surface string and what it stands for."""

    surface: str
    kind: str  # name | alias | metonym | role | ambiguous
    target: str  # entity id; "<role>@<of>" for role phrases; "A|B" for ambiguous surfaces
    place: bool = False  # may denote a location after a locative preposition


@dataclass(frozen=True)
class DiscoveryCues:
    """Language data for finding people who are not in the dictionary (section ``discovery``)."""

    titles: tuple[str, ...] = ()  # heads of title phrases: "Menteri", "juru bicara"
    owned_titles: frozenset[str] = frozenset()  # lowercase; of a person: "juru bicara Putin, X"
    title_words: frozenset[str] = frozenset()  # lowercase; may continue a title phrase
    particles: frozenset[str] = frozenset()  # lowercase words inside a name: "bin", "von"
    not_names: frozenset[str] = frozenset()  # lowercase; capitalised words that are no name


@dataclass(frozen=True)
class QuoteCues:
    """Language data for quote attribution (section ``quotes``)."""

    after_verbs: tuple[str, ...] = ()  # '"…," kata X'; with -nya: the last speaker
    reported_verbs: tuple[str, ...] = ()  # 'X mengatakan …'
    weak_verbs: tuple[str, ...] = ()  # 'X mengklaim bahwa …' (only with bahwa/agar/a quote)
    pronouns: tuple[str, ...] = ()  # 'kata dia', 'Ia menyatakan': the last speaker
    source_nouns: tuple[str, ...] = ()  # 'menurut pernyataan Kremlin'
    prepositions: tuple[str, ...] = ()  # a mention after one is no speaker ('dengan Yerevan')
    gap_words: tuple[str, ...] = ()  # may stand between a speaker and its verb


@dataclass
class Dictionary:
    version: str
    entities: dict[str, Entity]
    patterns: dict[str, Pattern]
    stoplist: dict[str, frozenset[str]] = field(default_factory=dict)
    discovery: DiscoveryCues = DiscoveryCues()
    quotes: QuoteCues = QuoteCues()
    # a surface right after one of these words is no mention: "bahasa Inggris" is a language
    stop_before: dict[str, frozenset[str]] = field(default_factory=dict)
    _holders: dict[tuple[str, str], list[Entity]] = field(default_factory=dict, repr=False)

    def holders(self, role: str, of: str) -> list[Entity]:
        """People who ever held ``role`` of ``of``."""
        if not self._holders:
            for e in self.entities.values():
                for r in e.roles:
                    people = self._holders.setdefault((r.role, r.of), [])
                    if e not in people:
                        people.append(e)
        return self._holders.get((role, of), [])

    def holder_at(self, role: str, of: str, when: date | None) -> Entity | None:
        """Who held ``role`` of ``of`` on ``when``; without a date, only a sole holder counts."""
        people = self.holders(role, of)
        if when is None:
            return people[0] if len(people) == 1 else None
        active = [
            e
            for e in people
            if any(r.role == role and r.of == of and r.active(when) for r in e.roles)
        ]
        return active[0] if len(active) == 1 else None


def _date(path: Path, where: str, value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DataFileError(path, where, f"not an ISO date: {value!r}") from None


def _strings(path: Path, where: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(path, where, "expected a list of non-empty strings")
    return [v.strip() for v in value]


def _section(path: Path, name: str, value: Any, keys: tuple[str, ...]) -> dict[str, list[str]]:
    """The word lists of a cue section (``discovery``, ``quotes``); phrases only for titles."""
    if value is None:
        return {k: [] for k in keys}
    if not isinstance(value, dict):
        raise DataFileError(path, name, "expected a mapping")
    if set(value) - set(keys):
        raise DataFileError(path, name, f"unknown keys {sorted(set(value) - set(keys))}")
    out = {k: _strings(path, f"{name}.{k}", value.get(k)) for k in keys}
    for k, words in out.items():
        for w in words:
            if not re.fullmatch(r"[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*)*", w):
                raise DataFileError(path, f"{name}.{k}", f"not a word or phrase: {w!r}")
            if k not in ("titles", "owned_titles") and " " in w:
                raise DataFileError(path, f"{name}.{k}", f"expected single words, got {w!r}")
    return out


def _cues(path: Path, data: dict) -> tuple[DiscoveryCues, QuoteCues]:
    """The ``discovery`` and ``quotes`` sections, validated; both optional."""
    d = _section(path, "discovery", data.get("discovery"), _DISCOVERY_KEYS)
    q = _section(path, "quotes", data.get("quotes"), _QUOTE_KEYS)
    titles = tuple(sorted(set(d["titles"]), key=lambda t: (-len(t), t)))
    title_words = {w.lower() for t in titles for w in t.split()} | {
        w.lower() for w in d["title_words"]
    }
    clash = sorted(title_words & {w.lower() for w in d["particles"]})
    if clash:
        raise DataFileError(path, "discovery.particles", f"also title words: {clash}")
    owned = {t.lower() for t in d["owned_titles"]}
    unlisted = sorted(owned - {t.lower() for t in titles})
    if unlisted:
        raise DataFileError(path, "discovery.owned_titles", f"not in titles: {unlisted}")
    discovery = DiscoveryCues(
        titles,
        frozenset(owned),
        frozenset(title_words),
        frozenset(w.lower() for w in d["particles"]),
        frozenset(w.lower() for w in d["not_names"]),
    )

    def uniq(words: list[str]) -> tuple[str, ...]:
        return tuple(sorted({w.lower() for w in words}, key=lambda t: (-len(t), t)))

    quotes = QuoteCues(*(uniq(q[k]) for k in _QUOTE_KEYS))
    both = sorted(set(quotes.reported_verbs) & set(quotes.weak_verbs))
    if both:
        raise DataFileError(path, "quotes.weak_verbs", f"also reported_verbs: {both}")
    return discovery, quotes


class _TextDates(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML loading that leaves timestamps as text: :func:`_date` checks them, naming the
    entry (YAML's own date constructor fails with a bare "month must be in 1..12")."""


_TextDates.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def load_dictionary(path: str | Path) -> Dictionary:
    """Read and validate the actor dictionary; a malformed entry raises :class:`DataFileError`."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDates)  # noqa: S506
    except (OSError, yaml.YAMLError) as err:
        raise DataFileError(path, "(file)", f"cannot read: {err}") from None
    if not isinstance(data, dict):
        raise DataFileError(path, "(top level)", "expected a mapping")
    if set(data) - _TOP_KEYS:
        raise DataFileError(path, "(top level)", f"unknown keys {sorted(set(data) - _TOP_KEYS)}")
    entities: dict[str, Entity] = {}
    patterns: dict[str, Pattern] = {}

    def add(surface: str, pat: Pattern, where: str) -> None:
        if surface in patterns and patterns[surface].target != pat.target:
            other = patterns[surface].target
            raise DataFileError(path, where, f"surface {surface!r} already stands for {other}")
        patterns[surface] = pat
        for variant in (surface.replace("'", "’"), surface.replace("’", "'")):
            patterns.setdefault(variant, Pattern(variant, pat.kind, pat.target, pat.place))

    raw_entities = data.get("entities")
    if not isinstance(raw_entities, list) or not raw_entities:
        raise DataFileError(path, "entities", "expected a non-empty list")
    for n, item in enumerate(raw_entities):
        where = f"entities[{n}]"
        if not isinstance(item, dict):
            raise DataFileError(path, where, "expected a mapping")
        eid = item.get("id")
        where = f"entity {eid!r}" if eid else where
        if set(item) - _ENTITY_KEYS:
            raise DataFileError(path, where, f"unknown keys {sorted(set(item) - _ENTITY_KEYS)}")
        if not isinstance(eid, str) or not ID_RE.match(eid):
            raise DataFileError(
                path, where, "id must be ISO alpha-3, an acronym, person:… or loc:…"
            )
        if eid in entities:
            raise DataFileError(path, where, "duplicate id")
        etype = item.get("type")
        if etype not in TYPES:
            raise DataFileError(path, where, f"type must be one of {TYPES}, got {etype!r}")
        if (etype == "PERSON") != eid.startswith("person:"):
            raise DataFileError(path, where, "PERSON entities and only they have person: ids")
        names = _strings(path, f"{where}.names", item.get("names"))
        if not names:
            raise DataFileError(path, where, "needs at least one name")
        metonyms = _strings(path, f"{where}.metonyms", item.get("metonyms"))
        places = _strings(path, f"{where}.places", item.get("places"))
        if set(places) - set(metonyms):
            raise DataFileError(
                path, where, f"places must be metonyms: {sorted(set(places) - set(metonyms))}"
            )
        roles = []
        for k, r in enumerate(item.get("roles") or []):
            rw = f"{where}.roles[{k}]"
            if (
                not isinstance(r, dict)
                or set(r) - {"role", "of", "from", "to"}
                or not r.get("role")
            ):
                raise DataFileError(path, rw, "expected {role, of, from, to}")
            role = Role(
                str(r["role"]),
                str(r.get("of") or item.get("affiliation")),
                _date(path, rw + ".from", r.get("from")),
                _date(path, rw + ".to", r.get("to")),
            )
            if role.start and role.end and role.end < role.start:
                raise DataFileError(path, rw, "role ends before it starts")
            roles.append(role)
        affiliation = item.get("affiliation")
        if etype == "PERSON" and not affiliation:
            raise DataFileError(path, where, "a PERSON needs an affiliation")
        entities[eid] = Entity(
            eid,
            etype,
            str(item.get("label") or names[0]),
            affiliation,
            tuple(roles),
            frozenset(places),
        )
        for s in names:
            add(s, Pattern(s, "name", eid), f"{where}.names")
        for s in _strings(path, f"{where}.aliases", item.get("aliases")):
            add(s, Pattern(s, "alias", eid), f"{where}.aliases")
        for s in metonyms:
            add(s, Pattern(s, "metonym", eid, s in places), f"{where}.metonyms")
    for n, rp in enumerate(data.get("role_phrases") or []):
        where = f"role_phrases[{n}]"
        if not isinstance(rp, dict) or set(rp) - {"phrases", "role", "of"}:
            raise DataFileError(path, where, "expected {phrases, role, of}")
        of, role = rp.get("of"), rp.get("role")
        if of not in entities:
            raise DataFileError(path, where, f"unknown 'of' id {of!r}")
        for s in _strings(path, f"{where}.phrases", rp.get("phrases")):
            add(s, Pattern(s, "role", f"{role}@{of}"), where)
    for n, amb in enumerate(data.get("ambiguous") or []):
        where = f"ambiguous[{n}]"
        if not isinstance(amb, dict) or set(amb) - {"surface", "candidates", "place"}:
            raise DataFileError(path, where, "expected {surface, candidates, place}")
        cands = _strings(path, f"{where}.candidates", amb.get("candidates"))
        if len(cands) < 2 or set(cands) - set(entities):
            raise DataFileError(path, where, "needs two or more known candidate ids")
        s = str(amb.get("surface") or "")
        add(s, Pattern(s, "ambiguous", "|".join(cands), bool(amb.get("place"))), where)
    stop: dict[str, frozenset[str]] = {}
    before: dict[str, frozenset[str]] = {}
    for n, st in enumerate(data.get("stoplist") or []):
        where = f"stoplist[{n}]"
        if (
            not isinstance(st, dict)
            or "surface" not in st
            or not set(st) - {"surface"}
            or set(st) - {"surface", "next_words", "prev_words"}
        ):
            raise DataFileError(path, where, "expected {surface, next_words and/or prev_words}")
        if "next_words" in st:
            stop[str(st["surface"])] = frozenset(
                w.lower() for w in _strings(path, where, st["next_words"])
            )
        if "prev_words" in st:
            before[str(st["surface"])] = frozenset(
                w.lower() for w in _strings(path, where, st["prev_words"])
            )
    for e in entities.values():
        for ref in [e.affiliation, *(r.of for r in e.roles)]:
            if ref is not None and ref not in entities:
                raise DataFileError(path, f"entity {e.id!r}", f"refers to unknown id {ref!r}")
    discovery, quotes = _cues(path, data)
    return Dictionary(
        str(data.get("version", "")), entities, patterns, stop, discovery, quotes, before
    )


def require_actors(dictionary: Dictionary, params: EntitiesParams, path: str | Path) -> None:
    """Raise :class:`ParamsError` naming the ``params.yaml`` key of a focal state or bloc member
    that is not an entity of the dictionary at ``path``."""
    keys = [("entities.focal", params.focal)] + [
        (f"entities.blocs.{bloc}[{i}]", eid)
        for bloc in ("russia", "west")
        for i, eid in enumerate(getattr(params.blocs, bloc))
    ]
    unknown = [f"{key}: {eid!r}" for key, eid in keys if eid not in dictionary.entities]
    if unknown:
        raise ParamsError(
            f"params.yaml: not an entity of the actor dictionary {path}: {'; '.join(unknown)} "
            "(add the entity there or correct the id)"
        )
