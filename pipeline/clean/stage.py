"""The clean stage: raw records → ``articles`` (one row per raw article) and ``cleaning_log``."""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.clean.article import (
    CleanedArticle,
    Removal,
    clean_article,
    detect_outlet,
    line_keys,
    normalise_lines,
    outlets_in,
    page_keys,
)
from pipeline.clean.dates import (
    ZONE_OFFSETS,
    complete_yearless,
    date_from_url,
    first_body_date,
    html_published,
    html_zone,
    iso_zone,
    parse_date_field,
    stated_weekday,
    stated_zone,
    year_from_url,
    zone_offset,
)
from pipeline.clean.dedup import (
    NUM_PERM,
    UNKNOWN_TIME,
    Candidate,
    Signature,
    find_duplicates,
    signature,
    unknown_date_ord,
)
from pipeline.clean.ingest import RawFile, RawRecord, too_long
from pipeline.clean.lines import LineClassifier, page_decisions, repetition_value
from pipeline.clean.outlets import (
    OutletCue,
    choose_outlet,
    dateline_outlet,
    html_cues,
    line_cues,
    title_without_site,
    url_cue,
)
from pipeline.clean.rules import RuleSet
from pipeline.clean.stories import StoryDoc, anchors, link_stories
from pipeline.config import CleanParams, ComputeParams
from pipeline.progress import bar
from pipeline.schemas import COLUMNS, arrow_schema
from pipeline.shards import Step, cluster_session, run_step, shard_count, shard_of

log = logging.getLogger(__name__)


@dataclass
class HtmlDoc:
    text: str
    title: str | None
    author: str | None
    published: str | None
    sitename: str | None
    url: str | None


