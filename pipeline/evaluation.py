"""Evaluation against the hand-annotated sets in ``data/annotations/``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import combinations
from typing import Any

import pandas as pd

from pipeline.stance.gold import normalise
from pipeline.urls import slug_words

LINE_LABELS = ("body", "boilerplate", "metadata")


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    """Precision, recall and F1 (0 where undefined) with the counts behind them."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


# --- cleaning: lines, dates, outlets, duplicates --------------------------------------------

_DOMAIN_SUFFIX = re.compile(r"\.(com|co\.id|co|id|su|ru|net|org|news)$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_EDITION = re.compile(r"^[a-z]{2}\.(?=[\w-]+)")  # "id.news-front": the Indonesian edition
_BLOG_HOST = re.compile(r"\.(?:blogspot|wordpress|medium|substack)\.com$")


def _kept_line(line: str, body_lines: list[str]) -> bool:
    """Does the gold line survive in the body (whole, or with a prefix such as a dateline cut)?"""
    for b in body_lines:
        if b == line:
            return True
        short, long_ = (b, line) if len(b) <= len(line) else (line, b)
        if short and short in long_ and len(short) >= 0.5 * len(long_):
            return True
    return False


def line_scores(gold: pd.DataFrame, bodies: dict[str, str]) -> dict[str, Any]:
    """Boilerplate removed and body kept, judged by text, over the pages in ``bodies``.

    ``gold`` has ``id, label, text`` (every non-empty line of a page); ``bodies`` maps an id to
    its clean body ("" for an excluded page). A body line counts as kept when the clean body
    has it (a dateline prefix may be cut); a metadata or boilerplate line as removed when it
    does not. Text matching serves ``.txt`` and ``.html`` pages alike.
    """
    g = gold[gold["id"].isin(bodies)]
    lines = {i: [normalise(x) for x in b.split("\n") if x.strip()] for i, b in bodies.items()}
    kept = [_kept_line(normalise(t), lines[i]) for i, t in zip(g["id"], g["text"], strict=True)]
    g = g.assign(kept=kept)
    body = g["label"] == "body"
    out_lines = ~body
    removed = int((out_lines & ~g["kept"]).sum())
    body_kept = int((body & g["kept"]).sum())
    errors = [
        {"id": i, "line_no": int(n), "label": lab, "text": t[:120]}
        for i, n, lab, t, k in zip(
            g["id"], g["line_no"], g["label"], g["text"], g["kept"], strict=True
        )
        if (lab == "body") != k
    ]
    return {
        "n_pages": len(bodies),
        "n_lines": len(g),
        "boilerplate_removed": _share(removed, int(out_lines.sum())),
        "body_kept": _share(body_kept, int(body.sum())),
        "removal": prf(removed, int(body.sum()) - body_kept, int(out_lines.sum()) - removed),
        "errors": errors[:80],
    }


def _share(part: int, whole: int) -> dict[str, Any]:
    return {"share": round(part / whole, 4) if whole else None, "n": part, "of": whole}


def outlet_key(name: object) -> str:
    """An outlet name compared loosely: case, punctuation, a language edition ("id.") and a
    domain ending ignored ("id.news-front" is News Front's Indonesian edition)."""
    if not isinstance(name, str) or not name:
        return ""
    name = _BLOG_HOST.sub("", name.strip().casefold().removeprefix("www."))
    name = _EDITION.sub("", name)
    return _NON_ALNUM.sub("", _DOMAIN_SUFFIX.sub("", name))


def field_scores(gold: pd.DataFrame, articles: pd.DataFrame, ids: dict[str, str]) -> dict[str, Any]:
    """Publication dates and outlets against the labels (``gold``: ``id, published, outlet``).

    A date is exact when it equals the label, null included; ``guessed`` counts dates given
    where the page has none, ``missed`` pages with a date where none was found.
    """
    row = articles.set_index("doc_id")
    date_err, outlet_err = [], []
    exact = guessed = missed = outlet_ok = 0
    n = 0
    for i, pub, outlet in zip(gold["id"], gold["published"], gold["outlet"], strict=True):
        if i not in ids:
            continue
        n += 1
        got = row.loc[ids[i]]
        want = pub if pub else None
        have = got["published"].isoformat() if pd.notna(got["published"]) else None
        if have == (str(want) if want else None):
            exact += 1
        else:
            guessed += int(want is None)
            missed += int(have is None)
            date_err.append({"id": i, "gold": str(want) if want else None, "predicted": have})
        if outlet_key(got["outlet"]) == outlet_key(outlet):
            outlet_ok += 1
        else:
            have_outlet = got["outlet"] if isinstance(got["outlet"], str) else None
            outlet_err.append({"id": i, "gold": outlet or None, "predicted": have_outlet})
    return {
        "dates": {**_share(exact, n), "guessed": guessed, "missed": missed, "errors": date_err},
        "outlets": {**_share(outlet_ok, n), "errors": outlet_err},
    }


_TOKEN = re.compile(r"[0-9a-z]+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def gold_titles(gold: pd.DataFrame, lines: pd.DataFrame) -> dict[str, str | None]:
    """Each page's headline as its labels show it: a ``metadata`` line holding at
    least 70 % of the words of the article URL's slug (slugs are made from headlines), the one
    with the fewest other words; None when no labelled line does (no headline printed, or a
    slug in another language)."""
    meta = lines[lines["label"] == "metadata"]
    by_id: dict[str, list[str]] = {}
    for i, t in zip(meta["id"], meta["text"], strict=True):
        by_id.setdefault(i, []).append(t)
    out: dict[str, str | None] = {}
    for i, url in zip(gold["id"], gold["url"], strict=True):
        slug = slug_words(url)
        fits = [
            t for t in by_id.get(i, []) if slug and len(slug & set(_tokens(t))) >= 0.7 * len(slug)
        ]
        # the printing with the fewest other words: the <h1>, not the <title> with its suffix
        out[i] = min(fits, key=lambda t: len(set(_tokens(t)) - slug)) if fits else None
    return out


def title_scores(
    gold: pd.DataFrame, lines: pd.DataFrame, articles: pd.DataFrame, ids: dict[str, str]
) -> dict[str, Any]:
    """Titles against the headline of :func:`gold_titles` (pages without one are left out):
    ``exact`` (case and whitespace aside), ``normalised`` (the same words, punctuation aside)."""
    heads = gold_titles(gold[gold["id"].isin(ids)], lines)
    row = articles.set_index("doc_id")
    exact = same = n = 0
    errors = []
    for i, want in heads.items():
        if want is None:
            continue
        n += 1
        have = row.at[ids[i], "title"]
        have = have if isinstance(have, str) else ""
        if " ".join(have.casefold().split()) == " ".join(want.casefold().split()):
            exact += 1
        if _tokens(have) == _tokens(want):
            same += 1
        else:
            errors.append({"id": i, "gold": want[:120], "predicted": have[:120] or None})
    return {
        "exact": _share(exact, n),
        "normalised": _share(same, n),
        "no_headline": sorted(i for i, h in heads.items() if h is None),
        "errors": errors,
    }


def story_pairs(links: Sequence[tuple[str, str]], known: set[str]) -> set[frozenset[str]]:
    """Every two pages of one gold story: ``duplicate_of`` links (page, earlier page) chained
    into stories (``b08`` → ``b01`` → ``g03`` is one story of three, three pairs), pages outside
    ``known`` left out."""
    stories: dict[str, set[str]] = {}
    for page, earlier in links:
        merged = stories.get(page, {page}) | stories.get(earlier, {earlier})
        for member in merged:
            stories[member] = merged
    groups = {id(g): g & known for g in stories.values()}
    return {frozenset(pair) for g in groups.values() for pair in combinations(sorted(g), 2)}


def duplicate_scores(
    gold: pd.DataFrame, articles: pd.DataFrame, ids: dict[str, str]
) -> dict[str, Any]:
    """Syndicated pairs found: gold ``duplicate_of`` pairs against the stage's links.

    A pair is found when the two pages are one story (``story_id``: a republished copy, which
    is also a duplicate, or a rewrite); ``false_pairs`` are linked pages the labels keep apart.
    """
    back = {d: i for i, d in ids.items()}
    wanted = story_pairs(
        [(i, d) for i, d in zip(gold["id"], gold["duplicate_of"], strict=True) if d],
        set(ids),
    )
    story: dict[str, list[str]] = {}
    for d, sid in zip(articles["doc_id"], articles["story_id"], strict=True):
        if isinstance(sid, str) and d in back:
            story.setdefault(sid, []).append(back[d])
    found = {
        frozenset(pair) for members in story.values() for pair in combinations(sorted(members), 2)
    }
    tp = len(wanted & found)
    out = prf(tp, len(found) - tp, len(wanted) - tp)
    out["missed"] = sorted(sorted(p) for p in wanted - found)
    out["false_pairs"] = sorted(sorted(p) for p in found - wanted)
    return out


# --- entities: every actor mention ---------------------------------------------------------


def occurrence(body: str, surface: str, start: int) -> int:
    """How many times ``surface`` occurs in ``body`` before ``start`` (0 = first)."""
    n, pos = 0, body.find(surface)
    while 0 <= pos < start:
        n += 1
        pos = body.find(surface, pos + 1)
    return n


def entity_presence(
    gold: pd.DataFrame, mentions: pd.DataFrame, ids: dict[str, str]
) -> dict[str, Any]:
    """Actor ids found per page against ``entities_present``, and furniture-only ids tagged.

    ``entities_absent`` lists ids a page names only in its furniture: any of them among the
    page's mentions came from furniture the cleaning let through.
    """
    found: dict[str, set[str]] = {}
    discovered: dict[str, set[str]] = {}
    for d, e, k in zip(mentions["doc_id"], mentions["entity_id"], mentions["kind"], strict=True):
        if not e.startswith("loc:"):
            found.setdefault(d, set()).add(e)
        if k == "discovered":
            discovered.setdefault(d, set()).add(e)
    tp = fp = fn = 0
    d_tp = d_fp = 0
    leaked, errors, wrong_people = [], [], []
    for i, present, absent in zip(
        gold["id"], gold["entities_present"], gold["entities_absent"], strict=True
    ):
        if i not in ids:
            continue
        have, want = found.get(ids[i], set()), set(present)
        tp, fp, fn = tp + len(have & want), fp + len(have - want), fn + len(want - have)
        if have != want:
            errors.append({"id": i, "missed": sorted(want - have), "extra": sorted(have - want)})
        leaked += [{"id": i, "entity_id": e} for e in sorted(set(absent) & have)]
        found_people = discovered.get(ids[i], set())
        d_tp, d_fp = d_tp + len(found_people & want), d_fp + len(found_people - want)
        wrong_people += [{"id": i, "entity_id": e} for e in sorted(found_people - want)]
    return {
        "presence": prf(tp, fp, fn),
        "furniture_only_ids_tagged": len(leaked),
        "furniture_leaks": leaked,
        # people found outside the dictionary that the page's labels name (precision only:
        # the labels do not say which of their people the dictionary lacks)
        "discovery": {
            "precision": round(d_tp / (d_tp + d_fp), 4) if d_tp + d_fp else 0.0,
            "tp": d_tp,
            "fp": d_fp,
            "errors": wrong_people[:80],
        },
        "errors": errors[:80],
    }


def mention_scores(gold: pd.DataFrame, articles: pd.DataFrame, mentions: pd.DataFrame) -> dict:
    """P/R/F1 of (surface occurrence, entity id) overall, by entity type and by kind."""
    body = dict(zip(articles["doc_id"], articles["body"], strict=True))
    src = dict(zip(articles["doc_id"], articles["source"], strict=True))
    files = set(gold["file"]) & set(articles.loc[articles["status"] == "kept", "source"])
    pred: dict[tuple[str, str, int], tuple[str, str, str]] = {}
    for d, s, surf, eid, et, k in zip(
        mentions["doc_id"],
        mentions["start"],
        mentions["surface"],
        mentions["entity_id"],
        mentions["entity_type"],
        mentions["kind"],
        strict=True,
    ):
        if src.get(d) in files and s >= 0:  # the labels are of the body (a headline's is < 0)
            pred[(src[d], surf, occurrence(body[d], surf, int(s)))] = (eid, et, k)
    gold_map = {
        (f, s, int(o)): (e, t, k)
        for f, s, o, e, t, k in zip(
            gold["file"],
            gold["surface"],
            gold["occurrence"],
            gold["entity_id"],
            gold["entity_type"],
            gold["kind"],
            strict=True,
        )
        if f in files
    }

    def score(select_gold: set, select_pred: set) -> dict:
        tp = sum(1 for key in select_gold & select_pred if gold_map[key][0] == pred[key][0])
        return prf(tp, len(select_pred) - tp, len(select_gold) - tp)

    out: dict = {
        "n_files": len(files),
        "n_gold": len(gold_map),
        "overall": score(set(gold_map), set(pred)),
    }
    for field, idx in (("by_type", 1), ("by_kind", 2)):
        values = sorted({v[idx] for v in gold_map.values()} | {v[idx] for v in pred.values()})
        out[field] = {
            v: score(
                {k for k, g in gold_map.items() if g[idx] == v},
                {k for k, p in pred.items() if p[idx] == v},
            )
            for v in values
        }
    misses = Counter()
    errors = []
    for key in sorted(set(gold_map) | set(pred)):
        g, p = gold_map.get(key), pred.get(key)
        if g is None or p is None or g[0] != p[0]:
            misses[("missed" if p is None else "spurious" if g is None else "wrong id")] += 1
            errors.append(
                {
                    "file": key[0],
                    "surface": key[1],
                    "occurrence": key[2],
                    "gold": g[0] if g else None,
                    "predicted": p[0] if p else None,
                }
            )
    out["error_counts"] = dict(sorted(misses.items()))
    out["errors"] = errors[:60]
    return out


# --- stance: article labels ----------------------------------------------------------------


def label_scores(
    gold: pd.DataFrame,
    articles: pd.DataFrame,
    stance: pd.DataFrame,
    column: str,
    labels: tuple[str, ...],
) -> dict:
    """Accuracy, macro-F1 and confusion matrix of article labels on the gold files."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    src = dict(zip(articles["doc_id"], articles["source"], strict=True))
    predicted = {src[d]: lab for d, lab in zip(stance["doc_id"], stance[column], strict=True)}
    rows = [
        (f, g, predicted[f])
        for f, g in zip(gold["file"], gold[column], strict=True)
        if f in predicted
    ]
    if not rows:
        return {"n": 0}
    y_true = [g for _, g, _ in rows]
    y_pred = [p for _, _, p in rows]
    return {
        "n": len(rows),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "macro_f1": round(
            float(f1_score(y_true, y_pred, labels=list(labels), average="macro", zero_division=0)),
            4,
        ),
        "labels": list(labels),
        "confusion": confusion_matrix(y_true, y_pred, labels=list(labels)).tolist(),
        "by_class": {
            lab: prf(
                sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == p == lab),
                sum(1 for t, p in zip(y_true, y_pred, strict=True) if p == lab != t),
                sum(1 for t, p in zip(y_true, y_pred, strict=True) if t == lab != p),
            )
            for lab in labels
        },
        "errors": [{"file": f, "gold": g, "predicted": p} for f, g, p in rows if g != p],
    }
