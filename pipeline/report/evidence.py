"""The evidence explorer: every scored article with the sentences behind its scores, highlighted.

Evidence sentences come first, largest contribution to the article's alignment first (the
stance stage's ``sentence_stance.contribution``: the sentence's score on −1…+1 over the article's
denominator, so they add up to the article's alignment before its clip to [−1, 1]), then
sentences with evaluative framing terms. Entities are marked by bloc, relation cues and framing
terms are marked too; all text is escaped (:func:`pipeline.report.markup.highlight`).

The rows reach the page as one compact JSON block (:func:`explorer_json`) that the report's
script renders a page at a time, each article's sentences only when it is opened: the file
stays one offline page, and a browser lays out a hundred rows, not every article.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pipeline.report.markup import Span, highlight, safe_url
from pipeline.report.tables import COMPONENTS, none_if_na, short_label
from pipeline.stance.lexicon import Term
from pipeline.stance.terms import TermIndex

RELATION_COLUMNS = ("source", "target", "relation", "negated", "cue", "alignment")
# How the shown sentence scores make the article's alignment (pipeline.stance.stage.contributions).
RULE = "article alignment = clip(Σ sentence contributions, −1, 1)"
# Short CSS classes keep the explorer small at thousands of articles (styles in the template).
BLOC_CLASS = {"russia": "r", "west": "w", "focal": "f", "none": "n"}
CUE_CLASS = "c"
FRAMING_CLASS = {-1: "fn", 1: "fp"}
# Mentions whose surface does not name the actor plainly get its name as a tooltip.
TITLED_KINDS = frozenset({"metonym", "role", "discovered"})


@dataclass(frozen=True)
class Evidence:
    """The explorer's rows, the per-article cap applied and what it left out."""

    articles: list[dict[str, Any]]
    cap: int
    sentences_shown: int
    sentences_hidden: int
    articles_capped: int


ROW_BYTES = 250  # JSON of one explorer row without its sentences (scores, metadata)


def item_bytes(text: str, n_marks: int, relations: list[dict[str, Any]]) -> int:
    """About the JSON size of one sentence in the explorer's data: its text, ``n_marks``
    highlights (about 25 bytes of markup each) and its relations."""
    return (
        len(text)
        + 50
        + 25 * n_marks
        + sum(len(r["source"]) + len(r["target"]) + len(r["relation"]) + 20 for r in relations)
    )


# The explorer's JSON row: these fields in this order (report.js reads them by name).
FIELDS = (
    "published",
    "outlet",
    "title",
    "source",
    "n_words",
    "wires",
    "framing_label",
    "components",
    "url",
    "alignment",
    "alignment_ci_low",
    "alignment_ci_high",
    "alignment_label",
    "framing",
    "n_evidence",
    "n_hidden",
    "sentences",
)
# One sentence: kind (0 evidence, 1 framing term), contribution, sentence score, highlighted
# HTML, quoted (0/1), relations [source, target, relation, negated (0/1), cue value].
SENTENCE_FIELDS = ("kind", "contribution", "score", "html", "quoted", "relations")
# Inside <script type="application/json"> only "</" (an end tag) and "<!--" (an escaped-text
# state) mean anything to an HTML parser: written as the JSON escapes `<\/` and `\u003c!`.
_SCRIPT_SAFE = (("</", "<\\/"), ("<!", "\\u003c!"))


def _json_sentence(x: dict[str, Any]) -> list[Any]:
    return [
        0 if x["kind"] == "evidence" else 1,
        x["score"],
        x["sentence_score"],
        str(x["html"]),
        int(x["quoted"]),
        [
            [r["source"], r["target"], r["relation"], int(r["negated"]), r["alignment"]]
            for r in x["relations"]
        ],
    ]


def explorer_json(ev: Evidence) -> str:
    """The explorer's rows as compact JSON, safe inside ``<script type="application/json">``:
    ``{"fields": …, "sentence_fields": …, "rows": [[…], …]}`` (:data:`FIELDS`). Byte-identical
    for the same evidence."""
    rows = []
    for a in ev.articles:
        c = a["components"]
        row = {
            **a,
            "published": None if a["published"] is None else str(a["published"]),
            "components": None if c is None else [c[k] for k in COMPONENTS],
            "sentences": [_json_sentence(x) for x in a["sentences"]],
        }
        rows.append([row[f] for f in FIELDS])
    payload = {"fields": FIELDS, "sentence_fields": SENTENCE_FIELDS, "rows": rows}
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for unsafe, safe in _SCRIPT_SAFE:
        text = text.replace(unsafe, safe)
    return text


def fit_cap(sizes: list[list[int]], per_article: int, budget: int) -> int:
    """The largest per-article cap (0 … ``per_article``) whose explorer fits in ``budget`` bytes.

    ``sizes`` holds each article's sentence sizes in display order. 0 means only the articles'
    scores fit (a corpus far beyond the report's design size).
    """
    for cap in range(per_article, 0, -1):
        if sum(ROW_BYTES + sum(s[:cap]) for s in sizes) <= budget:
            return cap
    return 0


