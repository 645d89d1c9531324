"""People who are not in the dictionary, found from title phrases and appositions.

"Menteri Luar Negeri Armenia Ararat Mirzoyan", "juru bicara Maria Zakharova", "Anggota senior
majelis tinggi parlemen Rusia, Grigory Karasin" and "Grigory Karasin, anggota parlemen Rusia" name a
person after (or before) a title. The name (1–4 capitalised tokens, with particles such as "bin"
or "von" inside) becomes a mention with ``kind = discovered`` and ``person:<given-family>`` id; its
affiliation is the first state or organisation named in the title (the state of a role phrase, the
affiliation of a person the title belongs to: "juru bicara Putin"). Later references in the same
article by the full name or the surname alone get the same id. Text that is already a dictionary
mention is never discovered, and a name next to a dictionary person ("Vladimir V. Putin") is that
person, not a new one. The language data (titles, words that continue them, particles, words that
are never names) is the ``discovery`` section of ``actors.yaml``.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import product

import ahocorasick
import pandas as pd

from pipeline.entities.dictionary import Dictionary, DiscoveryCues
from pipeline.entities.tagger import Mention

METHOD = "apposition"
MAX_NAME_TOKENS = 4
_MAX_TITLE_STEPS = 12
_WORD = re.compile(r"[^\W_](?:[\w’'-]*[^\W_])?")
_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_INITIAL = re.compile(r"[A-Z]\.")
_SPACES = re.compile(r"[ \t\u00a0]*")
_COMMA = re.compile(r"[ \t\u00a0]*,[ \t\u00a0]*")
_COMMA_BEFORE = re.compile(r"[ \t\u00a0]*,[ \t\u00a0]*$")
_ACTOR_TYPES = ("COUNTRY", "ORG")


@dataclass(frozen=True)
class Found:
    """A person named after (or before) a title phrase in one article."""

    start: int
    end: int
    name: str
    entity_id: str
    affiliation: str | None
    title: str
    method: str


@dataclass(frozen=True)
class DiscoveryRules:
    """Title heads in one automaton (each word with either first-letter case) and word lists."""

    titles: ahocorasick.Automaton
    cues: DiscoveryCues
    surfaces: frozenset[str] = frozenset()  # one-word dictionary surfaces: never a new name
    _seen: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def name_token(self, token: str) -> bool:
        """:func:`is_name_token`, and not a word the dictionary knows ("Armenia")."""
        ok = self._seen.get(token)
        if ok is None:
            ok = self._seen[token] = token not in self.surfaces and is_name_token(token, self.cues)
        return ok


def _case_variants(phrase: str) -> list[str]:
    """``phrase`` with each word's first letter in either case ("juru bicara", "Juru Bicara", …)."""
    options = [dict.fromkeys((w[0].upper() + w[1:], w[0].lower() + w[1:])) for w in phrase.split()]
    return [" ".join(v) for v in product(*options)]


def build_rules(dictionary: Dictionary) -> DiscoveryRules | None:
    """Title heads of the dictionary's ``discovery`` section; None when it lists none."""
    cues = dictionary.discovery
    if not cues.titles:
        return None
    auto = ahocorasick.Automaton()
    for title in cues.titles:
        for variant in _case_variants(title):
            auto.add_word(variant, len(variant))
    auto.make_automaton()
    surfaces = frozenset(s for s in dictionary.patterns if _NAME_TOKEN.fullmatch(s))
    return DiscoveryRules(auto, cues, surfaces)


def _bounded(text: str, start: int, end: int) -> bool:
    left = text[start - 1] if start else " "
    right = text[end] if end < len(text) else " "
    return not (left.isalnum() or left in "’'-_") and not (right.isalnum() or right in "’'-_")


