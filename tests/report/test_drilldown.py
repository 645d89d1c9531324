import pandas as pd

from pipeline.report.drilldown import actor_drilldown, outlet_drilldown
from pipeline.report.tables import framing_table
from tests.report.sample import EVIL, GOOD_SENTS, sample_inputs


def test_each_outlet_has_its_articles_over_time_framing_and_sourcing() -> None:
    i = sample_inputs()
    drill = outlet_drilldown(i.articles, i.stance, framing_table(i.summary), {"TASS": -1})
    by = {d["outlet"]: d for d in drill}
    assert set(by) == {"Kompas.com", EVIL}
    kompas = by["Kompas.com"]
    assert kompas["months"] == [{"month": "2024-06", "articles": 1}]
    assert kompas["wires"] == [{"wire": "AFP", "bloc": "none", "articles": 1}]
    assert by[EVIL]["wires"] == [{"wire": "TASS", "bloc": "russia", "articles": 1}]
    stance = i.stance.set_index("outlet")
    assert kompas["articles"][0]["alignment"] == stance.loc["Kompas.com", "alignment"]
    framing = framing_table(i.summary).set_index("outlet")
    assert kompas["framing"]["framing_sourcing"] == framing.loc["Kompas.com", "framing_sourcing"]
    cut = outlet_drilldown(i.articles, i.stance, framing_table(i.summary), {}, limit=0)
    assert all(d["articles"] == [] and d["articles_cut"] == 1 for d in cut)


def test_each_actor_lists_the_sentences_naming_it_with_the_name_marked() -> None:
    i = sample_inputs()
    actors = pd.DataFrame({"entity_id": ["RUS", "NATO"], "label": ["Russia", "NATO"]})
    actors["bloc"] = ["russia", "west"]
    drill = {
        d["entity_id"]: d for d in actor_drilldown(i.mentions, i.sentences, i.articles, actors)
    }
    assert drill["RUS"]["n_sentences"] == 2 and drill["RUS"]["n_articles"] == 2
    nato = drill["NATO"]
    assert nato["n_sentences"] == 1 and nato["sentences_cut"] == 0
    (only,) = nato["sentences"]
    assert "<mark class=w>NATO</mark>" in str(only["html"]) and only["source"] == "good.txt"
    assert str(only["html"]).replace("<mark class=w>", "").replace("</mark>", "") == GOOD_SENTS[0]
    hostile = [s for s in drill["RUS"]["sentences"] if s["outlet"] == EVIL]
    assert hostile and "<script>" not in str(hostile[0]["html"])  # escaped
    capped = actor_drilldown(i.mentions, i.sentences, i.articles, actors, per_actor=1)
    assert capped[0]["sentences_cut"] == 1 and len(capped[0]["sentences"]) == 1