def lexicon_terms(framing: TermIndex[Term]) -> dict[str, int]:
    """Evaluative terms of the stance lexicon's framing index: term → sign (−1 or +1)."""
    return {t.text: t.sign for t in framing.values()} if len(framing) else {}


def term_finder(terms: dict[str, int]) -> TermIndex[int] | None:
    """Lowercase evaluative terms → sign, found as the stance stage finds them (whole words,
    leftmost-longest: :class:`pipeline.stance.terms.TermIndex`); None if there are no terms."""
    return TermIndex(terms) if terms else None


def framing_spans(text: str, finder: TermIndex[int] | None) -> list[Span]:
    """Whole-word evaluative terms in ``text`` as highlight spans."""
    if finder is None:
        return []
    hits = finder.scan(text.lower())
    return [
        (s, e, FRAMING_CLASS[1 if sign > 0 else -1], "")
        for s, e, sign in zip(hits.start.tolist(), hits.end.tolist(), hits.values, strict=True)
    ]


def framing_spans_of(texts: list[str], finder: TermIndex[int] | None) -> list[list[Span]]:
    """:func:`framing_spans` of each text, found in one scan of the lowercased texts joined by
    newlines: a newline is no word character and no term holds one, so no match crosses it,
    and the matches in each text are those of scanning it alone (one scan of a corpus's
    sentences instead of one per sentence)."""
    out: list[list[Span]] = [[] for _ in texts]
    if finder is None or not texts:
        return out
    lowered = [t.lower() for t in texts]
    starts = np.cumsum([0, *(len(t) + 1 for t in lowered[:-1])])
    hits = finder.scan("\n".join(lowered))
    which = (np.searchsorted(starts, hits.start, side="right") - 1).tolist()
    begin = starts.tolist()
    spans = zip(which, hits.start.tolist(), hits.end.tolist(), hits.values, strict=True)
    for k, s, e, sign in spans:
        b = begin[k]
        out[k].append((s - b, e - b, FRAMING_CLASS[1 if sign > 0 else -1], ""))
    return out


def _mention_spans(
    rows: list[tuple[int, int, str, str, str]], offset: int, text: str, labels: dict[str, str]
) -> list[Span]:
    spans = []
    for s, e, eid, bloc, kind in rows:
        s, e = s - offset, e - offset
        label = labels.get(eid, eid)
        # A title only where it tells something: "Kremlin" → Russia, "PM Armenia" → Pashinyan.
        title = label if kind in TITLED_KINDS and text[s:e].casefold() != label.casefold() else ""
        spans.append((s, e, BLOC_CLASS.get(bloc, "n"), title))
    return spans


def _relation_items(rows: list[dict[str, Any]], labels: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "source": short_label(r["source"], labels),
            "target": short_label(r["target"], labels),
            "relation": r["relation"],
            "negated": bool(r["negated"]),
            "cue": r["cue"],
            "alignment": float(r["alignment"]),
        }
        for r in rows
    ]


