"""Quote attribution: whose words each sentence of an article reports.

Cues, in this order of trust within a sentence:

1. a speech verb after a closing quote or a comma — '"…," kata Pashinyan', '…, ujar juru bicara
   Kremlin Dmitry Peskov', '…," jelas PM Armenia' (a role phrase: its holder);
2. otherwise the earliest of: "menurut X"; a speaker before a reported-speech verb ("Pashinyan
   mengatakan …", "Karasin beberapa waktu lalu mengklaim kepada RIA, bahwa …"; weak verbs such as
   "mengklaim" count only before "bahwa"/"agar"/a quote; of a list, "O’Brien dan Mirzoyan
   mengatakan", the actor next to the verb; no object of a preposition, "Pakta dengan Yerevan tidak
   menyebutkan"); a verb coordinated with the sentence's subject ("Pashinyan mengakui …, dan
   mengatakan bahwa …").

The speaker after a verb is the first person in the phrase that follows (title words, source nouns
and capitalised words may precede it), else its first state or organisation. "-nya" forms
("ujarnya", "menurutnya") and pronouns ("kata dia", "Ia menyatakan") are the article's most recent
person speaker, or its only person named so far. Mentions inside quotation marks never speak, and
a cue inside a quote is no cue. Quotes spanning several sentences are spread downstream
(``pipeline.stance.stage.quote_speakers``). The verbs and words are the ``quotes`` section of
``actors.yaml``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.entities.dictionary import Dictionary
from pipeline.entities.tagger import Mention

PRONOUN = "<pronoun>"  # the speaker is whoever spoke last
_SPEAKER_TYPES = ("PERSON", "ORG", "COUNTRY")
_MAX_PHRASE_WORDS = 12
_WORD = re.compile(r"[^\W_](?:[\w’'-]*[^\W_])?")
_SPACES = re.compile(r"\s*")
_OLEH = re.compile(r"\s*(?:oleh\s+)?")
_QUOTE_MARKS = re.compile(r"[\"“”\n]")
_AND = re.compile(r"\s*,?\s*(?:dan|serta)\s+")
_COMMA = re.compile(r"\s*,\s*")
_SUBJECT_PREFIX = re.compile(r"(?:[^,\"“”]{0,40},\s*)?(?:[A-Z][\w-]*\s+){0,3}")


@dataclass(frozen=True)
class QuoteRules:
    """Compiled cue patterns and the words a speaker phrase may contain."""

    cues: re.Pattern[str]  # groups: after (quote/comma + verb), menurut, verb; nya / nya2
    gap: re.Pattern[str]  # what may stand between a speaker and its verb (fullmatch)
    pronoun_before: re.Pattern[str]  # "Ia" / "dia" right before the verb (search to the end)
    coordinated: re.Pattern[str]  # "dan" right before the verb
    object_of: re.Pattern[str]  # a preposition right before a mention (search to the end)
    pronouns: frozenset[str]
    phrase_words: frozenset[str]  # lowercase words allowed inside a speaker phrase


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def build_rules(dictionary: Dictionary) -> QuoteRules | None:
    """Patterns from the dictionary's ``quotes`` section; None when it lists no verbs."""
    q = dictionary.quotes
    if not (q.after_verbs or q.reported_verbs or q.weak_verbs):
        return None
    after = _alternation(q.after_verbs) or r"(?!x)x"
    menurut = r"[Mm]enurut"
    strong = _alternation(q.reported_verbs) or r"(?!x)x"
    weak = _alternation(q.weak_verbs) or r"(?!x)x"
    pronouns = _alternation(q.pronouns) or r"(?!x)x"
    verbs = (*q.reported_verbs, *q.weak_verbs)
    firsts = re.escape("".join(sorted({'"', "”", "’", ",", "M", "m"} | {w[0] for w in verbs})))
    complement = (
        r"(?=\s*,?\s*(?:bahwa|agar|supaya|jika)\b|\s*[:,]?\s*[\"“]|[^.;:\"“”]{0,40}?\bbahwa\b)"
    )
    gap_words = _alternation(q.gap_words)
    gap_word = rf"(?i:{gap_words})|\([^()]{{1,25}}\)|\d+" if gap_words else r"\([^()]{1,25}\)|\d+"
    return QuoteRules(
        cues=re.compile(
            rf"(?=[{firsts}])(?:"  # one pass over the article; a cheap first-character test
            rf"(?P<after>(?:[\"”’]\s*,?|,)\s*(?:{after})(?P<nya>nya)?(?![\w-]))"
            rf"|(?<![\w-])(?P<menurut>{menurut}(?P<nya2>nya)?(?![\w-]))"
            rf"|(?<![\w-])(?P<verb>(?:(?:{strong})(?:nya)?|(?:{weak})(?:nya)?{complement})(?![\w-])))"
        ),
        gap=re.compile(rf"(?:\s*,[^,\"“”]{{1,80}},)?(?:\s+(?:{gap_word})){{0,4}}\s+"),
        pronoun_before=re.compile(rf"(?<![\w-])(?i:{pronouns})(?:\s+(?:{gap_word})){{0,4}}\s+$"),
        coordinated=re.compile(r"\b(?:dan|serta|lalu|kemudian)\s+(?:juga\s+)?$"),
        object_of=re.compile(rf"(?<![\w-])(?i:{_alternation(q.prepositions) or '(?!x)x'})\s+$"),
        pronouns=frozenset(q.pronouns),
        phrase_words=dictionary.discovery.title_words | frozenset(q.source_nouns),
    )


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans inside quotation marks; an unclosed quote ends at the line's end."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for m in _QUOTE_MARKS.finditer(text):
        ch = m.group()
        if ch == "\n":
            if start is not None:
                spans.append((start, m.start()))
                start = None
        elif start is None:
            if ch != "”":
                start = m.end()
        elif ch == "“":
            start = m.end()  # an unclosed quote reopened: keep the latest
        else:
            spans.append((start, m.start()))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