def extract_html(html: str) -> HtmlDoc | None:
    """Main text and metadata of a saved page (trafilatura); None when it holds no article."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    if doc is None or not (doc.text or "").strip():
        return None
    return HtmlDoc(doc.text, doc.title, doc.author, doc.date, doc.sitename, doc.url)


def html_problem(html: str) -> str:
    """Why a saved page gave no article text: unparseable, truncated, no ``<body>``, an empty
    ``<body>``, or text that holds no article (only navigation, a 404 page)."""
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as err:
        return f"broken HTML: no element could be parsed ({err})"
    body = tree.find(".//body")
    words = 0
    if body is not None:
        etree.strip_elements(body, "script", "style", "noscript", with_tail=False)
        words = len(" ".join(body.itertext()).split())
    cut = html.rfind("<")
    if words == 0 and cut > html.rfind(">"):
        return f"broken HTML: the file ends inside a tag at character {cut} (truncated?)"
    if body is None:
        return "HTML with no <body>: no text to extract"
    if words == 0:
        return "HTML with an empty <body>: no text after parsing"
    return f"no article in HTML: {words} words of page text, none of it an article"


_TAGS = re.compile(r"<[^>]+>")
_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)


def html_text_cues(html: str, rules: RuleSet, body: str = "") -> list[OutletCue]:
    """Outlet cues of a saved page: its head and links, and every visible line outside the
    extracted ``body`` (logo, navigation, bylines, footer: what article extraction drops; the
    body's own dateline is among the cleaned text's cues already, and outlets the body cites
    as sources are not the page's)."""
    visible = [ln.strip() for ln in _TAGS.sub("\n", _SCRIPTS.sub(" ", html)).split("\n")]
    visible = [html_lib.unescape(ln) for ln in visible if ln]
    top = visible[:3]
    out = html_cues(html)
    for line in visible:
        if body and line in body:
            continue
        out += line_cues(line, rules, first=line in top)
        out += [OutletCue(name, "known") for name in outlets_in(line, rules)]
        generic, cue = dateline_outlet(line)
        if generic:
            out.append(OutletCue(generic, cue or "dateline"))
    return out


_STRONG = frozenset({"byline", "dateline", "template"})


def resolve_outlet(
    cleaned: CleanedArticle,
    html: str | None,
    url: str | None,
    sitename: str | None,
    rules: RuleSet,
) -> str | None:
    """The page's outlet: a known outlet its byline, dateline or a template rule names, else
    the best-supported name among everything the page says of itself (see
    :mod:`pipeline.clean.outlets`), its URL and, for a saved page, its head and links."""
    if cleaned.outlet is not None and cleaned.outlet_source in _STRONG:
        return cleaned.outlet
    if html is None and not url and not sitename:
        return cleaned.outlet
    cues = list(cleaned.outlet_cues) + url_cue(url)
    if sitename:
        cues.append(OutletCue(sitename, "meta"))
    if html is not None:
        cues += html_text_cues(html, rules, cleaned.body)
    return choose_outlet(cues, rules)[0]


def key_hash(key: str) -> int:
    """A line key as a 64-bit integer (BLAKE2b): what the corpus-level counts hold. Two of the
    ~20 M distinct keys of 100,000 articles collide with probability ~1e-5."""
    data = key.encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def key_hashes(keys: Iterable[str]) -> np.ndarray:
    """:func:`key_hash` of each of ``keys``, sorted (``uint64``)."""
    return np.sort(np.fromiter(map(key_hash, keys), np.uint64))


def repeated_keys(
    pages: Iterable[tuple[str, str, np.ndarray]], min_docs: int, min_share: float
) -> np.ndarray:
    """Line keys (hashed) recurring in ≥ ``min_docs`` pages and ≥ ``min_share`` of their group.

    ``pages``: each page's text digest, group and the distinct hashed keys of its lines of three
    characters or more; a text counts once per group. Groups are the outlets guessed from each
    text: an outlet's template recurs on most of its pages, a syndicated quote on few.
    """
    seen: set[tuple[str, str]] = set()
    by_group: dict[str, list[np.ndarray]] = defaultdict(list)
    for digest, group, keys in pages:
        if (digest, group) not in seen:
            seen.add((digest, group))
            by_group[group].append(keys)
    out = [np.empty(0, np.uint64)]
    for group in sorted(by_group):
        arrays = by_group[group]
        need = max(min_docs, min_share * len(arrays))
        found, counts = np.unique(np.concatenate(arrays), return_counts=True)
        out.append(found[counts >= need])
    return np.unique(np.concatenate(out))


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def repeated_lines(
    texts: list[str], groups: list[str], min_docs: int, min_share: float
) -> frozenset[str]:
    """Lines (normalised) recurring in ≥ ``min_docs`` documents and ≥ ``min_share`` of their group
    (:func:`repeated_keys` of the texts' :func:`line_keys`)."""
    keys = [line_keys(t) for t in texts]
    hashed = [key_hashes(k) for k in keys]
    pages = zip(map(_text_digest, texts), groups, hashed, strict=True)
    found = set(repeated_keys(pages, min_docs, min_share).tolist())
    return frozenset(k for page in keys for k in page if key_hash(k) in found)


# Close relatives a short-text classifier confuses: Indonesian and Malay above all.
_CONFUSABLE = {"id": {"ms"}, "ms": {"id"}}


# Characters of a body the language is read from: py3langid walks them byte by byte in Python,
# so the cost is linear in the sample. 600 gave the decisions of 2,000 on every body of the tune
# pages, the seeds, 2,000 generated pages and the wrong-language tests (bench/README.md).
LANGUAGE_SAMPLE = 600


def detect_language(text: str, expected: str) -> str:
    """ISO 639-1 code of ``text`` (py3langid's model and ranking, :mod:`pipeline.clean.language`);
    ``expected`` wins over a close relative on top."""
    from pipeline.clean.language import identifier

    top, second = identifier().top_two(text[:LANGUAGE_SAMPLE])
    if top in _CONFUSABLE.get(expected, ()) and second == expected:
        return expected
    return top


_WS = re.compile(r"\s+")


def resolve_date(
    given: str | None, cleaned: CleanedArticle, url: str | None
) -> tuple[date | None, str]:
    """Publication date and its provenance: metadata > byline > url > date line > body > none.

    A year-less byline date ("Kamis (1/8)", day/month) takes its year from the URL, else from
    the article's own dates, latest first (``byline``); the weekday it names picks among them
    and the years next to them (a weekday no year fits leaves the year as above). The URL's
    date beats the body's first date, which is often the date of the event reported rather
    than of the report; the body's first date is read in order, a year-less "Selasa (3/10)" that
    one year completes (the URL's, else one near the body's years) counting where it stands.
    """
    meta = parse_date_field(given) if given else None
    if meta is not None:
        return meta, "metadata"
    if cleaned.byline_date is not None:
        return cleaned.byline_date, "byline"
    url_year = year_from_url(url)
    prefer = [url_year] if url_year else []
    if cleaned.yearless is not None:
        stated = (stated_weekday(r.text, cleaned.yearless) for r in cleaned.removed)
        weekday = next((w for w in stated if w is not None), None)
        completed = complete_yearless(cleaned.yearless, cleaned.body, prefer, weekday)
        if completed is not None:
            return completed, "byline"
    from_url = date_from_url(url)
    if from_url is not None:
        return from_url, "url"
    if cleaned.stamp_date is not None:
        return cleaned.stamp_date, "byline"
    body = first_body_date(cleaned.body, prefer)
    if body is not None:
        return body, "body"
    return None, "none"


# "10 Nov 2020, 15:42 WIB", "15 Januari 2025 | 11.40 WIB": a time of day, in a byline
_TIME = re.compile(
    r"(?<![\d.,:])(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?![\d.,:])(?:\s*(?P<tz>WIB|WITA|WIT)\b)?"
)
_WIB = ZONE_OFFSETS["WIB"]
# The lines that state the publication date (and its time and zone), never the body.
_DATING_RULES = frozenset({"byline", "date_line"})


def byline_minute(removed: list[Removal]) -> int:
    """Time of publication (minutes after midnight WIB) the first timed byline states, else
    :data:`~pipeline.clean.dedup.UNKNOWN_TIME`; "Diperbarui 15:50" after "15:42" is not it."""
    for r in removed:
        if r.rule == "byline" and (m := _TIME.search(r.text)):
            offset = zone_offset(stated_zone(r.text))
            return int(m["h"]) * 60 + int(m["m"]) - (_WIB if offset is None else offset) + _WIB
    return UNKNOWN_TIME


def published_zone(removed: list[Removal]) -> str | None:
    """The time zone the page's first dating line (a byline or a date line) states after its
    time of day ("WIB", "WITA", "WIT", "UTC+7", "GMT+7"), or None; a zone in the body, the
    time of an event, is never the publication's."""
    for r in removed:
        if r.rule in _DATING_RULES and (zone := stated_zone(r.text)) is not None:
            return zone
    return None


def page_zone(given: dict[str, str | None], date_source: str, removed: list[Removal]) -> str | None:
    """The zone the page states for its publication time: with a date from metadata or markup,
    that timestamp's offset ("2023-09-09T11:40:00+07:00": "UTC+7") before the byline's zone;
    otherwise the dating byline's zone before the markup's."""
    given_zone = given.get("published_tz") or iso_zone(given.get("published"))
    if date_source == "metadata":
        return given_zone or published_zone(removed)
    return published_zone(removed) or given_zone


# What a removed line was, for the reason of a page with no body line left.
_METADATA_RULES = frozenset(
    {"byline", "author", "date_line", "dateline", "source_credit", "wire_credit"}
    | {"classifier_metadata", "render_date"}
)


def _lines(n: int, what: str) -> str:
    return f"{n} {what} line{'' if n == 1 else 's'}"


def no_body_reason(removed: list[Removal], html: bool) -> str:
    """Why cleaning left no body: only a headline, a headline and metadata, or boilerplate."""
    titles = sum(r.rule == "title" for r in removed)
    meta = sum(r.rule in _METADATA_RULES for r in removed)
    boiler = len(removed) - titles - meta
    head = "no article in HTML" if html else "empty after cleaning"
    if titles and not meta and not boiler:
        return f"{head}: only a headline, no body"
    if titles and not boiler:
        return f"{head}: only a headline and {_lines(meta, 'metadata')}, no body"
    if not titles and not meta:
        return f"{head}: every line was boilerplate ({_lines(boiler, 'boilerplate')})"
    parts = ", ".join(
        _lines(k, what)
        for k, what in ((titles, "headline"), (meta, "metadata"), (boiler, "boilerplate"))
        if k
    )
    return f"{head}: no body line ({parts})"


def _base_row(rec: RawRecord) -> dict[str, object]:
    return {
        "doc_id": rec.doc_id,
        "source": rec.source,
        "outlet": None,
        "url": None,
        "title": None,
        "published": None,
        "date_source": "none",
        "published_tz": None,
        "author": None,
        "wires": [],
        "dateline": None,
        "lang": None,
        "body": "",
        "n_words": 0,
        "status": "excluded",
        "reason": None,
        "duplicate_of": None,
        "story_id": None,
    }


# A removed line: its number in the page, text, rule and the classifier's P(body) (cleaning_log).
LogLine = tuple[int, str, str, float | None]
LOG_COLUMNS = ("line_no", "text", "rule", "score")
# A page's article fields, its removed lines, and the time of day its dating byline states.
Cleaned = tuple[dict[str, object], list[LogLine], int]


def _clean_one(
    text: str,
    given: dict[str, str | None],
    html: str | None,
    rules: RuleSet,
    repeated: frozenset[str],
    decided: list[tuple[str, float]] | None,
    params: CleanParams,
    split: tuple[list[str], list[str]] | None = None,
) -> Cleaned:
    """One page's article fields and removed lines (without ``doc_id``), given the corpus's
    repeated lines and the line classifier's decisions for the page (and its normalised lines
    with their keys, when the caller has them)."""
    row: dict[str, object] = {}
    lines, keys = split if split is not None else (None, None)
    cleaned = clean_article(text, rules, repeated, decided, lines, keys)
    log_rows: list[LogLine] = [(r.line_no, r.text, r.rule, r.score) for r in cleaned.removed]
    url = given.get("url") or cleaned.printed_url or None
    row["url"] = url
    row["outlet"] = given.get("outlet") or resolve_outlet(
        cleaned, html, given.get("url"), given.get("sitename"), rules
    )
    title = given.get("title") or cleaned.title
    row["title"] = title_without_site(title, row["outlet"]) if title else None  # type: ignore[arg-type]
    row["author"] = given.get("author") or cleaned.author
    row["published"], row["date_source"] = resolve_date(given.get("published"), cleaned, url)
    row["published_tz"] = page_zone(given, row["date_source"], cleaned.removed)  # type: ignore[arg-type]
    row["wires"] = cleaned.wires
    row["dateline"] = cleaned.dateline
    row["body"] = cleaned.body
    row["n_words"] = len(cleaned.body.split())
    if not cleaned.body.strip():
        row["reason"] = no_body_reason(cleaned.removed, html is not None)
        return row, log_rows, UNKNOWN_TIME
    row["lang"] = detect_language(cleaned.body, params.language)
    if row["n_words"] < params.min_words:  # before language: unreliable on short text
        row["reason"] = f"too short: {row['n_words']} words < min_words {params.min_words}"
        return row, log_rows, UNKNOWN_TIME
    if row["lang"] != params.language:
        row["reason"] = f"language: {row['lang']}"
        return row, log_rows, UNKNOWN_TIME
    row["status"] = "kept"
    minute = byline_minute(cleaned.removed) if row["date_source"] == "byline" else UNKNOWN_TIME
    return row, log_rows, minute


# What a page to clean is: its text, the fields given (metadata, a saved page's head), its HTML.
Page = tuple[str, dict[str, str | None], str | None]
# An input of the stage: a file not read yet, or a record (a refused link; records in memory).
Item = RawRecord | RawFile


def _prepare(rec: RawRecord, params: CleanParams) -> Page | str:
    """A record's page, or why it is excluded before cleaning: a bad input, a saved page with no
    article, more than ``max_words`` words (which bounds every stage's work on one page)."""
    if rec.error:
        return rec.error
    given: dict[str, str | None] = dict(rec.fields)
    if rec.html is None:
        text = rec.text or ""
    else:
        doc = extract_html(rec.html)
        if doc is None:
            return html_problem(rec.html)
        given = {
            "url": doc.url,
            "sitename": doc.sitename,  # read from a saved page's head; one cue of its outlet
            "published": html_published(rec.html) or doc.published,
            "published_tz": html_zone(rec.html),
            "title": doc.title,
            "author": doc.author,
            **{k: v for k, v in given.items() if v},
        }
        text = doc.text
    if reason := too_long(text, params.max_words):
        return reason
    return text, given, rec.html


def _records(item: Item) -> Iterator[RawRecord]:
    """An input's records: a file is read (and decoded) here, inside its shard."""
    return iter((item,)) if isinstance(item, RawRecord) else item.records()


def _item_key(item: Item) -> str:
    """What a shard's result depends on of an input: a file's digest and size limit, or every
    field of a record."""
    if isinstance(item, RawFile):
        return f"file:{item.digest}:{item.max_bytes}"
    fields = [item.source, item.text, item.html, item.fields, item.error, item.encoding]
    h = hashlib.sha256(item.content + b"\0" + json.dumps(fields, sort_keys=True).encode())
    return f"record:{h.hexdigest()}"


def _item_bytes(item: Item) -> int:
    """An input's size in bytes (a file's on disk): how much work its shard has."""
    return item.path.stat().st_size if isinstance(item, RawFile) else len(item.content)


def _item_id(item: Item) -> str:
    """The id an input is sharded by: its doc_id (for a table file, the whole file's)."""
    return item.digest[:16] if isinstance(item, RawFile) else item.doc_id


def _page_key_hashes(text: str, hashed: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """The :func:`key_hashes` of a page's non-empty lines (what corpus counts count) and of its
    lines of three characters or more (:func:`line_keys`: what repeated lines count), from one
    split of the page; ``hashed`` memoises :func:`key_hash` (a template line is hashed once)."""
    lines = normalise_lines(text)
    keys = page_keys([lines])[0]
    every = {k for ln, k in zip(lines, keys, strict=True) if ln}
    new = every.difference(hashed)
    hashed.update(zip(new, map(key_hash, new), strict=True))
    long = {k for ln, k in zip(lines, keys, strict=True) if len(ln) >= 3}
    return (
        np.sort(np.fromiter(map(hashed.__getitem__, every), np.uint64, len(every))),
        np.sort(np.fromiter(map(hashed.__getitem__, long), np.uint64, len(long))),
    )


def _packed(arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Arrays as one array and the end of each in it."""
    ends = np.cumsum([len(a) for a in arrays], dtype=np.int64)
    return np.concatenate([np.empty(0, np.uint64), *arrays]), ends


def _unpacked(values: np.ndarray, ends: np.ndarray) -> list[np.ndarray]:
    return np.split(values, ends[:-1]) if len(ends) else []


@dataclass(frozen=True)
class PageStats:
    """What the corpus-level steps read of one shard's inputs (cached with the shard): small,
    so that the kernel never holds the corpus's texts."""

    sources: list[str]  # every record's, in order
    groups: list[str]  # per page (a record left to clean): the outlet its first lines name
    digests: list[str]  # per page: the SHA-256 of its text
    keys: np.ndarray  # the pages' distinct line keys (:func:`key_hash`), page after page
    key_ends: np.ndarray  # where each page's keys end
    long_keys: np.ndarray  # the same for lines of three characters or more (repeated lines)
    long_ends: np.ndarray


def _scan_shard(items: list[Item], rules: RuleSet, params: CleanParams) -> PageStats:
    """Read, decode and extract a shard's inputs: their sources and each page's line keys."""
    sources, groups, digests = [], [], []
    keys: list[np.ndarray] = []
    longs: list[np.ndarray] = []
    hashed: dict[str, int] = {}  # key_hash of every line key of the shard seen so far
    for item in items:
        for rec in _records(item):
            sources.append(rec.source)
            page = _prepare(rec, params)
            if isinstance(page, str):
                continue
            text = page[0]
            groups.append(detect_outlet(text[:3000], rules) or "(unknown)")
            digests.append(_text_digest(text))
            every, long = _page_key_hashes(text, hashed)
            keys.append(every)
            longs.append(long)
    return PageStats(sources, groups, digests, *_packed(keys), *_packed(longs))


def corpus_keys(
    stats: Sequence[PageStats], params: CleanParams
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The line keys on more than one page (sorted) with their page counts, and the repeated
    lines (:func:`repeated_keys`), all hashed. A line on one page has the repetition value of a
    line on none (and is never repeated): most lines are body text on one page only."""
    every = np.concatenate([np.empty(0, np.uint64), *(s.keys for s in stats)])
    found, counts = np.unique(every, return_counts=True)
    more = counts > 1
    pages = (
        page
        for s in stats
        for page in zip(s.digests, s.groups, _unpacked(s.long_keys, s.long_ends), strict=True)
    )
    rep = repeated_keys(pages, params.repeated_line_min_docs, params.repeated_line_min_share)
    return found[more], counts[more], rep


def shard_dependencies(
    keys: np.ndarray,
    corpus: tuple[np.ndarray, np.ndarray, np.ndarray],
    classifier: bool,
) -> tuple[dict[int, int], frozenset[int], list[tuple[int, float, bool]]]:
    """What a shard whose pages hold the (hashed) line ``keys`` reads of the ``corpus``
    (:func:`corpus_keys`): the counts and the repeated lines of those keys, and the part of its
    cache key they make: each key's :func:`repetition_value` (with a ``classifier``) and
    whether it is repeated."""
    found, counts, repeated = corpus
    keys = np.unique(keys)
    at = np.minimum(np.searchsorted(found, keys), max(len(found) - 1, 0))
    hit = found[at] == keys if len(found) else np.zeros(len(keys), bool)
    mine = np.where(hit, counts[at] if len(found) else 0, 0)
    rep = np.isin(keys, repeated)
    use = (hit | rep) if classifier else rep
    depends = [
        (int(k), repetition_value(int(c)) if classifier else 0.0, bool(r))
        for k, c, r in zip(keys[use], mine[use], rep[use], strict=True)
    ]
    hashed = dict(zip(keys[hit].tolist(), mine[hit].tolist(), strict=True)) if classifier else {}
    return hashed, frozenset(keys[rep].tolist()), depends


# What a clean shard reads: its inputs, the metadata rows naming them, the corpus's counts of
# its line keys (hashed) with the number of pages, its repeated lines (hashed), and whether to
# draw a progress bar (never part of its key).
ShardInput = tuple[
    list[Item], dict[str, dict[str, str]], tuple[dict[int, int], int], frozenset[int], bool
]


@dataclass(frozen=True)
class ShardRows:
    """A clean shard's result: compact Arrow tables and arrays, no Python object per line."""

    articles: Any  # pa.Table: one row per record (``articles`` schema), before duplicates
    log: Any  # pa.Table: the removed lines (``cleaning_log`` schema), row after row
    item: np.ndarray  # per row: the position of its input in the shard
    removed: np.ndarray  # per row: its number of removed lines
    minute: np.ndarray  # per row: the time of day its dating byline states (UNKNOWN_TIME)
    digests: list[str]  # per kept row: :class:`~pipeline.clean.dedup.Signature` digest
    hashvalues: np.ndarray  # kept rows x NUM_PERM: their MinHash values (uint32, packed)
    anchors: Any  # pa.ListArray: per kept row, its story anchors (:func:`anchors`), sorted


def _shard_lines(
    lines: list[list[str]],
    keys: list[list[str]],
    hashed_counts: dict[int, int],
    hashed_rep: frozenset[int],
) -> tuple[Counter[str], frozenset[str]]:
    """The corpus counts and repeated lines of the line ``keys`` of a shard's pages (each
    distinct key hashed once), by key."""
    counts: Counter[str] = Counter()
    rep = set()
    distinct = {
        k
        for page, page_keys_ in zip(lines, keys, strict=True)
        for ln, k in zip(page, page_keys_, strict=True)
        if ln
    }
    for k in distinct:
        h = key_hash(k)
        if h in hashed_counts:
            counts[k] = hashed_counts[h]
        if h in hashed_rep:
            rep.add(k)
    return counts, frozenset(rep)


def _clean_shard(
    shard: ShardInput,
    rules: RuleSet,
    classifier: LineClassifier | None,
    params: CleanParams,
) -> ShardRows:
    """Read a shard's inputs and clean every page (:func:`_clean_one`), given what the shard
    reads of the corpus (its result depends on it only through :func:`repetition_value` and
    membership); each kept page's MinHash and story anchors for the corpus-level steps."""
    import pyarrow as pa

    items, metadata, (hashed_counts, n_pages), hashed_rep, progress = shard
    rows: list[dict[str, object]] = []
    item_of: list[int] = []
    pages: list[Page] = []
    at: list[int] = []  # the row of each page
    for i, item in enumerate(items):
        for rec in _records(item):
            row = _base_row(rec)
            rows.append(row)
            item_of.append(i)
            page = _prepare(rec, params)
            if isinstance(page, str):
                row["reason"] = page
                continue
            for key in (rec.source.split("#", 1)[0], rec.source):
                page[1].update(metadata.get(key, {}))
            pages.append(page)
            at.append(len(rows) - 1)
    lines = [normalise_lines(text) for text, _, _ in pages]  # each page split once
    keys = page_keys(lines)
    counts, repeated = _shard_lines(lines, keys, hashed_counts, hashed_rep)
    decided: list[list[tuple[str, float]] | None] = [None] * len(pages)
    if classifier is not None:
        found = (counts, n_pages)
        threshold = params.line_body_threshold
        decided = list(page_decisions(classifier, lines, threshold, found, keys))
    log_docs: list[str] = []  # the cleaning log by column, not one object per removed line
    log_cols: list[list[object]] = [[] for _ in LOG_COLUMNS]
    removed_n = np.zeros(len(rows), np.int64)
    minute = np.full(len(rows), UNKNOWN_TIME, np.int64)
    digests: list[str] = []
    hashvalues: list[np.ndarray] = []
    anchor_lists: list[list[str]] = []
    for (text, given, html), d, r, page_lines, page_keys_ in bar(
        list(zip(pages, decided, at, lines, keys, strict=True)),
        desc="clean",
        unit="doc",
        disable=not progress,
    ):
        fields, removed, minute[r] = _clean_one(
            text, given, html, rules, repeated, d, params, (page_lines, page_keys_)
        )
        row = rows[r]
        row.update(fields)
        removed_n[r] = len(removed)
        log_docs.extend([str(row["doc_id"])] * len(removed))
        for col, values in zip(log_cols, zip(*removed, strict=True), strict=False):
            col.extend(values)
        if row["status"] == "kept":
            body = str(row["body"])
            sig = signature(body)
            digests.append(sig.digest)
            hashvalues.append(sig.hashvalues)
            anchor_lists.append(sorted(anchors(body)))
    articles = pa.Table.from_pydict(
        {c: [r[c] for r in rows] for c in COLUMNS["articles"]}, schema=arrow_schema("articles")
    )
    log_table = pa.Table.from_pydict(
        {"doc_id": log_docs, **dict(zip(LOG_COLUMNS, log_cols, strict=True))},
        schema=arrow_schema("cleaning_log"),
    )
    return ShardRows(
        articles,
        log_table,
        np.asarray(item_of, np.int64),
        removed_n,
        minute,
        digests,
        packed_hashvalues(hashvalues),
        pa.array(anchor_lists, pa.list_(pa.string())),
    )


@dataclass(frozen=True)
class CleanTables:
    """The clean stage's outputs as Arrow tables (compact: no Python object per row)."""

    articles: Any  # pa.Table, ``articles`` schema, one row per raw article
    cleaning_log: Any  # pa.Table, ``cleaning_log`` schema


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def clean_tables(
    items: Sequence[Item],
    metadata: dict[str, dict[str, str]],
    rules: RuleSet,
    params: CleanParams,
    progress: bool = True,
    classifier: LineClassifier | None = None,
    sharded: tuple[Path, ComputeParams, tuple[str, ...]] | None = None,
) -> CleanTables:
    """Clean every input; one article row per record, in the order of ``items`` (a file's
    records in file order).

    Files are read, decoded and extracted inside the shards, twice: once for the corpus's line
    counts and repeated lines (step ``ingest``), once to clean (step ``clean``); both are
    cached per shard, so an unchanged shard reads nothing. The kernel holds the hashed line
    keys, each shard's compact result and the outputs as Arrow tables, never every text as
    Python strings. With a line ``classifier``, it decides every line that no rule decides.
    With ``sharded`` (project root, compute settings, the rules', line lexicon's and model's
    paths) the shards are cached and run on Dask (:mod:`pipeline.shards`); without, the inputs
    are one shard, run here: the result is the same.
    """
    import pyarrow as pa

    n_shards = shard_count(len(items), sharded[1]) if sharded else 1
    codes = shard_of([_item_id(it) for it in items], n_shards)
    members: list[list[int]] = [[] for _ in range(n_shards)]
    for i, c in enumerate(codes):  # one pass: many shards at a large corpus
        members[c].append(i)
    parts = [[items[i] for i in m] for m in members]
    item_keys = [[_item_key(it) for it in part] for part in parts]

    def run(step: Step, inputs: list[Any], keys: list[str], context: tuple, sizes: list[int]):
        if sharded is None:
            return [step.fn(x, *context) for x in inputs]
        root, compute, _ = sharded
        return run_step(step, inputs, keys, context, root, compute, sizes=sizes, costs=costs)

    costs = [sum(map(_item_bytes, part)) for part in parts]  # a shard's work: its bytes

    # One cluster (started only if a shard is computed) for both steps.
    with cluster_session(sharded[1]) if sharded else nullcontext():
        resources = sharded[2] if sharded else ()
        scan = Step("ingest", _scan_shard, (__name__,), resources=resources, params=params)
        sizes = [len(part) for part in parts]
        scan_keys = [_digest(k) for k in item_keys]
        stats: list[PageStats] = run(scan, parts, scan_keys, (rules, params), sizes)
        corpus = corpus_keys(stats, params)
        n_pages = sum(len(s.groups) for s in stats)
        inputs: list[ShardInput] = []
        keys: list[str] = []
        for part, part_keys, s in zip(parts, item_keys, stats, strict=True):
            files = {k for src in s.sources for k in (src.split("#", 1)[0], src)}
            meta = {k: metadata[k] for k in sorted(files) if k in metadata}
            counts, rep, depends = shard_dependencies(s.keys, corpus, classifier is not None)
            inputs.append((part, meta, (counts, n_pages), rep, progress and sharded is None))
            keys.append(_digest([part_keys, meta, depends]))
        records = [len(s.sources) for s in stats]
        del corpus, stats
        step = Step("clean", _clean_shard, (__name__,), resources=resources, params=params)
        done: list[ShardRows] = run(step, inputs, keys, (rules, classifier, params), records)
    del inputs
    # Rows in the order of their inputs (a stable sort keeps a file's rows in file order), and
    # the removed lines of each row after the row's.
    rows_at = (np.asarray(m, np.int64)[d.item] for m, d in zip(members, done, strict=True))
    where = np.concatenate([np.empty(0, np.int64), *rows_at])
    order = np.argsort(where, kind="stable")
    removed = np.concatenate([np.empty(0, np.int64), *(d.removed for d in done)])
    first_line = np.cumsum(removed) - removed
    per_row = removed[order]
    line_order = np.repeat(first_line[order] - (np.cumsum(per_row) - per_row), per_row) + np.arange(
        int(per_row.sum()), dtype=np.int64
    )
    schema = arrow_schema("articles")
    articles = pa.concat_tables([d.articles for d in done] or [schema.empty_table()])
    log_table = pa.concat_tables(
        [d.log for d in done] or [arrow_schema("cleaning_log").empty_table()]
    )
    minute = np.concatenate([np.empty(0, np.int64), *(d.minute for d in done)])
    kept_before = pc_equal(articles.column("status"), "kept")
    sig_of = np.cumsum(kept_before) - 1  # each kept row's signature, in shard order
    digests = [x for d in done for x in d.digests]
    packed = np.concatenate([np.empty((0, NUM_PERM), np.uint32), *(d.hashvalues for d in done)])
    anchor_lists = pa.chunked_array(
        [d.anchors for d in done], pa.list_(pa.string())
    ).combine_chunks()
    del done
    hashvalues = packed.astype(np.uint64)
    del packed
    log_table = take_columns(log_table, line_order)
    articles = take_columns(articles, order)
    pa.default_memory_pool().release_unused()  # the shards' copies: back to the system now
    minute, kept_before, sig_of = minute[order], kept_before[order], sig_of[order]
    doc_ids = articles.column("doc_id").to_pylist()
    sources = articles.column("source").to_pylist()
    status = articles.column("status").to_pylist()
    reason = articles.column("reason").to_pylist()
    days = [d.toordinal() if d else None for d in articles.column("published").to_pylist()]
    kept = [n for n, s in enumerate(status) if s == "kept"]
    dups = find_duplicates(
        [
            Candidate(
                doc_ids[n],
                "",
                days[n] if days[n] is not None else unknown_date_ord(),
                sources[n],
                int(minute[n]),
                Signature(digests[sig_of[n]], hashvalues[sig_of[n]]),
            )
            for n in kept
        ],
        params.near_duplicate_threshold,
    )
    source_of = {doc_ids[n]: sources[n] for n in kept}
    duplicate_of: list[str | None] = [None] * len(status)
    for n in kept:
        hit = dups.get(doc_ids[n])
        if hit:
            status[n], duplicate_of[n] = "duplicate", hit[0]
            reason[n] = f"{hit[1]} of {source_of[hit[0]]}"
    stories = link_stories(
        [
            StoryDoc(doc_ids[n], "", days[n], frozenset(anchor_lists[int(sig_of[n])].as_py()))
            for n in kept  # every duplicate was kept before
        ],
        params.story_threshold,
        params.story_max_days,
        same=[(doc_ids[n], duplicate_of[n]) for n in kept if duplicate_of[n]],  # type: ignore[misc]
    )
    del anchor_lists
    story_id = [stories.get(d) for d in doc_ids]
    for name, values in (
        ("status", status),
        ("reason", reason),
        ("duplicate_of", duplicate_of),
        ("story_id", story_id),
    ):
        col = schema.get_field_index(name)
        articles = articles.set_column(col, schema.field(name), pa.array(values, pa.string()))
    return CleanTables(articles, log_table)


def packed_hashvalues(hashvalues: list[np.ndarray]) -> np.ndarray:
    """MinHash values (``uint64``, one array per page) as one ``uint32`` matrix: datasketch's
    minima are below 2**32, so this is lossless and halves what a shard result holds."""
    if not hashvalues:
        return np.empty((0, NUM_PERM), np.uint32)
    values = np.vstack(hashvalues)
    if values.size and int(values.max()) > np.iinfo(np.uint32).max:
        raise ValueError("a MinHash value does not fit in 32 bits")
    return values.astype(np.uint32)


def take_columns(table: Any, rows: np.ndarray) -> Any:
    """``table.take(rows)`` column by column, each column of ``table`` released once taken (when
    nothing else holds it), so the peak holds one column twice rather than the whole table."""
    import pyarrow as pa

    schema, at, taken = table.schema, pa.array(rows), []
    while table.num_columns:
        taken.append(table.column(0).take(at))
        table = table.remove_column(0)
    return pa.Table.from_arrays(taken, schema=schema)


def pc_equal(values: Any, value: str) -> np.ndarray:
    """``values == value`` of an Arrow string column, as a numpy bool array (nulls: False)."""
    import pyarrow.compute as pc

    return pc.fill_null(pc.equal(values, value), False).to_numpy(zero_copy_only=False)


def articles_frame(articles: Any) -> pd.DataFrame:
    """The ``articles`` table as the frame the stage's functions and tests take: Python objects
    (lists, dates, None), as built from row dicts."""
    df = pd.DataFrame(articles.to_pylist(), columns=list(COLUMNS["articles"]))
    df["n_words"] = df["n_words"].astype("int64")
    return df


def log_frame(log: Any) -> pd.DataFrame:
    """The ``cleaning_log`` table as a frame (``line_no`` int64, ``score`` float64)."""
    cols = {c: log.column(c).to_pylist() for c in ("doc_id", *LOG_COLUMNS)}
    columns = ["doc_id", *LOG_COLUMNS]
    df = pd.DataFrame(cols, columns=columns, dtype=None if log.num_rows else object)
    df["score"] = df["score"].astype("float64")
    df["line_no"] = df["line_no"].astype("int64")
    return df


def clean_corpus(
    records: Sequence[Item],
    metadata: dict[str, dict[str, str]],
    rules: RuleSet,
    params: CleanParams,
    progress: bool = True,
    classifier: LineClassifier | None = None,
    sharded: tuple[Path, ComputeParams, tuple[str, ...]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every record; return ``(articles, cleaning_log)`` with one article row per record
    (:func:`clean_tables` as pandas frames)."""
    tables = clean_tables(records, metadata, rules, params, progress, classifier, sharded)
    return articles_frame(tables.articles), log_frame(tables.cleaning_log)


def summarise_reasons(articles: pd.DataFrame) -> list[str]:
    """One line per status/reason kind, e.g. ``excluded (language): 3``."""
    out = []
    kinds = articles["reason"].fillna("").str.replace(r"[:(].*$", "", regex=True).str.strip()
    for (status, kind), n in (
        pd.DataFrame({"status": articles["status"], "kind": kinds})
        .value_counts()
        .sort_index()
        .items()
    ):
        out.append(f"{status}{f' ({kind})' if kind else ''}: {n}")
    return out


def removed_by_rule(cleaning_log: pd.DataFrame, examples: int = 3) -> pd.DataFrame:
    """Removed lines per rule: count, articles touched and up to ``examples`` distinct lines."""
    if cleaning_log.empty:
        return pd.DataFrame(columns=["rule", "lines", "articles", "examples"])
    grouped = cleaning_log.groupby("rule", sort=True)
    out = pd.DataFrame(
        {
            "lines": grouped.size(),
            "articles": grouped["doc_id"].nunique(),
            "examples": grouped["text"].agg(
                lambda s: " ‖ ".join(s.drop_duplicates().head(examples).str.slice(0, 120))
            ),
        }
    ).reset_index()
    return out.sort_values(["lines", "rule"], ascending=[False, True], ignore_index=True)