def build_evidence(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    relations: pd.DataFrame,
    sentence_stance: pd.DataFrame,
    stance: pd.DataFrame,
    components: pd.DataFrame,
    labels: dict[str, str],
    framing_terms: dict[str, int],
    per_article: int,
    budget: int,
) -> Evidence:
    """One row per scored article (by date, undated last) with its strongest sentences.

    An evidence sentence's ``score`` is its ``sentence_stance.contribution``: its score on
    −1…+1 over the article's denominator, so the article's alignment is the clipped sum of its
    sentences' scores (:data:`RULE`). At most ``per_article`` sentences each, fewer if needed to
    keep the explorer's data within about ``budget`` bytes (:func:`fit_cap`); the result says
    how many were left out.
    """
    scored: dict[str, dict[int, tuple[float, float]]] = defaultdict(dict)
    for d, i, c, a in zip(
        sentence_stance["doc_id"],
        sentence_stance["sent_id"],
        sentence_stance["contribution"],
        sentence_stance["alignment"],
        strict=True,
    ):
        scored[d][int(i)] = (float(c), float(a))
    rels: dict[str, dict[int, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    columns = ("doc_id", "sent_id", *RELATION_COLUMNS)
    for values in zip(*(relations[c] for c in columns), strict=True):
        r = dict(zip(columns, values, strict=True))
        rels[r["doc_id"]][int(r["sent_id"])].append(r)
    finder = term_finder(framing_terms)
    # Only the sentences the explorer shows: evidence, relations and those with framing terms.
    sent: dict[tuple[str, int], tuple[str, int, Any, list[Span]]] = {}
    framed: dict[str, list[int]] = defaultdict(list)
    texts = sentences["text"].tolist()
    for d, i, t, st, q, fr in zip(
        sentences["doc_id"],
        sentences["sent_id"],
        texts,
        sentences["start"],
        sentences["quote_speaker"],
        framing_spans_of(texts, finder),
        strict=True,
    ):
        i = int(i)
        evidence = i in scored.get(d, ()) or i in rels.get(d, ())
        if fr and not evidence:
            framed[d].append(i)
        if fr or evidence:
            sent[(d, i)] = (t, int(st), q, fr)
    ments: dict[tuple[str, int], list[tuple[int, int, str, str, str]]] = defaultdict(list)
    for d, i, s_, e, eid, bloc, kind in zip(
        mentions["doc_id"],
        mentions["sent_id"],
        mentions["start"],
        mentions["end"],
        mentions["entity_id"],
        mentions["bloc"],
        mentions["kind"],
        strict=True,
    ):
        if (d, int(i)) in sent:
            ments[(d, int(i))].append((int(s_), int(e), eid, bloc, kind))
    meta = articles.set_index("doc_id")[["title", "source", "url", "wires", "n_words"]]
    meta_rows = meta.to_dict("index")
    comps = components.set_index("doc_id")[list(COMPONENTS)].to_dict("index")

    finders: dict[frozenset[str], TermIndex[str]] = {}

    def cue_spans(text: str, cues: set[str]) -> list[tuple[int, int]]:
        """(start, end) of :func:`find_spans` ``(text, cues)``, one matcher per set of cues (a
        sentence's cues are a few words; building a matcher per sentence cost seconds)."""
        key = frozenset(c for c in cues if c)
        if not key:
            return []
        finder = finders.get(key)
        if finder is None:
            finder = finders[key] = TermIndex({c: c for c in sorted(key)})
        starts, ends, _ = finder.matches(text)
        return list(zip(starts, ends, strict=True))

    def size(d: str, i: int) -> int:
        """About the JSON bytes of sentence ``i`` of ``d`` (before building its markup)."""
        text, _, _, fr = sent[(d, i)]
        return item_bytes(text, len(ments.get((d, i), ())) + len(fr), rels.get(d, {}).get(i, []))

    def item(d: str, i: int) -> dict[str, Any]:
        text, start, quoted, fr = sent[(d, i)]
        spans = _mention_spans(ments.get((d, i), []), start, text, labels) + fr
        by_sent = rels.get(d, {}).get(i, [])
        cues = {str(x["cue"]).lower() for x in by_sent}
        spans += [(s_, e, CUE_CLASS, "") for s_, e in cue_spans(text.lower(), cues)]
        evidence = i in scored.get(d, ()) or bool(by_sent)
        contribution, sentence_score = scored.get(d, {}).get(i, (None, None))
        return {
            "kind": "evidence" if evidence else "framing",
            "sent_id": int(i),
            "html": highlight(text, _drop_overlaps(spans)),
            "quoted": none_if_na(quoted) is not None,
            "score": contribution,
            "sentence_score": sentence_score,
            "relations": _relation_items(by_sent, labels),
        }

    ordered = stance.assign(_undated=stance["published"].isna()).sort_values(
        ["_undated", "published", "doc_id"], kind="stable"
    )
    records = ordered.drop(columns="_undated").to_dict("records")
    # Which sentences each article shows, in display order: evidence by contribution, then
    # framing-term sentences. Only the first ``cap`` of each get their markup built.
    chosen: list[list[int]] = []
    for r in records:
        d = r["doc_id"]
        doc_scores = scored.get(d, {})
        evidence = [i for i in set(doc_scores) | set(rels.get(d, {})) if (d, i) in sent]
        evidence.sort(key=lambda i: (i not in doc_scores, -abs(doc_scores.get(i, (0.0,))[0]), i))
        chosen.append(evidence + sorted(framed.get(d, [])))
    cap = fit_cap(
        [[size(r["doc_id"], i) for i in c] for r, c in zip(records, chosen, strict=True)],
        per_article,
        budget,
    )
    out: list[dict[str, Any]] = []
    shown = hidden = capped = 0
    for r, ids in zip(records, chosen, strict=True):
        d = r["doc_id"]
        a = meta_rows.get(d, {})
        c = comps.get(d)
        n_hidden = max(0, len(ids) - cap)
        out.append(
            {
                **{k: none_if_na(v) for k, v in r.items()},
                "title": none_if_na(a.get("title")),
                "source": a.get("source", d),
                "url": safe_url(none_if_na(a.get("url"))),
                "wires": [str(w) for w in a.get("wires", [])],
                "n_words": int(a.get("n_words", 0)),
                "components": None if c is None else {k: float(v) for k, v in c.items()},
                "sentences": [item(d, i) for i in ids[:cap]],
                "n_hidden": n_hidden,
            }
        )
        shown += min(len(ids), cap)
        hidden += n_hidden
        capped += n_hidden > 0
    return Evidence(out, cap, shown, hidden, capped)


def _drop_overlaps(spans: list[Span]) -> list[Span]:
    """Keep spans in priority order (entities, framing terms, cues), dropping any that overlap."""
    kept: list[Span] = []
    for sp in spans:
        if not any(sp[0] < k[1] and k[0] < sp[1] for k in kept):
            kept.append(sp)
    return kept
