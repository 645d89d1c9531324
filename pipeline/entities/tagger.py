"""Dictionary tagging with the project's one matcher (:mod:`pipeline.matching`): case-sensitive,
word-bounded, leftmost-longest.

A surface matches at word edges (a word: letters, digits, "_" and "-"). A hyphen inside a word
is an edge too, except after a prefix ("ke-NATO", "se-Rusia") and before anything but a
capital, a digit or a clitic ("NATO-an" no; "Rusia-nya", "Azerbaijan-Armenia" yes). Overlapping
matches are resolved leftmost first, then longest.

How this stays fast (figures in ``bench/README.md``):

- The matcher's keys are ordered by the commonest initials of the seed articles (``_INITIALS``).
- A mention is built from fields prepared per surface. Only places, stoplisted surfaces,
  offices and ambiguous surfaces look at their context.
- :func:`tag_rows` returns each mention as a plain tuple in :class:`Mention`'s field order. The
  garbage collector stops tracking a plain tuple of strings and ints the first time it sees it,
  but tracks a NamedTuple for as long as it lives: 140 k kept Mentions cost a full collection
  (about 0.06 s, a fifth of the tagging time on the bench corpus) that plain tuples never trigger.
  :func:`tag_text` wraps the rows in Mentions for code that reads fields by name.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from datetime import date
from typing import NamedTuple

from pipeline.entities.dictionary import Dictionary, Entity, Pattern
from pipeline.matching import Matcher

# Prefixes that, joined by a hyphen, turn a name into another word ("ke-NATO-an", "se-Rusia").
_HYPHEN_PREFIXES = frozenset({"ke", "se", "ber", "ter", "di", "me", "pe", "per", "pen", "pem"})
_CLITICS = ("nya", "lah", "kah", "pun")
# Locative prepositions: a place right after one is a location ("di Yerevan": LOC, not Armenia).
_LOCATIVE = ("di", "ke", "dari", "menuju", "tiba di", "ibu kota", "ibukota", "kota")
_LOCATIVE += ("kunjungan ke", "berkunjung ke")
_PREFIX_WORD = re.compile(r"(\w+)-$")
_NEXT_WORD = re.compile(r"\s+(\w+)")
_PREV_WORD = re.compile(r"(\w+)\s+$")
_GAP = re.compile(r"[\s,]*")
# The characters after a space in the seed articles (data/raw/, blanked as below), commonest
# first: the order in which the automaton tries its transitions after " " (see build_automaton).
_INITIALS = " dmAkspbtPKSMBaNiylRThjunDc"
_METHOD = "dictionary"
_NAMED = ("name", "alias", "metonym")


class Mention(NamedTuple):
    start: int
    end: int
    surface: str
    entity_id: str
    entity_type: str
    kind: str
    method: str


# A Mention as a plain tuple (see the module docstring): start, end, surface, entity_id,
# entity_type, kind, method.
MentionRow = tuple[int, int, str, str, str, str, str]
_Fields = tuple[str, str, str, str, str]  # the fields of a Mention after start and end


class _Entry(NamedTuple):
    """What a surface needs at tagging time, prepared once by :func:`build_automaton`."""

    pattern: Pattern
    fixed: _Fields | None  # the mention of a name, alias or metonym; None if the context counts
    plain: _Fields | None  # the mention of a name, alias or metonym in any context
    stop: frozenset[str] | None  # stoplisted next words of the surface
    stop_initials: frozenset[str]  # their first letters
    place: _Fields | None  # the LOC mention of a place after a locative preposition
    role: tuple[str, str] | None  # (role, of) of an office
    holders: dict[date | None, Entity | None]  # of an office, by date (a cache of holder_at)
    nearby: bool  # the mention depends on the words around it (stoplist, locative)
    stop_before: frozenset[str] | None = None  # stoplisted previous words ("bahasa Inggris")


# A match whose mention depends on the text around it (an office, an ambiguous surface), or with
# entry None a stoplisted match that is no mention.
_Pending = tuple[int, int, _Entry | None]


def _entry(surface: str, pat: Pattern, dictionary: Dictionary) -> _Entry:
    ents, stop = dictionary.entities, dictionary.stoplist
    plain = None
    if pat.kind in _NAMED:
        ent = ents[pat.target]
        plain = (surface, ent.id, ent.type, pat.kind, _METHOD)
    place = None
    if pat.place:
        slug = re.sub(r"[^a-z0-9]+", "-", surface.lower()).strip("-")
        place = (surface, f"loc:{slug}", "LOC", "name", f"{_METHOD}+locative")
    before = dictionary.stop_before.get(surface)
    fixed = plain if not pat.place and surface not in stop and before is None else None
    role = tuple(pat.target.split("@", 1)) if pat.kind == "role" else None
    nearby = surface in stop or before is not None or pat.place or pat.kind in _NAMED
    words = stop.get(surface)
    initials = frozenset(w[0] for w in words or ())
    return _Entry(pat, fixed, plain, words, initials, place, role, {}, nearby, before)  # type: ignore[arg-type]


def build_automaton(dictionary: Dictionary) -> Matcher[_Entry]:
    """One matcher (:class:`pipeline.matching.Matcher`) over every surface of the dictionary,
    case-sensitive, with the hyphen rules of :func:`_hyphens_ok`; each value the surface's
    :class:`_Entry`."""
    entries = {
        surface: _entry(surface, pat, dictionary)
        for surface, pat in dictionary.patterns.items()
        if surface
    }
    return Matcher(entries, hyphens=_hyphens_ok, initials=_INITIALS)


def _left_hyphen_ok(text: str, start: int) -> bool:
    """A match after "-": not when the hyphen joins a prefix ("ke-NATO", "se-Rusia")."""
    m = _PREFIX_WORD.search(text[max(0, start - 6) : start])
    return not (m and m.group(1) in _HYPHEN_PREFIXES)


def _right_hyphen_ok(text: str, end: int) -> bool:
    """A match before "-": only before a capital, a digit or a clitic."""
    rest = text[end + 1 : end + 5]
    if rest[:1].isupper() or rest[:1].isdigit():
        return True  # "Azerbaijan-Armenia"
    return rest.startswith(_CLITICS)  # "Rusia-nya" yes, "NATO-an" no


def _hyphens_ok(text: str, start: int, end: int, left: bool, right: bool) -> bool:
    """Whether a match at a hyphen stands (the prefix and clitic rules above)."""
    return (not left or _left_hyphen_ok(text, start)) and (not right or _right_hyphen_ok(text, end))


def _next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end, end + 40)
    return m.group(1).lower() if m else ""


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    return m.group(1).lower() if m else ""


def _locative(text: str, start: int) -> bool:
    """Whether a locative preposition ("di", "ke", "ibu kota", …) comes right before ``start``:
    within the 20 characters before, a whole word (or phrase) followed by whitespace only."""
    before = text[max(0, start - 20) : start]
    rest = before.rstrip()
    if len(rest) == len(before) or not rest.endswith(_LOCATIVE):
        return False
    for words in _LOCATIVE:
        if rest.endswith(words):
            k = len(rest) - len(words)
            if k == 0 or not (rest[k - 1].isalnum() or rest[k - 1] == "_"):
                return True
    return False


def _stopped(text: str, end: int, entry: _Entry) -> bool:
    """Whether a stoplisted surface comes before one of its stop words ("Baku tembak")."""
    if text[end : end + 1] == " ":
        # The next word starts right after the space: its first letter can rule it out.
        first = text[end + 1 : end + 2]
        low = first.lower()
        if first and not first.isspace() and len(low) == 1 and low not in entry.stop_initials:
            return False
    return _next_word(text, end) in entry.stop  # type: ignore[operator]


def _in_context(text: str, start: int, end: int, entry: _Entry) -> MentionRow | _Pending:
    """The mention of a match whose entry has no fixed mention, as far as its surroundings tell:
    a stoplisted surface before a stop word is none ("Baku tembak"), a place after a locative
    preposition a LOC ("di Yerevan"); an office or an ambiguous surface stays pending."""
    if entry.stop is not None and _stopped(text, end, entry):
        return (start, end, None)
    if entry.stop_before is not None and _prev_word(text, start) in entry.stop_before:
        return (start, end, None)
    if entry.place is not None and _locative(text, start):
        return (start, end, *entry.place)
    if entry.plain is not None:
        return (start, end, *entry.plain)
    return (start, end, entry)


def _found(text: str, matcher: Matcher[_Entry]) -> tuple[list[MentionRow | _Pending], list[int]]:
    """The non-overlapping matches in text order (leftmost, then longest), each as its row
    (:data:`MentionRow`) or, if that depends on the text around it, as ``(start, end, entry)``;
    and the positions of the latter."""
    out: list[MentionRow | _Pending] = []
    pending: list[int] = []
    push = out.append
    starts, ends, entries = matcher.matches(text)
    for start, end, entry in zip(starts, ends, entries, strict=True):
        fixed = entry.fixed
        if fixed is not None:
            push((start, end, *fixed))
            continue
        m = _in_context(text, start, end, entry) if entry.nearby else (start, end, entry)
        if len(m) == 3:
            pending.append(len(out))
        push(m)
    return out, pending


def tag_text(
    text: str, when: date | None, dictionary: Dictionary, automaton: Matcher[_Entry]
) -> list[Mention]:
    """All actor mentions in ``text`` (an article body published on ``when``), in text order.

    ``automaton`` must come from :func:`build_automaton` of the same ``dictionary``.
    """
    return list(map(Mention._make, tag_rows(text, when, dictionary, automaton)))


def tag_rows(
    text: str, when: date | None, dictionary: Dictionary, automaton: Matcher[_Entry]
) -> list[MentionRow]:
    """What :func:`tag_text` returns, each mention as a plain tuple (the hot path)."""
    found, pending = _found(text, automaton)
    if not pending:
        return found  # type: ignore[return-value]  # rows only
    # In text order, each pending match becomes its mention or None.
    named: Counter[str] | None = None
    dropped = False
    for i in pending:
        s, e, entry = found[i]  # type: ignore[misc]
        if entry is None:
            m = None  # stoplisted
        elif entry.role is not None:
            m = _office(text, when, dictionary, found, i)
        else:
            if named is None:
                named = _named(found, dictionary)
            m = _ambiguous(s, e, entry.pattern, named, dictionary)
        found[i] = m  # type: ignore[call-overload]
        dropped = dropped or m is None
    return list(filter(None, found)) if dropped else found  # type: ignore[return-value]


def _pattern(m: MentionRow | _Pending, dictionary: Dictionary) -> Pattern | None:
    """The pattern of a match; None for a stoplisted one."""
    if len(m) != 3:
        return dictionary.patterns[m[2]]  # type: ignore[index]  # a row's surface
    return m[2].pattern if m[2] is not None else None  # type: ignore[union-attr]


def _named(found: list[MentionRow | _Pending | None], dictionary: Dictionary) -> Counter[str]:
    """How often each entity is named (name, alias, metonym) by the matches of a text."""
    pats = (_pattern(m, dictionary) for m in found if m is not None)
    return Counter(p.target for p in pats if p is not None and p.kind in _NAMED)


def _ambiguous(
    s: int, e: int, pat: Pattern, named: Counter[str], dictionary: Dictionary
) -> MentionRow:
    """An ambiguous surface ("Brussels"): the candidate named most often in the text, if any."""
    cands = pat.target.split("|")
    best = max(cands, key=lambda c: (named[c], -cands.index(c)))
    if named[best] == 0:
        return (s, e, pat.surface, pat.target, "OTHER", "metonym", f"{_METHOD}+unresolved")
    btype = dictionary.entities[best].type
    return (s, e, pat.surface, best, btype, "metonym", f"{_METHOD}+context")


def _office(
    text: str,
    when: date | None,
    dictionary: Dictionary,
    found: list[MentionRow | _Pending | None],
    i: int,
) -> MentionRow | None:
    """The mention of the office ``found[i]``; None when a person's name follows it."""
    s, e, entry = found[i]  # type: ignore[misc]
    ents = dictionary.entities
    # "Perdana Menteri Armenia Nikol Pashinyan": the name that follows carries the mention.
    for j in range(i + 1, len(found)):
        nxt = found[j]
        if len(nxt) == 3:  # type: ignore[arg-type]
            if nxt[2] is None:  # type: ignore[index]
                continue  # stoplisted: not a mention
            npat = nxt[2].pattern  # type: ignore[index]
            person = npat.kind in ("name", "alias") and ents[npat.target].type == "PERSON"
        else:  # a row (of a name, alias or metonym, or a LOC: its pattern's kind and type)
            person = nxt[5] in ("name", "alias") and nxt[4] == "PERSON"  # type: ignore[index]
        ns = nxt[0]  # type: ignore[index]
        if person and ((ns == e + 1 and text[e] == " ") or _GAP.fullmatch(text, e, ns)):
            return None
        break
    role, of = entry.role
    if when in entry.holders:
        holder = entry.holders[when]
    else:
        holder = entry.holders[when] = dictionary.holder_at(role, of, when)
    surface = entry.pattern.surface
    if holder is not None:
        return (s, e, surface, holder.id, "PERSON", "role", f"{_METHOD}+role@date")
    if when is None:
        # Undated article: the one holder of the office that the article names by name.
        named = _named(found, dictionary)
        in_text = [p for p in dictionary.holders(role, of) if named[p.id]]
        if len(in_text) == 1:
            pid = in_text[0].id
            return (s, e, surface, pid, "PERSON", "role", f"{_METHOD}+role@named")
    return (s, e, surface, of, ents[of].type, "role", f"{_METHOD}+role")


