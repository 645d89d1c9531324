"""The clean stage: raw records → ``articles`` (one row per raw article) and ``cleaning_log``."""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

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
    complete_year,
    date_from_url,
    find_dates,
    html_published,
    parse_date_field,
    stated_zone,
    weekday_yearless,
    year_from_url,
    zone_offset,
)
from pipeline.clean.dedup import (
    UNKNOWN_TIME,
    Candidate,
    Signature,
    find_duplicates,
    signature,
    unknown_date_ord,
)
from pipeline.clean.ingest import RawRecord, too_long
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
from pipeline.shards import Step, run_step, shard_of

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


def repeated_lines(
    texts: list[str], groups: list[str], min_docs: int, min_share: float
) -> frozenset[str]:
    """Lines (normalised) recurring in ≥ ``min_docs`` documents and ≥ ``min_share`` of their group.

    Groups are the outlets guessed from each text: an outlet's template recurs on most of its
    pages, a syndicated quote on few.
    """
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    sizes: Counter[str] = Counter()
    unique = {}
    for text, group in zip(texts, groups, strict=True):
        unique.setdefault((text, group), None)
    for text, group in unique:
        sizes[group] += 1
        seen[group].update(line_keys(text))
    out = set()
    for group, counts in seen.items():
        need = max(min_docs, min_share * sizes[group])
        out.update(k for k, c in counts.items() if c >= need)
    return frozenset(out)


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

    A year-less byline date ("Kamis (1/8)") takes its year from the URL, else from the latest
    year among the article's own dates (``byline``). The URL's date beats the body's first date,
    which is often the date of the event reported rather than of the report.
    """
    meta = parse_date_field(given) if given else None
    if meta is not None:
        return meta, "metadata"
    if cleaned.byline_date is not None:
        return cleaned.byline_date, "byline"
    if cleaned.yearless is not None:
        years = [d.year for d, _, _ in find_dates(cleaned.body)]
        year = year_from_url(url) or (max(years) if years else None)
        completed = complete_year(cleaned.yearless, year)
        if completed is not None:
            return completed, "byline"
    from_url = date_from_url(url)
    if from_url is not None:
        return from_url, "url"
    if cleaned.stamp_date is not None:
        return cleaned.stamp_date, "byline"
    if cleaned.body_date is not None:
        return cleaned.body_date, "body"
    weekday = weekday_yearless(cleaned.body)
    if weekday is not None:  # "Jumat (20/12)" where one nearby year has that weekday
        return weekday, "body"
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
) -> Cleaned:
    """One page's article fields and removed lines (without ``doc_id``), given the corpus's
    repeated lines and the line classifier's decisions for the page."""
    row: dict[str, object] = {}
    cleaned = clean_article(text, rules, repeated, decided)
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
    row["published_tz"] = published_zone(cleaned.removed)
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


# What a shard reads of the corpus: the line counts and the repeated lines of its own pages.
ShardInput = tuple[
    list[tuple[str, dict[str, str | None], str | None]], tuple[Counter[str], int], frozenset[str]
]


@dataclass(frozen=True)
class Signatures:
    """A kept article's compact data for the corpus-level steps (cached with its shard)."""

    duplicate: Signature  # for :func:`~pipeline.clean.dedup.find_duplicates`
    anchors: frozenset[str]  # for :func:`~pipeline.clean.stories.link_stories`


def _clean_shard(
    shard: ShardInput,
    rules: RuleSet,
    classifier: LineClassifier | None,
    params: CleanParams,
) -> list[tuple[Cleaned, Signatures | None]]:
    """:func:`_clean_one` of every page of a shard, and each kept page's :class:`Signatures`.

    The shard carries the corpus's line counts and repeated lines, restricted to its own lines
    (its result depends on them only through :func:`repetition_value` and membership)."""
    pages, counts, repeated = shard
    decided: list[list[tuple[str, float]] | None] = [None] * len(pages)
    if classifier is not None:
        lines = [normalise_lines(text) for text, _, _ in pages]
        decided = list(page_decisions(classifier, lines, params.line_body_threshold, counts))
    out: list[tuple[Cleaned, Signatures | None]] = []
    for (text, given, html), d in zip(pages, decided, strict=True):
        cleaned = _clean_one(text, given, html, rules, repeated, d, params)
        body = str(cleaned[0]["body"])
        kept = cleaned[0].get("status") == "kept"
        out.append((cleaned, Signatures(signature(body), anchors(body)) if kept else None))
    return out


def _page_keys(text: str) -> set[str]:
    """The :func:`line_key` of every non-empty line of a page (what corpus counts count)."""
    lines = normalise_lines(text)
    return {k for ln, k in zip(lines, page_keys([lines])[0], strict=True) if ln}