def title_heads(text: str, rules: DiscoveryRules) -> list[tuple[int, int]]:
    """Word-bounded title heads in ``text``: the longest at each place, left to right."""
    hits = sorted(
        (end + 1 - n, end + 1)
        for end, n in rules.titles.iter(text)
        if _bounded(text, end + 1 - n, end + 1)
    )
    out: list[tuple[int, int]] = []
    for s, e in sorted(hits, key=lambda h: (h[0], -h[1])):
        if not out or s >= out[-1][1]:
            out.append((s, e))
    return out


def person_id(name: str) -> str | None:
    """``person:<given-family>`` in lowercase ASCII ("James O’Brien" → ``person:james-obrien``)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"['’`]", "", ascii_name.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")
    return f"person:{slug}" if slug else None


def is_name_token(token: str, cues: DiscoveryCues) -> bool:
    """A capitalised word that may be part of a person's name ("O’Brien", "al-Assad", not "AS")."""
    if not _NAME_TOKEN.fullmatch(token):
        return False
    low = token.lower()
    if low in cues.not_names or low in cues.title_words or low.endswith("-nya"):
        return False
    head, sep, rest = token.partition("-")
    if sep and head.lower() in cues.particles:
        token = rest
    return token[0].isupper() and any(c.islower() for c in token[1:])


def _named_person(m: Mention) -> bool:
    """A person named by the dictionary (not an office such as "Menteri Luar Negeri Armenia")."""
    return m.entity_type == "PERSON" and m.kind != "role"


class _Spans:
    """Sorted, non-overlapping mention spans of one text, looked up by position."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.mentions = list(mentions)
        self.starts = [m.start for m in self.mentions]

    def covering(self, pos: int) -> Mention | None:
        """The mention containing ``pos``, if any."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.mentions[i].end > pos:
            return self.mentions[i]
        return None

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.mentions[i].end > start


def name_run(
    text: str, pos: int, spans: _Spans, rules: DiscoveryRules
) -> tuple[int, int, list[str]] | None:
    """The name starting at ``pos``: ``(start, end, tokens)``, or None.

    1–4 name tokens on one line, with particles and initials inside. None when it runs longer,
    starts inside a mention, ends next to a dictionary person ("Vladimir V. Putin"), or goes on
    with a capitalised title word ("Gubernur Jawa Barat …": a place, not a name).
    """
    cues = rules.cues
    tokens: list[str] = []
    names, end, p = 0, pos, pos
    while True:
        m = spans.covering(p)
        if m is not None:
            if _named_person(m):
                return None
            break
        w = _WORD.match(text, p)
        initial = _INITIAL.match(text, p)
        if w and rules.name_token(w.group()):
            names += 1
            if names > MAX_NAME_TOKENS:
                return None
            tokens.append(w.group())
            end = p = w.end()
        elif tokens and initial:
            tokens.append(initial.group())
            p = initial.end()
        elif tokens and w and w.group() in cues.particles:
            tokens.append(w.group())
            p = w.end()
        else:
            if w and w.group()[0].isupper() and w.group().lower() in cues.title_words and tokens:
                return None
            break
        gap = _SPACES.match(text, p)
        if gap.end() == p:
            break
        p = gap.end()
    while tokens and not rules.name_token(tokens[-1]):
        tokens.pop()
    return (pos, end, tokens) if tokens else None


def _affiliation(mentions: Iterable[Mention], dictionary: Dictionary) -> str | None:
    """The first state or organisation a title names: a role phrase's state, a person's own."""
    for m in mentions:
        pat = dictionary.patterns.get(m.surface)
        if m.kind == "role" and pat is not None and "@" in pat.target:
            return pat.target.split("@", 1)[1]
        if m.entity_type in _ACTOR_TYPES:
            return m.entity_id
        if m.entity_type == "PERSON":
            ent = dictionary.entities.get(m.entity_id)
            if ent is not None and ent.affiliation:
                return ent.affiliation
    return None


