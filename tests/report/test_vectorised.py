"""The report's builders over whole tables equal the per-group and per-row code they replaced."""

import numpy as np
import pandas as pd

from pipeline.report.drilldown import actor_drilldown
from pipeline.report.tables import commonest
from tests.report.sample import FRAMING_TERMS, sample_inputs


def test_commonest_is_each_groups_value_counts_first() -> None:
    rng = np.random.default_rng(5)
    for n in (1, 7, 500, 5000):
        df = pd.DataFrame(
            {
                "key": rng.choice([f"k{i}" for i in range(40)], n),
                "value": rng.choice(["russia", "west", "focal", "none", None], n),
            }
        )
        got = commonest(df, "key", "value")
        want = df.groupby("key")["value"].agg(
            lambda s: s.value_counts().index[0] if s.notna().any() else None
        )
        want = want.dropna()
        assert got.sort_index().to_dict() == want.sort_index().to_dict()


def _old_actor_drilldown(mentions, sentences, articles, actors, per_actor=20):
    """The per-actor filtering implementation this module replaced (reference)."""
    from pipeline.report.evidence import BLOC_CLASS
    from pipeline.report.markup import highlight
    from pipeline.report.tables import none_if_na, records

    by_key = sentences.set_index(["doc_id", "sent_id"])
    text, offset = by_key["text"], by_key["start"]
    meta = articles.set_index("doc_id")[["source", "published", "outlet"]]
    out = []
    for a in records(actors):
        m = mentions[mentions["entity_id"] == a["entity_id"]]
        keys = m[["doc_id", "sent_id"]].drop_duplicates().sort_values(["doc_id", "sent_id"])
        shown = []
        for doc_id, sent_id in keys.head(per_actor).itertuples(index=False):
            sentence = text.get((doc_id, sent_id))
            if sentence is None:
                continue
            here = m[(m["doc_id"] == doc_id) & (m["sent_id"] == sent_id)]
            base = int(offset.get((doc_id, sent_id)))
            spans = [
                (int(s) - base, int(e) - base, BLOC_CLASS.get(a["bloc"], "n"), "")
                for s, e in zip(here["start"], here["end"], strict=True)
            ]
            info = meta.loc[doc_id] if doc_id in meta.index else None
            shown.append(
                {
                    "source": None if info is None else info["source"],
                    "published": None if info is None else none_if_na(info["published"]),
                    "outlet": None if info is None else none_if_na(info["outlet"]),
                    "html": highlight(str(sentence), spans),
                }
            )
        out.append(
            {
                **a,
                "n_sentences": len(keys),
                "n_articles": int(m["doc_id"].nunique()),
                "sentences": shown,
                "sentences_cut": max(0, len(keys) - per_actor),
            }
        )
    return out


def test_the_actor_drilldown_equals_filtering_per_actor() -> None:
    i = sample_inputs()
    actors = pd.DataFrame(
        {
            "entity_id": ["RUS", "NATO", "ARM", "nobody"],
            "label": ["Russia", "NATO", "Armenia", "-"],
            "bloc": ["russia", "west", "focal", "none"],
        }
    )
    # many sentences per actor, some cut, one mention of a sentence that does not exist
    m = pd.concat([i.mentions] * 3, ignore_index=True)
    m.loc[len(i.mentions) :, "sent_id"] += np.repeat([7, 9], len(i.mentions))
    s = pd.concat(
        [i.sentences, i.sentences.assign(sent_id=i.sentences["sent_id"] + 7)], ignore_index=True
    )
    for per in (1, 2, 20):
        assert actor_drilldown(m, s, i.articles, actors, per) == _old_actor_drilldown(
            m, s, i.articles, actors, per
        )


def test_framing_terms_found_in_one_scan_are_those_of_each_sentence() -> None:
    from pipeline.report.evidence import framing_spans, framing_spans_of, term_finder

    finder = term_finder({**FRAMING_TERMS, "agresi": 1, "boneka": -1})
    rng = np.random.default_rng(3)
    words = ["boneka", "barat", "Boneka", "gagal", "memenuhi", "kewajiban", "İstanbul", "agresi"]
    words += ["pengkhianatan.", "dan", "-", "pro-boneka", "Agresi,", "\n", "kewajibannya"]
    texts = [" ".join(rng.choice(words, rng.integers(0, 9))) for _ in range(400)]
    texts += ["boneka", "barat", "gagal memenuhi", "kewajiban", ""]  # terms cut between texts
    assert framing_spans_of(texts, finder) == [framing_spans(t, finder) for t in texts]
    assert any(framing_spans_of(texts, finder)) and framing_spans_of(texts, None)[0] == []