def shard_dependencies(
    keys: set[str],
    counts: Counter[str],
    repeated: frozenset[str],
    classifier: bool,
) -> tuple[Counter[str], frozenset[str], list[tuple[str, float, bool]]]:
    """What a shard whose pages hold the line ``keys`` reads of the corpus: the counts and the
    repeated lines of those keys, and the part of its cache key they make: each key's
    :func:`repetition_value` (with a ``classifier``) and whether it is repeated."""
    mine = Counter({k: counts[k] for k in keys if k in counts}) if classifier else Counter()
    rep = frozenset(k for k in keys if k in repeated)
    key = sorted(
        (k, repetition_value(mine[k]) if classifier else 0.0, k in rep)
        for k in keys
        if (classifier and mine[k] > 1) or k in rep  # a key on one page has the value 0
    )
    return mine, rep, key


def _clean_sharded(
    order: list[int],
    texts: dict[int, tuple[str, dict[str, str | None]]],
    records: list[RawRecord],
    rules: RuleSet,
    repeated: frozenset[str],
    classifier: LineClassifier | None,
    params: CleanParams,
    sharded: tuple[Path, ComputeParams, tuple[str, ...]],
) -> list[tuple[Cleaned, Signatures | None]]:
    """:func:`_clean_shard` of the pages ``order``, in cached shards (:mod:`pipeline.shards`).

    A shard's key is its pages and, for each line key on them, what the shard reads of the
    corpus (:func:`shard_dependencies`): adding a page recomputes its own shard and those whose
    lines' repetition values or repeated status it changes, no other."""
    root, compute, resources = sharded
    codes = shard_of([records[n].doc_id for n in order], compute.shards)
    members = [[i for i, c in enumerate(codes) if c == s] for s in range(compute.shards)]
    counts: Counter[str] = Counter()
    found: list[set[str]] = [set() for _ in members]  # each shard's line keys (one pass)
    for m, shard_keys in zip(members, found, strict=True):
        for i in m:
            page = _page_keys(texts[order[i]][0])
            counts.update(page)
            shard_keys |= page
    # A line on one page has the repetition value of a line on none (and is never repeated):
    # most lines are body text on one page only, so only the others are kept.
    counts = Counter({k: c for k, c in counts.items() if c > 1})
    found = [{k for k in keys if k in counts or k in repeated} for keys in found]
    step = Step("clean", _clean_shard, (__name__,), resources=resources, params=params)
    inputs: list[ShardInput] = []
    keys = []
    for m, shard_keys in zip(members, found, strict=True):
        part = [(texts[order[i]][0], texts[order[i]][1], records[order[i]].html) for i in m]
        mine, rep, depends = shard_dependencies(
            shard_keys, counts, repeated, classifier is not None
        )
        inputs.append((part, (mine, len(order)), rep))
        keys.append(hashlib.sha256(json.dumps([part, depends], default=str).encode()).hexdigest())
    done = run_step(
        step,
        inputs,
        keys,
        (rules, classifier, params),
        root,
        compute,
        sizes=[len(m) for m in members],
    )
    out: list[tuple[Cleaned, Signatures | None] | None] = [None] * len(order)
    for m, result in zip(members, done, strict=True):
        for i, cleaned in zip(m, result, strict=True):
            out[i] = cleaned
    return out  # type: ignore[return-value]