def _title_tail(
    text: str, pos: int, spans: _Spans, rules: DiscoveryRules
) -> tuple[int, list[Mention]]:
    """Where the title phrase from ``pos`` ends, and the mentions inside it."""
    inside: list[Mention] = []
    end = pos
    for _ in range(_MAX_TITLE_STEPS):
        m = spans.covering(end)
        if m is not None and not _named_person(m):
            inside.append(m)
            end = m.end
        else:
            p = _SPACES.match(text, end).end()
            m = spans.covering(p)
            w = _WORD.match(text, p)
            if m is not None and not _named_person(m) and m.start == p:
                inside.append(m)
                end = m.end
            elif (
                m is None
                and w
                and (w.group().lower() in rules.cues.title_words or w.group() in rules.surfaces)
            ):
                end = w.end()
            else:
                break
    return end, inside


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos].rstrip(' \t\u00a0"“')
    return not before or before[-1] in ".!?\n"


def _as_word(text: str, token: str) -> bool:
    """``token`` also occurs in lowercase in ``text``: a common word."""
    return re.search(rf"(?<![\w-]){re.escape(token.lower())}(?![\w-])", text) is not None


def _name_before(
    text: str, comma: int, spans: _Spans, rules: DiscoveryRules
) -> tuple[int, int, list[str]] | None:
    """The name of 2–4 tokens ending just before ``, <title>`` ("Grigory Karasin, anggota …")."""
    lo = max(0, comma - 80)
    run: list[re.Match[str]] = []
    for w in reversed(list(_WORD.finditer(text, lo, comma))):
        after = run[0].start() if run else comma
        if text[w.end() : after].strip(" \t\u00a0"):
            break
        if not (rules.name_token(w.group()) or (run and w.group() in rules.cues.particles)):
            break
        run.insert(0, w)
    while run and not rules.name_token(run[0].group()):
        run.pop(0)
    if len(run) > 2 and _sentence_start(text, run[0].start()) and _as_word(text, run[0].group()):
        run.pop(0)  # "Pertemuan Ivan Petrovsky, …": a capitalised common word, not a name
    names = sum(rules.name_token(w.group()) for w in run)
    if names < 2 or names > MAX_NAME_TOKENS or (run and run[0].start() == lo > 0):
        return None
    start, end = run[0].start(), run[-1].end()
    if spans.overlaps(start, end):
        return None
    return start, end, [w.group() for w in run]


def _titled_name(
    text: str,
    tail_end: int,
    inside: list[Mention],
    spans: _Spans,
    dictionary: Dictionary,
    rules: DiscoveryRules,
) -> tuple[tuple[int, int, list[str]] | None, int, list[Mention]]:
    """The name right after a title ending at ``tail_end``, with the title's end and mentions.

    Capitalised words followed by a state or organisation belong to the title ("Gubernur Bank
    Sentral Armenia Martin Galstyan"); without any, the first of three or more capitalised words
    is taken for an unknown state or party ("Perdana Menteri Hongaria Viktor Orban").
    """
    for _ in range(3):
        gap = _SPACES.match(text, tail_end).end()
        run = name_run(text, gap, spans, rules) if gap > tail_end else None
        if run is None:
            return None, tail_end, inside
        start, end, tokens = run
        after = _SPACES.match(text, end).end()
        nxt = spans.covering(after)
        if (
            after > end
            and nxt is not None
            and nxt.start == after
            and nxt.entity_type in _ACTOR_TYPES
        ):
            tail_end, more = _title_tail(text, after, spans, rules)
            inside = [*inside, *more]
            continue
        if len(tokens) >= 3 and _affiliation(inside, dictionary) is None:
            tail_end = start + len(tokens[0])
            run = (_SPACES.match(text, tail_end).end(), end, tokens[1:])
        return run, tail_end, inside
    return None, tail_end, inside


