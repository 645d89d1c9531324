"""Story links: rewrites that share names and figures, not sentences."""

from __future__ import annotations

from pipeline.clean.stories import StoryDoc, anchors, link_stories

A = (
    "Parlemen Armenia pada 26 Maret 2025 mengesahkan undang-undang aksesi Uni Eropa dengan 64 "
    "suara. Perdana Menteri Nikol Pashinyan menyebut langkah itu bersejarah, sementara Alexei "
    "Overchuk memperingatkan bahwa perdagangan senilai 7,3 miliar dolar bisa terganggu."
)
B = (
    "Sebanyak 64 anggota parlemen mendukung RUU yang membuka jalan ke Uni Eropa. Nikol Pashinyan "
    "menyambut hasil pemungutan suara 26 Maret 2025, dan Alexei Overchuk dari Moskow menyinggung "
    "nilai perdagangan 7,3 miliar dolar yang dipertaruhkan."
)
C = (
    "Klub sepak bola Persib Bandung menang 3-0 atas Persija Jakarta di Stadion Gelora Bandung "
    "Lautan Api pada laga kandang yang disaksikan 30.000 penonton."
)


def test_anchors_are_numbers_and_names() -> None:
    found = anchors(A)
    assert {"#64", "#7,3", "nikol pashinyan", "alexei overchuk", "uni eropa"} <= found
    assert "parlemen" not in found


def test_a_rewrite_is_one_story_and_an_unrelated_page_is_not() -> None:
    docs = [StoryDoc("b", B, 100), StoryDoc("a", A, 99), StoryDoc("c", C, 99)]
    stories = link_stories(docs, 0.3, 7)
    assert stories["a"] == stories["b"] == "a"  # the earlier article names the story
    assert stories["c"] == "c"


def test_dates_far_apart_are_two_stories_and_known_links_join() -> None:
    far = link_stories([StoryDoc("a", A, 1), StoryDoc("b", B, 400)], 0.3, 7)
    assert far["a"] != far["b"]
    joined = link_stories([StoryDoc("a", A, 1), StoryDoc("c", C, 2)], 0.3, 7, same=[("c", "a")])
    assert joined["c"] == "a"


def test_rare_anchors_weigh_more_than_common_ones() -> None:
    from pipeline.clean.stories import anchor_weights, weighted_jaccard

    sets = [frozenset({"perdana menteri", "#2023", "vahagn khachaturyan"})] + [
        frozenset({"perdana menteri", "#2023", f"x{i}"}) for i in range(9)
    ]
    w = anchor_weights(sets)
    assert w["vahagn khachaturyan"] > w["perdana menteri"] > 0
    rare = frozenset({"vahagn khachaturyan", "statuta roma"})
    common = frozenset({"perdana menteri", "#2023"})
    w2 = {**w, "statuta roma": w["vahagn khachaturyan"]}
    # sharing one rare anchor of two beats sharing one common anchor of two
    assert weighted_jaccard(rare, frozenset({"vahagn khachaturyan", "#2023"}), w2) > (
        weighted_jaccard(common, frozenset({"#2023", "statuta roma"}), w2)
    )
    assert weighted_jaccard(frozenset(), frozenset(), w) == 0.0
    # a two-article corpus still links a rewrite (no anchor gets weight 0)
    pair = link_stories([StoryDoc("a", A, 1), StoryDoc("b", B, 2)], 0.3, 7)
    assert pair["a"] == pair["b"]