class _Article:
    """One article's mentions and quoted spans, looked up by position."""

    def __init__(self, text: str, mentions: Sequence[Mention]) -> None:
        self.text = text
        self.mentions = list(mentions)
        self.starts = [m.start for m in self.mentions]
        self.ends = [m.end for m in self.mentions]
        self.quoted = quoted_spans(text)
        self.q_starts = [s for s, _ in self.quoted]

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.q_starts, pos) - 1
        return i >= 0 and self.quoted[i][0] <= pos < self.quoted[i][1]

    def mention_at(self, pos: int) -> Mention | None:
        i = bisect.bisect_left(self.starts, pos)
        return self.mentions[i] if i < len(self.starts) and self.starts[i] == pos else None

    def ending_before(self, pos: int, lo: int) -> Mention | None:
        """The last mention ending at or before ``pos`` and starting at or after ``lo``."""
        i = bisect.bisect_right(self.ends, pos) - 1
        return self.mentions[i] if i >= 0 and self.mentions[i].start >= lo else None

    def first_of_list(self, m: Mention, lo: int) -> Mention:
        """The first actor of a list ending in ``m`` ("dengan Rusia dan Armenia" → Rusia).

        A bare comma links only actors of one type ("Rusia, Grigory Karasin" is an apposition).
        """
        while True:
            prev = self.ending_before(m.start, lo)
            if prev is None or prev.entity_type not in _SPEAKER_TYPES:
                return m
            if not (
                _AND.fullmatch(self.text, prev.end, m.start)
                or (
                    prev.entity_type == m.entity_type
                    and _COMMA.fullmatch(self.text, prev.end, m.start)
                )
            ):
                return m
            m = prev


def speaker_phrase(art: _Article, pos: int, end: int, rules: QuoteRules) -> Mention | str | None:
    """The speaker named from ``pos``: a mention, :data:`PRONOUN`, or None."""
    text = art.text
    p = _OLEH.match(text, pos, end).end()
    w = _WORD.match(text, p, end)
    if w and w.group().lower() in rules.pronouns:
        return PRONOUN
    found: list[Mention] = []
    for _ in range(_MAX_PHRASE_WORDS):
        m = art.mention_at(p)
        if m is not None:
            found.append(m)
            p = m.end
        else:
            w = _WORD.match(text, p, end)
            if not w or not (w.group()[0].isupper() or w.group().lower() in rules.phrase_words):
                break
            p = w.end()
        nxt = _SPACES.match(text, p, end).end()
        if nxt == p:
            break
        p = nxt
    for m in found:
        if m.entity_type == "PERSON":
            return m
    for m in found:
        if m.entity_type in _SPEAKER_TYPES:
            return m
    return None