def find_titled(
    text: str, mentions: Sequence[Mention], dictionary: Dictionary, rules: DiscoveryRules
) -> tuple[list[Found], set[int]]:
    """Names next to a title phrase, in text order; and the start offsets of the role mentions
    they absorb ("Menteri Luar Negeri Armenia" before the name carries no mention of its own)."""
    spans = _Spans(mentions)
    found: dict[int, Found] = {}  # by name start; a later (nearer) title wins
    absorbed: set[int] = set()
    for t_start, t_end in title_heads(text, rules):
        head = spans.covering(t_start)
        if head is not None and _named_person(head):
            continue
        tail_end, inside = _title_tail(text, t_end, spans, rules)
        if head is not None and head not in inside:
            inside.insert(0, head)
        gap = _SPACES.match(text, tail_end)
        comma = _COMMA.match(text, tail_end)
        method = METHOD
        run, tail_end, inside = _titled_name(text, tail_end, inside, spans, dictionary, rules)
        affiliation = _affiliation(inside, dictionary)
        if run is None and comma is not None:
            run = name_run(text, comma.end(), spans, rules)
            method = f"{METHOD}+comma"
        owner = spans.covering(gap.end())
        if (
            run is None
            and owner is not None
            and _named_person(owner)
            and owner.start == gap.end()
            and " ".join(text[t_start:t_end].lower().split()) in rules.cues.owned_titles
        ):
            # "juru bicara Putin, Oleg …": a title held for a known person
            comma = _COMMA.match(text, owner.end)
            if comma is not None:
                run = name_run(text, comma.end(), spans, rules)
                affiliation = affiliation or _affiliation([owner], dictionary)
                tail_end, method = owner.end, f"{METHOD}+comma"
        if run is None:
            before = _COMMA_BEFORE.search(text, max(0, t_start - 6), t_start)
            if before is not None:
                run = _name_before(text, before.start(), spans, rules)
                method = f"{METHOD}+comma"
        if run is None:
            continue
        start, end, _ = run
        name = text[start:end]
        title = text[t_start:tail_end]
        pid = person_id(name)
        if pid is None:
            continue
        found[start] = Found(start, end, name, pid, affiliation, title.strip(" ,"), method)
        if (
            start > t_start
            and inside
            and inside[-1].kind == "role"
            and not text[inside[-1].end : start].strip(" ,\t\u00a0")
        ):
            absorbed.add(inside[-1].start)
    return [found[k] for k in sorted(found)], absorbed


def _surname(tokens: Sequence[str], rules: DiscoveryRules) -> str:
    names = [t for t in tokens if rules.name_token(t)]
    return names[-1] if names else ""


def _occurrences(text: str, surface: str, after: int) -> Iterable[tuple[int, int]]:
    """Word-bounded occurrences of ``surface`` (either apostrophe) from ``after`` on."""
    for variant in dict.fromkeys((surface, surface.replace("’", "'"), surface.replace("'", "’"))):
        pos = text.find(variant, after)
        while pos >= 0:
            end = pos + len(variant)
            left = text[pos - 1] if pos else " "
            right = text[end] if end < len(text) else " "
            if not (left.isalnum() or left in "’'-_") and not (right.isalnum() or right in "’'_"):
                yield pos, end
            pos = text.find(variant, pos + 1)


