import pandas as pd
import pytest

from pipeline.report.evidence import (
    ROW_BYTES,
    RULE,
    build_evidence,
    fit_cap,
    framing_spans,
    lexicon_terms,
    term_finder,
)
from tests.report.sample import BAD, FRAMING_TERMS, GOOD, LABELS, sample_inputs


def _evidence(per_article: int = 12, budget: int = 10**9, url: str = "javascript:alert(1)"):
    i = sample_inputs(url)
    return build_evidence(
        i.articles,
        i.sentences,
        i.mentions,
        i.relations,
        i.sentence_stance,
        i.stance,
        i.components,
        LABELS,
        FRAMING_TERMS,
        per_article,
        budget,
    )


def test_every_article_gets_its_sentences_strongest_first_then_framing() -> None:
    ev = _evidence()
    assert [a["doc_id"] for a in ev.articles] == [GOOD, BAD]  # by date
    good = ev.articles[0]
    assert [(x["kind"], x["sent_id"], x["score"]) for x in good["sentences"]] == [
        ("evidence", 1, -0.5),
        ("evidence", 0, 0.1),
        ("framing", 2, None),
    ]
    assert good["url"] == "https://www.kompas.com/a" and good["wires"] == ["AFP"]
    assert good["components"]["framing_sourcing"] == 1.0
    assert (ev.cap, ev.sentences_shown, ev.sentences_hidden, ev.articles_capped) == (12, 4, 0, 0)


def test_entities_cues_and_framing_terms_are_marked() -> None:
    good = _evidence().articles[0]
    strongest = str(good["sentences"][0]["html"])
    assert '<mark class=r title="Russia">Kremlin</mark>' in strongest  # metonym: named
    assert "<mark class=r>Rusia</mark>" in strongest  # plain alias: no tooltip
    assert "<mark class=f>Armenia</mark>" in strongest
    assert (
        "<mark class=c>membantu</mark>" in strongest
        and "<mark class=c>mendukung</mark>" in strongest
    )
    framing = str(good["sentences"][2]["html"])
    assert "<mark class=fn>boneka Barat</mark>" in framing
    rel = good["sentences"][0]["relations"][0]
    assert (rel["source"], rel["target"], rel["relation"]) == ("Russia", "Armenia", "cooperation")


def test_hostile_text_is_escaped_and_a_javascript_url_is_dropped() -> None:
    bad = _evidence().articles[1]
    html = str(bad["sentences"][0]["html"])
    assert "<script>" not in html and "&lt;script&gt;" in html and "<img" not in html
    assert bad["url"] is None
    assert bad["sentences"][0]["quoted"] is True


def test_the_cap_leaves_sentences_out_and_counts_them() -> None:
    ev = _evidence(per_article=1)
    assert ev.cap == 1 and [len(a["sentences"]) for a in ev.articles] == [1, 1]
    assert ev.articles[0]["n_hidden"] == 2 and ev.sentences_hidden == 2 and ev.articles_capped == 1


def test_a_small_budget_lowers_the_cap_down_to_scores_only() -> None:
    assert _evidence(budget=2 * ROW_BYTES).cap == 0
    sizes = [[300, 200, 100], [300]]
    assert fit_cap(sizes, 12, 2 * ROW_BYTES + 900) == 12
    assert fit_cap(sizes, 12, 2 * ROW_BYTES + 800) == 2
    assert fit_cap(sizes, 12, 2 * ROW_BYTES + 600) == 1
    assert fit_cap(sizes, 12, 2 * ROW_BYTES + 599) == 0


def test_framing_terms_match_whole_words_only() -> None:
    finder = term_finder({"kewajiban": 1, "boneka": -1})
    assert framing_spans("kewajibannya boneka.", finder) == [(13, 19, "fn", "")]
    assert framing_spans("apa saja", term_finder({})) == []


def test_framing_highlights_are_the_terms_the_stance_stage_counts(lexicon) -> None:
    """Same lookup as the stage: whole words with "-" as a word character, leftmost-longest."""
    finder = term_finder({"boneka": -1, "boneka barat": -1, "barat menang": 1})
    assert framing_spans("Pro-boneka dan boneka Barat menang.", finder) == [(15, 27, "fn", "")]
    terms = lexicon_terms(lexicon.framing)
    assert framing_spans("Agresi Rusia.", term_finder(terms)) == [(0, 12, "fp", "")]


def test_the_shown_scores_are_the_contributions_and_add_up_to_the_article_score() -> None:
    """Each evidence sentence shows sentence_stance.contribution (not the relations' summed
    cue values: GOOD's sentence 1 has two cues at −1.0 each), on −1…+1 with its own score,
    and clip(Σ contributions, −1, 1) is the article's alignment (the rule the report states)."""
    i = sample_inputs()
    ev = _evidence()
    contribution = i.sentence_stance.set_index(["doc_id", "sent_id"])["contribution"]
    own = i.sentence_stance.set_index(["doc_id", "sent_id"])["alignment"]
    alignment = i.stance.set_index("doc_id")["alignment"]
    for a in ev.articles:
        shown = [x for x in a["sentences"] if x["kind"] == "evidence"]
        assert len(shown) == a["n_evidence"] and a["n_hidden"] == 0
        for x in shown:
            assert x["score"] == contribution[(a["doc_id"], x["sent_id"])]
            assert x["sentence_score"] == own[(a["doc_id"], x["sent_id"])]
            assert -1 <= x["sentence_score"] <= 1
        total = sum(x["score"] for x in shown)
        assert max(-1.0, min(1.0, total)) == pytest.approx(alignment[a["doc_id"]])
    assert "clip(Σ sentence contributions, −1, 1)" in RULE


def test_an_evidence_sentence_without_a_relation_is_shown_with_its_contribution() -> None:
    """The model scores evidence sentences with no coded relation: they count, so they show."""
    i = sample_inputs()
    extra = i.sentence_stance.iloc[[0]].assign(sent_id=2, alignment=0.4, contribution=0.2)
    stance = pd.concat([i.sentence_stance, extra], ignore_index=True)
    ev = build_evidence(
        i.articles,
        i.sentences,
        i.mentions,
        i.relations,
        stance,
        i.stance,
        i.components,
        LABELS,
        FRAMING_TERMS,
        12,
        10**9,
    )
    good = ev.articles[0]["sentences"]
    assert [(x["kind"], x["sent_id"], x["score"]) for x in good] == [
        ("evidence", 1, -0.5),
        ("evidence", 2, 0.2),
        ("evidence", 0, 0.1),
    ]
    assert good[1]["relations"] == []


def test_the_explorer_json_cannot_end_its_script_block_and_keeps_every_value() -> None:
    import json

    from pipeline.report.evidence import FIELDS, explorer_json

    ev = _evidence()
    ev.articles[0]["title"] = "</script><!-- <script>x</SCRIPT > \u2028"
    text = explorer_json(ev)
    assert "</" not in text and "<!" not in text
    data = json.loads(text)
    assert data["fields"] == list(FIELDS)
    row = dict(zip(FIELDS, data["rows"][0], strict=True))
    assert row["title"] == "</script><!-- <script>x</SCRIPT > \u2028"
    assert [s[1] for s in row["sentences"]] == [-0.5, 0.1, None]  # contributions
    assert row["sentences"][0][3] == str(ev.articles[0]["sentences"][0]["html"])
    assert explorer_json(_evidence()) == explorer_json(_evidence())
