"""A small set of stage outputs for report tests: one ordinary and one hostile article."""

from __future__ import annotations

from datetime import date

import pandas as pd

from pipeline.io import empty_frame
from pipeline.report.build import ReportInputs
from pipeline.schemas import COLUMNS
from pipeline.stance.outlets import framing_by_outlet, framing_records

EVIL = '<script>alert("x")</script><img src=x onerror="alert(1)">'
GOOD = "b" * 16
BAD = "a" * 16
LABELS = {"RUS": "Russia", "ARM": "Armenia", "NATO": "NATO", "person:p": "Nikol Pashinyan"}
WIRE_BLOC = {"AFP": 1, "TASS": -1}
FRAMING_TERMS = {"boneka barat": -1, "pengkhianatan": -1, "gagal memenuhi kewajiban": 1}

# GOOD: three sentences; two with relations (the second stronger), one with a framing term only.
GOOD_SENTS = [
    "Armenia bekerja sama dengan NATO.",
    "Kremlin membantu Armenia dan Rusia mendukung Armenia.",
    "Pemerintah itu disebut boneka Barat oleh media.",
]
GOOD_BODY = " ".join(GOOD_SENTS)
BAD_BODY = f"Rusia membantu Armenia. {EVIL}"


def _offsets(sents: list[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for s in sents:
        out.append((pos, pos + len(s)))
        pos += len(s) + 1
    return out


def _mention(doc, sid, start, surface, eid, kind, bloc, etype="COUNTRY") -> dict:
    return {
        "doc_id": doc,
        "sent_id": sid,
        "start": start,
        "end": start + len(surface),
        "surface": surface,
        "entity_id": eid,
        "entity_type": etype,
        "kind": kind,
        "bloc": bloc,
        "method": "dictionary",
    }


def _relation(doc, sid, source, target, relation, cue, alignment) -> dict:
    return {
        "doc_id": doc,
        "sent_id": sid,
        "source": source,
        "target": target,
        "relation": relation,
        "negated": False,
        "cue": cue,
        "weight": 1.0,
        "alignment": alignment,
    }


def sample_inputs(url: str = "javascript:alert(1)") -> ReportInputs:
    """Stage outputs for GOOD (Kompas, 2024-06) and BAD (hostile everything, 2024-07)."""
    base = {
        "date_source": "body",
        "published_tz": None,
        "author": None,
        "dateline": None,
        "lang": "id",
        "status": "kept",
        "reason": None,
        "duplicate_of": None,
        "story_id": None,
    }
    articles = pd.DataFrame(
        [
            {
                **base,
                "doc_id": GOOD,
                "source": "good.txt",
                "outlet": "Kompas.com",
                "url": "https://www.kompas.com/a",
                "title": "Armenia dan NATO",
                "published": date(2024, 6, 13),
                "wires": ["AFP"],
                "body": GOOD_BODY,
                "n_words": 20,
            },
            {
                **base,
                "doc_id": BAD,
                "source": f"{EVIL}.txt",
                "outlet": EVIL,
                "url": url,
                "title": EVIL,
                "published": date(2024, 7, 1),
                "wires": ["TASS"],
                "body": BAD_BODY,
                "n_words": 6,
            },
        ]
    )
    g = _offsets(GOOD_SENTS)
    sentences = pd.DataFrame(
        [
            {"doc_id": GOOD, "sent_id": i, "start": s, "end": e, "text": t, "quote_speaker": None}
            for i, ((s, e), t) in enumerate(zip(g, GOOD_SENTS, strict=True))
        ]
        + [
            {
                "doc_id": BAD,
                "sent_id": 0,
                "start": 0,
                "end": len(BAD_BODY),
                "text": BAD_BODY,
                "quote_speaker": "RUS",
            }
        ]
    )

    def at(i: int, surface: str, nth: int = 0) -> int:
        """Body offset of the ``nth`` ``surface`` in GOOD's sentence ``i``."""
        pos = -1
        for _ in range(nth + 1):
            pos = GOOD_SENTS[i].index(surface, pos + 1)
        return g[i][0] + pos

    mentions = pd.DataFrame(
        [
            _mention(GOOD, 0, at(0, "Armenia"), "Armenia", "ARM", "name", "focal"),
            _mention(GOOD, 0, at(0, "NATO"), "NATO", "NATO", "name", "west", "ORG"),
            _mention(GOOD, 1, at(1, "Kremlin"), "Kremlin", "RUS", "metonym", "russia"),
            _mention(GOOD, 1, at(1, "Armenia"), "Armenia", "ARM", "name", "focal"),
            _mention(GOOD, 1, at(1, "Rusia"), "Rusia", "RUS", "alias", "russia"),
            _mention(GOOD, 1, at(1, "Armenia", 1), "Armenia", "ARM", "name", "focal"),
            _mention(BAD, 0, 0, "Rusia", "RUS", "alias", "russia"),
            _mention(BAD, 0, 15, "Armenia", "ARM", "name", "focal"),
        ]
    )
    relations = pd.DataFrame(
        [
            _relation(GOOD, 0, "ARM", "NATO", "cooperation", "bekerja sama", 0.7),
            _relation(GOOD, 1, "RUS", "ARM", "cooperation", "membantu", -1.0),
            _relation(GOOD, 1, "RUS", "ARM", "cooperation", "mendukung", -1.0),
            _relation(BAD, 0, "RUS", "ARM", "cooperation", "membantu", -1.0),
        ]
    )
    # Evidence sentence scores (−1…+1) and contributions: score / (prior_strength 2 +
    # dilution 0 × n), so GOOD's contributions add up to its alignment −0.4 and BAD's to −0.5.
    sentence_stance = pd.DataFrame(
        [
            {
                "doc_id": d,
                "sent_id": i,
                "alignment": a,
                "lexicon": a,
                "model": a,
                "combined": a,
                "contribution": a / 2,
            }
            for d, i, a in ((GOOD, 0, 0.2), (GOOD, 1, -1.0), (BAD, 0, -1.0))
        ]
    )
    stance = pd.DataFrame(
        [
            {
                "doc_id": d,
                "published": p,
                "outlet": o,
                "alignment": a,
                "alignment_label": "pro_russia",
                "alignment_ci_low": a - 0.2,
                "alignment_ci_high": min(a + 0.2, 1.0),
                "n_evidence": n,
                "framing": f,
                "framing_label": "neutral",
            }
            for d, p, o, a, n, f in (
                (GOOD, date(2024, 6, 13), "Kompas.com", -0.4, 2, -0.1),
                (BAD, date(2024, 7, 1), EVIL, -0.5, 1, 0.0),
            )
        ]
    )
    components = pd.DataFrame(
        [
            {
                "doc_id": d,
                "framing_evaluative": e,
                "framing_sourcing": s,
                "framing_voices": v,
                "n_framing_terms": n,
            }
            for d, e, s, v, n in ((GOOD, -0.3, 1.0, 0.0, 1), (BAD, 0.0, -1.0, -1.0, 0))
        ]
    )
    monthly = pd.DataFrame(
        [
            {
                "month": m,
                "n_articles": 1,
                "alignment": a,
                "ci_low": a - 0.2,
                "ci_high": a + 0.2,
                "framing": 0.0,
            }
            for m, a in (("2024-06", -0.4), ("2024-07", -0.5))
        ]
    )
    aggregates = pd.DataFrame(
        [
            ("month", m["month"], 1, m["alignment"], m["ci_low"], m["ci_high"], 0.0)
            for m in monthly.to_dict("records")
        ]
        + [
            ("outlet", "Kompas.com", 1, -0.4, -0.6, -0.2, -0.1),
            ("outlet", EVIL, 1, -0.5, -0.7, -0.3, 0.0),
            ("wire", "AFP", 1, -0.4, -0.6, -0.2, -0.1),
            ("wire", "TASS", 1, -0.5, -0.7, -0.3, 0.0),
        ],
        columns=list(COLUMNS["aggregates"]),
    )
    return ReportInputs(
        articles=articles,
        cleaning_log=empty_frame("cleaning_log"),
        sentences=sentences,
        mentions=mentions,
        relations=relations,
        sentence_stance=sentence_stance,
        stance=stance,
        components=components,
        monthly=monthly,
        aggregates=aggregates,
        summary={
            **summary(),
            "framing_by_outlet": framing_records(framing_by_outlet(stance, components)),
        },
        stage_metrics={
            "clean": {"articles": 2, "gold": {"precision": 1.0, "recall": 0.5, "f1": 0.667}}
        },
    )


def summary(ci_level: float = 0.9) -> dict:
    """A ``stance_summary.json`` for the two sample articles (two dates: an unreliable trend)."""
    year = {"year": 2024, "n": 2, "alignment": -0.45, "ci_low": -0.5, "ci_high": -0.4}
    return {
        "ci_level": ci_level,
        "bootstrap_samples": 2000,
        "seed": 1,
        "articles": 2,
        "mean_alignment": -0.45,
        "mean_framing": -0.05,
        "trend": {
            "n": 2,
            "reliable": False,
            "slope": -1.2,
            "ci_low": -1.2,
            "ci_high": -1.2,
            "first_date": "2024-06-13",
            "last_date": "2024-07-01",
            "first_year": year,
            "last_year": year,
        },
    }


def many_inputs(n: int) -> ReportInputs:
    """The sample with ``n`` further copies of GOOD (doc ids ``c00000…``, one day apart, titles
    "Artikel 00000"…), for the explorer's paging."""
    i = sample_inputs()
    ids = [f"c{k:05d}{'0' * 10}" for k in range(n)]

    def copies(df: pd.DataFrame, **extra: list) -> pd.DataFrame:
        good = df[df["doc_id"] == GOOD]
        out = pd.concat(
            [
                good.assign(doc_id=d, **{c: v[k] for c, v in extra.items()})
                for k, d in enumerate(ids)
            ],
            ignore_index=True,
        )
        return pd.concat([df, out], ignore_index=True)

    days = [date.fromordinal(date(2020, 1, 1).toordinal() + k) for k in range(n)]
    i.articles = copies(
        i.articles,
        source=[f"copy{k:05d}.txt" for k in range(n)],
        title=[f"Artikel {k:05d}" for k in range(n)],
        published=days,
    )
    i.sentences = copies(i.sentences)
    i.mentions = copies(i.mentions)
    i.relations = copies(i.relations)
    i.sentence_stance = copies(i.sentence_stance)
    i.stance = copies(i.stance, published=days)
    i.components = copies(i.components)
    return i


def sample_exports() -> dict[str, pd.DataFrame]:
    """The export tables of :func:`sample_inputs` (``pipeline.report.exports.export_tables``)."""
    from pipeline.report.exports import export_tables
    from pipeline.report.tables import framing_table

    i = sample_inputs()
    return export_tables(
        i.articles,
        i.sentences,
        i.mentions,
        i.relations,
        i.stance,
        i.components,
        i.aggregates,
        framing_table(i.summary),
    )