def discover(
    text: str, mentions: Sequence[Mention], dictionary: Dictionary, rules: DiscoveryRules | None
) -> tuple[list[Mention], list[Found]]:
    """The article's mentions with discovered people added (sorted by offset), and the titled
    appositions found. Role mentions absorbed by a following discovered name are dropped."""
    if rules is None:
        return list(mentions), []
    found, absorbed = find_titled(text, mentions, dictionary, rules)
    if not found:
        return list(mentions), []
    # One id per surname in the article: the longest name wins ("Presiden Macron" after
    # "Presiden Prancis Emmanuel Macron" is the same person).
    by_surname: dict[str, list[Found]] = defaultdict(list)
    for f in found:
        by_surname[_surname(f.name.split(), rules).replace("'", "’")].append(f)
    canonical: dict[str, str] = {}
    for group in by_surname.values():
        best = max(group, key=lambda f: (len(f.name.split()), -f.start))
        for f in group:
            canonical[f.entity_id] = best.entity_id
    found = [
        Found(f.start, f.end, f.name, canonical[f.entity_id], f.affiliation, f.title, f.method)
        for f in found
    ]
    kept = [m for m in mentions if m.start not in absorbed]
    taken = bytearray(len(text))  # 1 where a mention is
    for m in kept:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)

    def free(s: int, e: int) -> bool:
        return taken.find(1, s, e) < 0

    def take(s: int, e: int) -> None:
        taken[s:e] = b"\x01" * (e - s)

    new: list[Mention] = []
    for f in found:
        if free(f.start, f.end):
            take(f.start, f.end)
            new.append(
                Mention(f.start, f.end, f.name, f.entity_id, "PERSON", "discovered", f.method)
            )
    first: dict[str, Found] = {}
    for f in found:
        first.setdefault(f.entity_id, f)
    for pid, f in first.items():
        names = sorted({g.name for g in found if g.entity_id == pid}, key=lambda n: (-len(n), n))
        surname = _surname(f.name.split(), rules)
        surfaces = [(n, f"{METHOD}+repeat") for n in names if " " in n]
        if len(surname) >= 3:
            surfaces.append((surname, f"{METHOD}+surname"))
        for surface, method in surfaces:
            for s, e in _occurrences(text, surface, f.end):
                if free(s, e):
                    take(s, e)
                    new.append(Mention(s, e, text[s:e], pid, "PERSON", "discovered", method))
    return sorted([*kept, *new], key=lambda m: m.start), found


def consensus_affiliations(found: pd.DataFrame) -> dict[str, str | None]:
    """Discovered id → its most frequent affiliation over the corpus (ties: alphabetical)."""
    out: dict[str, str | None] = {}
    for pid, group in found.groupby("entity_id", sort=True):
        counts = Counter(a for a in group["affiliation"] if isinstance(a, str))
        out[str(pid)] = min(counts, key=lambda a: (-counts[a], a)) if counts else None
    return out


def corpus_ids(found: pd.DataFrame) -> dict[str, str]:
    """Single-token ids (``person:macron``) → the one longer id sharing that surname, if unique."""
    ids = sorted(set(found["entity_id"]))
    longer: dict[str, list[str]] = defaultdict(list)
    for pid in ids:
        parts = pid.removeprefix("person:").split("-")
        if len(parts) > 1:
            longer[parts[-1]].append(pid)
    out = {}
    for pid in ids:
        slug = pid.removeprefix("person:")
        if "-" not in slug and len(longer.get(slug, [])) == 1:
            out[pid] = longer[slug][0]
    return out


def discovery_table(found: pd.DataFrame, mentions: pd.DataFrame, top: int = 50) -> pd.DataFrame:
    """Frequent people not in the dictionary, for adding them to ``actors.yaml``.

    One row per discovered id: the most common name and title phrase, the affiliation, how many
    articles and mentions, and an example sentence.
    """
    cols = ["name", "entity_id", "affiliation", "title", "n_articles", "n_mentions", "example"]
    if found.empty:
        return pd.DataFrame(columns=cols)
    disc = mentions[mentions["kind"] == "discovered"]
    n_mentions = disc.groupby("entity_id").size()
    n_articles = disc.groupby("entity_id")["doc_id"].nunique()
    affiliations = consensus_affiliations(found)
    rows = []
    for pid, group in found.groupby("entity_id", sort=True):
        names = Counter(group["name"])
        titles = Counter(group["title"])
        rows.append(
            (
                min(names, key=lambda n: (-names[n], -len(n), n)),
                pid,
                affiliations.get(str(pid)),
                min(titles, key=lambda t: (-titles[t], t)),
                int(n_articles.get(pid, group["doc_id"].nunique())),
                int(n_mentions.get(pid, len(group))),
                str(group["example"].iloc[0]),
            )
        )
    table = pd.DataFrame(rows, columns=cols)
    return (
        table.sort_values(["n_articles", "n_mentions", "entity_id"], ascending=[False, False, True])
        .head(top)
        .reset_index(drop=True)
    )