def clean_corpus(
    records: list[RawRecord],
    metadata: dict[str, dict[str, str]],
    rules: RuleSet,
    params: CleanParams,
    progress: bool = True,
    classifier: LineClassifier | None = None,
    sharded: tuple[Path, ComputeParams, tuple[str, ...]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every record; return ``(articles, cleaning_log)`` with one article row per record.

    With a line ``classifier``, it decides every line that no rule decides. With ``sharded``
    (project root, compute settings, the rules', line lexicon's and model's paths), the
    per-page work runs in cached shards (:mod:`pipeline.shards`); the result is the same.
    """
    rows: list[dict[str, object]] = []
    log_docs: list[str] = []  # the cleaning log by column, not one dict per removed line
    log_cols: list[list[object]] = [[] for _ in LOG_COLUMNS]
    texts: dict[int, tuple[str, dict[str, str | None]]] = {}
    minutes: dict[int, int] = {}  # time of day stated by a byline that gave the date
    for n, rec in enumerate(records):
        row = _base_row(rec)
        rows.append(row)
        if rec.error:
            row["reason"] = rec.error
            continue
        given: dict[str, str | None] = dict(rec.fields)
        if rec.html is not None:
            doc = extract_html(rec.html)
            if doc is None:
                row["reason"] = html_problem(rec.html)
                continue
            given = {
                "url": doc.url,
                "sitename": doc.sitename,  # read from a saved page's head; one cue of its outlet
                "published": html_published(rec.html) or doc.published,
                "title": doc.title,
                "author": doc.author,
                **{k: v for k, v in given.items() if v},
            }
            texts[n] = (doc.text, given)
        else:
            texts[n] = (rec.text or "", given)
        if reason := too_long(texts[n][0], params.max_words):  # bounds every stage's work
            row["reason"] = reason
            del texts[n]
            continue
        file_key = rec.source.split("#", 1)[0]
        for key in (file_key, rec.source):
            given.update(metadata.get(key, {}))
    groups = {n: detect_outlet(t[:3000], rules) or "(unknown)" for n, (t, _) in texts.items()}
    repeated = repeated_lines(
        [texts[n][0] for n in texts],
        [groups[n] for n in texts],
        params.repeated_line_min_docs,
        params.repeated_line_min_share,
    )
    order = sorted(texts)
    signatures: dict[int, Signatures] = {}  # computed in the shards when sharded
    if sharded is None:
        decided: dict[int, list[tuple[str, float]]] = {}
        if classifier is not None:
            pages = [normalise_lines(texts[n][0]) for n in order]
            decided = dict(
                zip(
                    order,
                    page_decisions(classifier, pages, params.line_body_threshold),
                    strict=True,
                )
            )
        cleaned_rows = [
            _clean_one(
                texts[n][0], texts[n][1], records[n].html, rules, repeated, decided.get(n), params
            )
            for n in bar(order, desc="clean", unit="doc", disable=not progress)
        ]
    else:
        with_signatures = _clean_sharded(
            order, texts, records, rules, repeated, classifier, params, sharded
        )
        cleaned_rows = [c for c, _ in with_signatures]
        signatures = {n: sig for n, (_, sig) in zip(order, with_signatures, strict=True) if sig}
    for n, (fields, removed, minute) in zip(order, cleaned_rows, strict=True):
        row = rows[n]
        row.update(fields)
        log_docs.extend([str(row["doc_id"])] * len(removed))
        for col, values in zip(log_cols, zip(*removed, strict=True), strict=False):
            col.extend(values)
        if minute != UNKNOWN_TIME:
            minutes[n] = minute
    kept = [r for r in rows if r["status"] == "kept"]
    source_of = {str(r["doc_id"]): str(r["source"]) for r in kept}
    dups = find_duplicates(
        [
            Candidate(
                str(r["doc_id"]),
                str(r["body"]),
                r["published"].toordinal() if r["published"] else unknown_date_ord(),  # type: ignore[attr-defined]
                str(r["source"]),
                minutes.get(n, UNKNOWN_TIME),
                signatures[n].duplicate if n in signatures else None,
            )
            for n, r in enumerate(rows)
            if r["status"] == "kept"
        ],
        params.near_duplicate_threshold,
    )
    for r in kept:
        hit = dups.get(str(r["doc_id"]))
        if hit:
            r["status"], r["duplicate_of"] = "duplicate", hit[0]
            r["reason"] = f"{hit[1]} of {source_of[hit[0]]}"
    linked = [r for r in rows if r["status"] in ("kept", "duplicate")]
    stories = link_stories(
        [
            StoryDoc(
                str(r["doc_id"]),
                str(r["body"]),
                r["published"].toordinal() if r["published"] else None,  # type: ignore[attr-defined]
                signatures[n].anchors if n in signatures else None,
            )
            for n, r in enumerate(rows)
            if r["status"] in ("kept", "duplicate")
        ],
        params.story_threshold,
        params.story_max_days,
        same=[(str(r["doc_id"]), str(r["duplicate_of"])) for r in linked if r["duplicate_of"]],
    )
    for r in linked:
        r["story_id"] = stories[str(r["doc_id"])]
    articles = pd.DataFrame(rows, columns=list(_base_row(RawRecord("", b"")).keys()))
    for col in ("n_words",):
        articles[col] = articles[col].astype("int64")
    log_df = pd.DataFrame(
        {"doc_id": log_docs, **dict(zip(LOG_COLUMNS, log_cols, strict=True))},
        columns=["doc_id", *LOG_COLUMNS],
        dtype=None if log_docs else object,  # as a frame of no rows from records would have
    )
    log_df["score"] = log_df["score"].astype("float64")
    log_df["line_no"] = log_df["line_no"].astype("int64")
    return articles, log_df


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