def _subject(art: _Article, start: int, end: int) -> Mention | None:
    """The sentence's subject: its first speaker-type mention, near its start, not quoted."""
    for i in range(bisect.bisect_left(art.starts, start), len(art.starts)):
        m = art.mentions[i]
        if m.start >= end:
            return None
        if m.entity_type in _SPEAKER_TYPES and not art.in_quote(m.start):
            return m if _SUBJECT_PREFIX.fullmatch(art.text, start, m.start) else None
    return None


def _verb_speaker(art: _Article, v: int, start: int, rules: QuoteRules) -> Mention | str | None:
    """Who speaks through the reported-speech verb at ``v``."""
    m = art.ending_before(v, start)
    if (
        m is not None
        and m.entity_type in _SPEAKER_TYPES
        and not art.in_quote(m.start)
        and rules.gap.fullmatch(art.text, m.end, v)
    ):
        first = art.first_of_list(m, start)
        if not rules.object_of.search(art.text, max(start, first.start - 15), first.start):
            return m
    if rules.pronoun_before.search(art.text, max(start, v - 60), v):
        return PRONOUN
    if rules.coordinated.search(art.text, max(start, v - 20), v):
        return _subject(art, start, v)
    return None


def sentence_speaker(
    art: _Article,
    start: int,
    end: int,
    rules: QuoteRules,
    cues: Sequence[tuple[str, re.Match[str]]],
) -> Mention | str | None:
    """The speaker of the sentence ``art.text[start:end]`` from its ``cues`` (``(kind, match)``
    in text order): a mention, :data:`PRONOUN` or None."""
    text = art.text
    for kind, c in cues:
        if kind == "after" and not (text[c.start()] == "," and art.in_quote(c.start())):
            who = PRONOUN if c.group("nya") else speaker_phrase(art, c.end(), end, rules)
            if who is not None:
                return who
    for kind, c in cues:
        if kind == "after" or art.in_quote(c.start()):
            continue
        if kind == "menurut":
            who = PRONOUN if c.group("nya2") else speaker_phrase(art, c.end(), end, rules)
        else:
            who = _verb_speaker(art, c.start(), start, rules)
        if who is not None:
            return who
    return None


def attribute_quotes(
    text: str,
    spans: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    rules: QuoteRules | None,
) -> list[str | None]:
    """The speaker (entity id or None) of each sentence ``spans`` of an article."""
    if rules is None:
        return [None] * len(spans)
    art = _Article(text, mentions)
    starts = [s for s, _ in spans]
    by_sentence: dict[int, list[tuple[str, re.Match[str]]]] = {}
    for c in rules.cues.finditer(text):
        kind = "after" if c.group("after") else "menurut" if c.group("menurut") else "verb"
        by_sentence.setdefault(bisect.bisect_right(starts, c.start()) - 1, []).append((kind, c))
    out: list[str | None] = []
    last_person: str | None = None
    people: list[str] = []  # distinct persons named so far, in order
    mi = 0
    for i, (s, e) in enumerate(spans):
        cues = by_sentence.get(i)
        who = sentence_speaker(art, s, e, rules, cues) if cues else None
        if who == PRONOUN:
            speaker = last_person or (people[0] if len(people) == 1 else None)
        elif isinstance(who, Mention):
            speaker = who.entity_id
            if who.entity_type == "PERSON":
                last_person = speaker
        else:
            speaker = None
        out.append(speaker)
        while mi < len(art.mentions) and art.mentions[mi].start < e:
            m = art.mentions[mi]
            if m.entity_type == "PERSON" and m.entity_id not in people:
                people.append(m.entity_id)
            mi += 1
    return out
