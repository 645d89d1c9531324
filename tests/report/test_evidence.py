from pipeline.report.evidence import (
    ROW_BYTES,
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
        ("relation", 1, -2.0),
        ("relation", 0, 0.7),
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