def scan(text: str, matcher: Matcher[_Entry]) -> list[tuple[int, int, Pattern]]:
    """Word-bounded, non-overlapping matches (leftmost, then longest) and their patterns."""
    starts, ends, entries = matcher.matches(text)
    return [(s, e, entry.pattern) for s, e, entry in zip(starts, ends, entries, strict=True)]


def bloc_of(
    entity_id: str,
    entity_type: str,
    dictionary: Dictionary,
    focal: str,
    russia: frozenset[str],
    west: frozenset[str],
) -> str:
    """``focal``, ``russia``, ``west`` or ``none``; a person inherits its affiliation's bloc."""
    if entity_type == "PERSON":
        ent = dictionary.entities.get(entity_id)
        entity_id = ent.affiliation if ent and ent.affiliation else entity_id
    if entity_id == focal:
        return "focal"
    if entity_id in russia:
        return "russia"
    if entity_id in west:
        return "west"
    return "none"


def sentence_index(spans: list[tuple[int, int]]) -> list[int]:
    """Start offsets of ``spans`` for :func:`sentence_of`."""
    return [s for s, _ in spans]


def sentence_of(starts: list[int], offset: int) -> int:
    """Index of the sentence containing ``offset``."""
    return max(0, bisect.bisect_right(starts, offset) - 1)
