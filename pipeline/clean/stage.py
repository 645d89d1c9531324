"""The clean stage: raw records → ``articles`` (one row per raw article) and ``cleaning_log``."""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

import pandas as pd
from tqdm import tqdm

from pipeline.clean.article import CleanedArticle, clean_article, detect_outlet, line_keys
from pipeline.clean.dates import date_from_url, parse_date_field
from pipeline.clean.dedup import Candidate, find_duplicates, unknown_date_ord
from pipeline.clean.ingest import RawRecord, too_long
from pipeline.clean.rules import RuleSet
from pipeline.config import CleanParams

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


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.") or None


def _outlet_from_domain(url: str | None, rules: RuleSet) -> str | None:
    host = _domain(url)
    if not host:
        return None
    for dom, name in rules.domains.items():
        if host == dom or host.endswith("." + dom):
            return name
    return host


# Close relatives a short-text classifier confuses: Indonesian and Malay above all.
_CONFUSABLE = {"id": {"ms"}, "ms": {"id"}}


def detect_language(text: str, expected: str) -> str:
    """ISO 639-1 code of ``text`` (py3langid); ``expected`` wins over a close relative on top."""
    import py3langid

    ranked = py3langid.rank(text[:2000])  # plenty for news prose; cost is linear in length
    top = str(ranked[0][0])
    if top in _CONFUSABLE.get(expected, ()) and str(ranked[1][0]) == expected:
        return expected
    return top


_WS = re.compile(r"\s+")


def resolve_date(
    given: str | None, cleaned: CleanedArticle, url: str | None
) -> tuple[date | None, str]:
    """Publication date and its provenance: metadata > byline > body > url > none."""
    meta = parse_date_field(given) if given else None
    if meta is not None:
        return meta, "metadata"
    if cleaned.byline_date is not None:
        return cleaned.byline_date, "byline"
    if cleaned.body_date is not None:
        return cleaned.body_date, "body"
    from_url = date_from_url(url)
    if from_url is not None:
        return from_url, "url"
    return None, "none"


def _base_row(rec: RawRecord) -> dict[str, object]:
    return {
        "doc_id": rec.doc_id,
        "source": rec.source,
        "outlet": None,
        "url": None,
        "title": None,
        "published": None,
        "date_source": "none",
        "author": None,
        "wires": [],
        "dateline": None,
        "lang": None,
        "body": "",
        "n_words": 0,
        "status": "excluded",
        "reason": None,
        "duplicate_of": None,
    }


def clean_corpus(
    records: list[RawRecord],
    metadata: dict[str, dict[str, str]],
    rules: RuleSet,
    params: CleanParams,
    progress: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every record; return ``(articles, cleaning_log)`` with one article row per record."""
    rows: list[dict[str, object]] = []
    log_rows: list[dict[str, object]] = []
    texts: dict[int, tuple[str, dict[str, str | None]]] = {}
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
                row["reason"] = "broken or empty HTML: no article text found"
                continue
            given = {
                "url": doc.url,
                "outlet": doc.sitename,
                "published": doc.published,
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
    for n in tqdm(sorted(texts), desc="clean", unit="doc", disable=not progress):
        text, given = texts[n]
        row = rows[n]
        cleaned = clean_article(text, rules, repeated)
        for r in cleaned.removed:
            log_rows.append(
                {"doc_id": row["doc_id"], "line_no": r.line_no, "text": r.text, "rule": r.rule}
            )
        url = given.get("url") or None
        row["url"] = url
        row["outlet"] = given.get("outlet") or cleaned.outlet or _outlet_from_domain(url, rules)
        row["title"] = given.get("title") or cleaned.title
        row["author"] = given.get("author") or cleaned.author
        row["published"], row["date_source"] = resolve_date(given.get("published"), cleaned, url)
        row["wires"] = cleaned.wires
        row["dateline"] = cleaned.dateline
        row["body"] = cleaned.body
        row["n_words"] = len(cleaned.body.split())
        if not cleaned.body.strip():
            row["reason"] = (
                f"no article in HTML: only boilerplate extracted (words: {len(text.split())})"
                if records[n].html is not None
                else "empty after cleaning: every line was boilerplate"
            )
            continue
        row["lang"] = detect_language(cleaned.body, params.language)
        if row["n_words"] < params.min_words:  # before language: unreliable on short text
            row["reason"] = f"too short: {row['n_words']} words < min_words {params.min_words}"
            continue
        if row["lang"] != params.language:
            row["reason"] = f"language: {row['lang']}"
            continue
        row["status"] = "kept"
    kept = [r for r in rows if r["status"] == "kept"]
    dups = find_duplicates(
        [
            Candidate(
                str(r["doc_id"]),
                str(r["body"]),
                r["published"].toordinal() if r["published"] else unknown_date_ord(),  # type: ignore[attr-defined]
                int(r["n_words"]),  # type: ignore[call-overload]
            )
            for r in kept
        ],
        params.near_duplicate_threshold,
    )
    for r in kept:
        hit = dups.get(str(r["doc_id"]))
        if hit:
            r["status"], r["duplicate_of"] = "duplicate", hit[0]
            r["reason"] = f"{hit[1]} of {hit[0]}"
    articles = pd.DataFrame(rows, columns=list(_base_row(RawRecord("", b"")).keys()))
    for col in ("n_words",):
        articles[col] = articles[col].astype("int64")
    log_df = pd.DataFrame(log_rows, columns=["doc_id", "line_no", "text", "rule"])
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
