"""Annotated sentences: synthetic training sentences, and matching gold rows to sentences.

Gold rows are keyed by article and sentence *text*, not by ``sent_id``: sentence boundaries move
when the splitter improves. A row is matched to the pipeline's sentence with the same normalised
text; failing that, to the sentence that contains it or that it contains (a boundary moved);
rows that match nothing are reported, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd

from pipeline.devcorpus import RELATIONS
from pipeline.errors import DataFileError

_SYNTHETIC = ("synthetic", "text", "relation", "alignment", "framing")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
MIN_OVERLAP = 0.6  # a containment match must cover this share of the longer text


def normalise(text: str) -> str:
    """NFKC, straight quotes, case-folded, whitespace collapsed."""
    return (
        _SPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip().casefold()
    )


def _words(text: str) -> str:
    """The words of a normalised text, punctuation dropped (for containment)."""
    return " ".join(_WORD.findall(text))


def _read(path: str | Path, required: tuple[str, ...]) -> pd.DataFrame:
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError) as err:
        raise DataFileError(path, "(file)", f"cannot read: {err}") from None
    missing = set(required) - set(df.columns)
    if missing:
        raise DataFileError(path, "(header)", f"missing columns {sorted(missing)}")
    for n, row in enumerate(df.itertuples(index=False), start=2):
        if not row.text.strip():
            raise DataFileError(path, f"row {n}", "empty text")
        if row.relation not in RELATIONS:
            raise DataFileError(path, f"row {n}", f"relation must be one of {RELATIONS}")
        for col in ("alignment", "framing"):
            if getattr(row, col) not in ("-1", "0", "1"):
                raise DataFileError(path, f"row {n}", f"{col} must be -1, 0 or 1")
    return df.astype({"alignment": "int64", "framing": "int64"})


def load_synthetic(path: str | Path) -> pd.DataFrame:
    """Synthetic sentences (training only): ``synthetic, text, relation, alignment, framing``.

    ``text`` marks actors as ``[surface|bloc]``; every row must say ``synthetic = yes``.
    """
    df = _read(path, _SYNTHETIC)
    bad = df.index[df["synthetic"] != "yes"]
    if len(bad):
        raise DataFileError(path, f"row {bad[0] + 2}", "synthetic must be 'yes'")
    return df


def match_gold(
    gold: pd.DataFrame, articles: pd.DataFrame, sentences: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(matched, unmatched)``: gold rows with the ``doc_id``/``sent_id`` they annotate.

    The article is found by ``doc_id``, else by ``file`` (the raw file name). Each pipeline
    sentence takes at most one gold row (the first that claims it).
    """
    by_source = dict(zip(articles["source"], articles["doc_id"], strict=True))
    known = set(articles["doc_id"])
    per_doc: dict[str, list[tuple[int, str]]] = {}
    for doc, sid, text in zip(
        sentences["doc_id"].tolist(),
        sentences["sent_id"].tolist(),
        sentences["text"].tolist(),
        strict=True,
    ):
        per_doc.setdefault(doc, []).append((sid, normalise(text)))
    taken: set[tuple[str, int]] = set()
    doc_ids, sent_ids, how = [], [], []
    for doc_id, file, text in zip(gold["doc_id"], gold["file"], gold["text"], strict=True):
        doc = doc_id if doc_id in known else by_source.get(file)
        sid, kind = _find(normalise(text), per_doc.get(doc, []), doc, taken)
        if sid is not None:
            taken.add((doc, sid))
        doc_ids.append(doc if sid is not None else None)
        sent_ids.append(sid)
        how.append(kind)
    out = gold.assign(doc_id=doc_ids, sent_id=sent_ids, match=how)
    matched = out[out["sent_id"].notna()].astype({"sent_id": "int64"})
    return matched.reset_index(drop=True), out[out["sent_id"].isna()].reset_index(drop=True)


def _find(
    text: str, candidates: list[tuple[int, str]], doc: str | None, taken: set[tuple[str, int]]
) -> tuple[int | None, str]:
    """The sentence id matching ``text`` exactly, else by containment, and how it matched."""
    free = [(sid, t) for sid, t in candidates if (doc, sid) not in taken]
    for sid, t in free:
        if t == text:
            return sid, "exact"
    best, share = None, 0.0
    words = _words(text)
    for sid, t in free:
        other = _words(t)
        if other and words and (f" {words} " in f" {other} " or f" {other} " in f" {words} "):
            overlap = min(len(other), len(words)) / max(len(other), len(words))
            if overlap > share:
                best, share = sid, overlap
    if best is not None and share >= MIN_OVERLAP:
        return best, "contained"
    return None, "unmatched"
