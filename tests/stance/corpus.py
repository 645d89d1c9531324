"""Small contract-shaped corpora for the stance tests, independent of the entity tagger."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from pipeline.io import empty_frame
from pipeline.schemas import validate

# Surfaces of a fixed actor table: id and bloc (as the tagger would assign them).
ACTORS = {
    "Perdana Menteri Armenia": ("person:nikol-pashinyan", "focal"),
    "Nikol Pashinyan": ("person:nikol-pashinyan", "focal"),
    "Pashinyan": ("person:nikol-pashinyan", "focal"),
    "Sarkissian": ("person:armen-sarkissian", "focal"),
    "Armenia": ("ARM", "focal"),
    "Yerevan": ("ARM", "focal"),
    "Rusia": ("RUS", "russia"),
    "Moskow": ("RUS", "russia"),
    "Kremlin": ("RUS", "russia"),
    "Putin": ("person:vladimir-putin", "russia"),
    "CSTO": ("CSTO", "russia"),
    "Belarus": ("BLR", "russia"),
    "NATO": ("NATO", "west"),
    "Stoltenberg": ("person:jens-stoltenberg", "west"),
    "Amerika Serikat": ("USA", "west"),
    "AS": ("USA", "west"),
    "Washington": ("USA", "west"),
    "Prancis": ("FRA", "west"),
    "Uni Eropa": ("EU", "west"),
    "Inggris": ("GBR", "west"),
    "Emmanuel Macron": ("person:emmanuel-macron", "west"),
    "Turki": ("TUR", "none"),
    "Ilham Aliyev": ("person:ilham-aliyev", "none"),
    "Azerbaijan": ("AZE", "none"),
    "Nagorno-Karabakh": ("loc:nagorno-karabakh", "none"),
}
_SURFACES = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ACTORS), key=len, reverse=True)) + r")(?![\w-])"
)


def corpus(
    docs: dict[str, list[str]],
    speakers: dict[tuple[str, int], str] | None = None,
    meta: dict[str, dict] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(articles, sentences, mentions)`` for ``doc_id -> sentences`` (16 hex-digit ids).

    ``speakers`` sets ``quote_speaker`` of ``(doc_id, sent_id)``; ``meta`` overrides article
    columns (``published``, ``outlet``, ``wires``, ``source``, ``status``).
    """
    arts, sents, ments = [], [], []
    for d, texts in docs.items():
        body = "\n\n".join(texts)
        pos = 0
        for i, t in enumerate(texts):
            sents.append((d, i, pos, pos + len(t), t, (speakers or {}).get((d, i))))
            for m in _SURFACES.finditer(t):
                ent, bloc = ACTORS[m.group()]
                kind = "COUNTRY" if ent.isupper() else "LOC" if ent.startswith("loc:") else "PERSON"
                ments.append(
                    (d, i, pos + m.start(), pos + m.end(), m.group(), ent, kind, "name", bloc, "t")
                )
            pos += len(t) + 2
        row = {
            "doc_id": d,
            "source": f"{d}.txt",
            "outlet": "Harian",
            "url": None,
            "title": None,
            "published": date(2024, 6, 13),
            "date_source": "byline",
            "published_tz": "WIB",
            "author": None,
            "wires": [],
            "dateline": None,
            "lang": "id",
            "body": body,
            "n_words": len(body.split()),
            "status": "kept",
            "reason": None,
            "duplicate_of": None,
            "story_id": None,
        }
        row.update((meta or {}).get(d, {}))
        if row["published"] is None:
            row["date_source"] = "none"
        arts.append(row)
    articles = validate(pd.DataFrame(arts), "articles")
    sentences = pd.DataFrame(
        sents, columns=["doc_id", "sent_id", "start", "end", "text", "quote_speaker"]
    )
    cols = list(empty_frame("mentions").columns)
    mentions = pd.DataFrame(ments, columns=cols) if ments else empty_frame("mentions")
    return articles, validate(sentences, "sentences"), validate(mentions, "mentions")
