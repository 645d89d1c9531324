import random
import unicodedata
from datetime import date

import pytest

from pipeline.clean.article import (
    _SPACES,
    clean_article,
    find_wires,
    fold_digits,
    line_key,
    looks_like_headline,
    normalise_line,
    normalise_lines,
    page_keys,
)
from pipeline.clean.rules import RuleSet
from tests.conftest import seed_text

# (seed, outlet, date from byline, date from body, dateline, wires, title prefix)
EXPECTED = [
    ("000", "Kompas.com", date(2020, 10, 31), "Moskwa", ["AFP"], "Rusia Berjanji Bantu Armenia"),
    ("001", "Kompas.com", date(2020, 11, 21), "Yerevan", ["AFP"], "PM Armenia Minta agar"),
    ("002", "Warta Ekonomi", None, None, ["Anadolu"], None),
    ("003", None, None, "Yerevan", ["Reuters"], "Armenia Bersiap Keluar"),
    ("004", "Tempo", None, "Jakarta", ["Reuters", "RIA"], "AS Jamu Armenia"),
]


@pytest.mark.parametrize(("seed", "outlet", "byline", "dateline", "wires", "title"), EXPECTED)
def test_seed_metadata(rules: RuleSet, seed: str, outlet, byline, dateline, wires, title) -> None:
    out = clean_article(seed_text(seed), rules)
    assert out.outlet == outlet
    assert out.byline_date == byline
    assert out.dateline == dateline
    assert sorted(out.wires) == sorted(wires)
    assert (out.title or "").startswith(title or "")
    assert (title is None) == (out.title is None)


def test_body_dates_from_the_text(rules: RuleSet) -> None:
    assert clean_article(seed_text("003"), rules).body_date == date(2024, 6, 13)
    assert clean_article(seed_text("004"), rules).body_date == date(2022, 9, 19)
    assert clean_article(seed_text("002"), rules).body_date is None


def test_author_from_byline(rules: RuleSet) -> None:
    assert clean_article(seed_text("000"), rules).author == "Ardi Priyatno Utomo"


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_boilerplate_leaves_and_body_stays(rules: RuleSet, seed: str) -> None:
    body = clean_article(seed_text(seed), rules).body
    for junk in (
        "Baca juga",
        "Baca Juga",
        "Gabung Kompas.com+",
        "Simak breaking news",
        "Google News",
        "Editor:",
        "Tag Terkait",
        "You May Also Like",
        "Video rekomendasi",
        "Estimated read time",
        "jam lalu",
        "hari lalu",
        "Close Ads",
        "Photo File",
    ):
        assert junk not in body, junk
    assert len(body.split()) > 200


def test_teaser_tail_is_cut_with_its_foreign_headlines(rules: RuleSet) -> None:
    out = clean_article(seed_text("004"), rules)
    assert "Thailand" not in out.body and "Texas" not in out.body
    assert out.body.rstrip().endswith("menahan diri.")
    assert sum(r.rule == "related_teasers" for r in out.removed) >= 40


def test_body_sentences_mentioning_an_outlet_and_quotes_stay(rules: RuleSet) -> None:
    body = clean_article(seed_text("002"), rules).body
    assert body.startswith("Langkah Presiden Armenia")
    assert "VIVA Militer melaporkan dalam berita sebelumnya" in body
    assert '"NATO sangat prihatin' in body


def test_dateline_prefix_is_stripped_not_the_line(rules: RuleSet) -> None:
    out = clean_article(seed_text("000"), rules)
    assert out.body.startswith("Rusia menyatakan, mereka berjanji")
    assert [r.text for r in out.removed if r.rule == "dateline"] == ["MOSKWA, KOMPAS.com -"]


def test_every_removal_is_logged_with_a_rule(rules: RuleSet) -> None:
    text = seed_text("000")
    out = clean_article(text, rules)
    lines = [ln.strip() for ln in text.split("\n")]
    body_lines = set(out.body.split("\n\n"))
    for no, line in enumerate(lines, start=1):
        if not line:
            continue
        logged = [r for r in out.removed if r.line_no == no]
        assert logged or line in body_lines, f"line {no} vanished: {line!r}"
    assert all(r.rule for r in out.removed)


def test_page_render_date_does_not_beat_the_byline(rules: RuleSet) -> None:
    text = "Minggu, 22 November 2026\n\n" + seed_text("000")
    out = clean_article(text, rules)
    assert out.byline_date == date(2020, 10, 31)
    assert any(r.rule == "date_line" for r in out.removed)


def test_wire_cues(rules: RuleSet) -> None:
    text = "dilansir Reuters, menurut kantor berita TASS dan dikutip dari Anadolu Agency; AS dan AP"
    assert find_wires(text, rules) == ["Reuters", "TASS", "Anadolu"]


def test_repeated_metadata_lines_still_feed_the_metadata(rules: RuleSet) -> None:
    """Once an outlet has many pages, its bylines and credits repeat (digits folded): they must
    still give the date, author and wire, not vanish as template lines."""
    from pipeline.clean.article import line_key

    text = seed_text("000")
    template = "Ikuti terus berita terbaru dari portal kami setiap hari"
    plain = clean_article(text, rules)
    # Every line that is not body recurs on the outlet's other pages, as does the template.
    repeated = frozenset(line_key(r.text) for r in plain.removed) | {line_key(template)}
    out = clean_article(text + "\n" + template, rules, repeated)
    assert out.byline_date == plain.byline_date == date(2020, 10, 31)
    assert out.author == plain.author == "Ardi Priyatno Utomo"
    assert out.wires == plain.wires
    assert out.outlet == plain.outlet == "Kompas.com"
    assert out.body == plain.body
    rules_of = {r.text: r.rule for r in out.removed}
    assert rules_of[template] == "repeated_line"
    assert "byline" in rules_of.values()


def test_whitespace_collapsing_matches_the_substitution_everywhere() -> None:
    """The fast path (no substitution when nothing needs it) changes no line."""
    rng = random.Random(5)
    words = ["Rusia", "é", "x", "’", ""]
    seps = [" ", " ", " ", "  ", "\t", "\u00a0", "\u200b", "\u3000", "\ufeff", "\n", " \t"]
    for _ in range(3000):
        text = rng.choice(words)
        for _ in range(rng.randint(0, 6)):
            text += rng.choice(seps) + rng.choice(words)
        nfc = unicodedata.normalize("NFC", text)
        assert normalise_line(text) == _SPACES.sub(" ", nfc).strip(), repr(text)
        expected = [ln.strip() for ln in _SPACES.sub(" ", nfc).split("\n")]
        assert normalise_lines(text) == expected, repr(text)


def test_the_outlet_comes_from_the_page_s_own_furniture(rules: RuleSet) -> None:
    body = (
        "Pemerintah Armenia menyatakan kerja sama dengan Uni Eropa akan diperluas ke bidang "
        "keamanan dan energi, sementara Moskow mengkritik keputusan tersebut dengan keras."
    )
    named = clean_article(f"Okezone\n{body}\nFollow Berita Okezone di Google News", rules)
    assert (named.outlet, named.outlet_source) == ("Okezone", "cue_prompt")
    site = clean_article(
        f"Merdeka.com\n{body}\nSumber: tass.ru",
        rules,
        decisions=[("boilerplate", 0.1), ("body", 0.9), ("boilerplate", 0.1)],
    )
    assert site.outlet == "Merdeka.com"  # a site name; the wire's site is no outlet
    held = clean_article(
        f"{body}\n© 2015-2024 News Front. All rights reserved.",
        rules,
        decisions=[("body", 0.9), ("boilerplate", 0.1)],  # as the line classifier decides
    )
    assert held.outlet == "id.news-front"  # "News Front" is a known outlet now
    other = clean_article(
        f"{body}\n© 2015-2024 Kabar Rakyat. All rights reserved.",
        rules,
        decisions=[("body", 0.9), ("boilerplate", 0.1)],
    )
    assert other.outlet == "Kabar Rakyat"
    unknown = clean_article(f"Judul\n{body}", rules)
    assert unknown.outlet is None  # stays unknown


def test_the_page_s_own_url_printed_without_a_colon_or_in_a_republication_line(
    rules: RuleSet,
) -> None:
    body = (
        "Pemerintah Armenia menyatakan kerja sama dengan Uni Eropa akan diperluas ke bidang "
        "keamanan dan energi, sementara Moskow mengkritik keputusan tersebut dengan keras."
    )
    url = "https://www.suara.com/news/2026/01/21/072012/armenia-di-persimpangan"
    assert clean_article(f"{body}\nSalin tautan {url}", rules).printed_url == url
    line = f"Artikel ini telah tayang di Tribunnews.com dengan judul Pashinyan Menolak, {url}"
    assert clean_article(f"{body}\n{line}", rules).printed_url == url
    # a link inside a sentence or a teaser is not the page's URL
    prose = f"Laporan lengkapnya dapat dibaca di {url} menurut pejabat itu."
    assert clean_article(f"{body}\n{prose}", rules).printed_url is None


@pytest.mark.parametrize(
    ("line", "headline"),
    [
        ("Putin Umumkan Gencatan Senjata Armenia-Azerbaijan", True),
        ('Latihan CSTO "Interaksi-2024" dimulai di Kirgistan, Armenia kembali absen', True),
        ("5 Fakta Kunjungan Pashinyan ke Moskow", True),
        ("Find Us On Social Media :", False),
        ("Berita", False),
        ("![]() |", False),
        ("Rabu, 4 September 2024 10:00 WIB", False),
        ("Penulis: Rahmat Hidayat", False),
        ("oleh redaksi kami hari ini", False),
    ],
)
def test_what_looks_like_a_headline(line: str, headline: bool) -> None:
    assert looks_like_headline(line) is headline


def test_the_title_is_the_headline_not_the_first_short_line(rules: RuleSet) -> None:
    body = (
        "Pemerintah Armenia menyatakan kerja sama dengan Uni Eropa akan diperluas ke bidang "
        "keamanan dan energi, sementara Moskow mengkritik keputusan tersebut dengan keras."
    )
    head = "Armenia Perluas Kerja Sama dengan Uni Eropa"
    page = f"Find Us On Social Media :\nBerita\n{head}\n{head}\n{body}"
    meta = [("metadata", 0.1)] * 4 + [("body", 0.9)]
    out = clean_article(page, rules, decisions=meta)
    assert out.title == head and out.body == body
    assert [r.rule for r in out.removed].count("title") == 1  # printed twice, one title
    # a headline printed only after the body is still the title
    after = clean_article(f"{body}\n{head}", rules, decisions=[("body", 0.9), ("metadata", 0.1)])
    assert after.title == head
    # a page without a headline has no title
    bare = clean_article(f"{body}\nBerita", rules, decisions=[("body", 0.9), ("metadata", 0.1)])
    assert bare.title is None


def test_the_headline_is_the_candidate_that_shares_the_body_s_words(rules: RuleSet) -> None:
    body = (
        "Pemerintah Armenia menyatakan kerja sama dengan Uni Eropa akan diperluas ke bidang "
        "keamanan dan energi, sementara Moskow mengkritik keputusan tersebut dengan keras."
    )
    menu = "Internasional Asia Afrika Amerika Timur Tengah"
    head = "Armenia Perluas Kerja Sama Keamanan dengan Eropa"
    decided = [("metadata", 0.1), ("metadata", 0.1), ("body", 0.9), ("metadata", 0.1)]
    out = clean_article(f"{menu}\n{head}\n{body}\nDwi Bowo Raharjo", rules, decisions=decided)
    assert out.title == head  # the region menu shares no word with the body
    # an author's name after the body is no headline
    alone = clean_article(f"{body}\nDwi Bowo Raharjo", rules, decisions=decided[2:])
    assert alone.title is None


BODY_EU = (
    "Pemerintah Armenia menyatakan kerja sama dengan Uni Eropa akan diperluas ke bidang "
    "keamanan dan energi, sementara Moskow mengkritik keputusan tersebut dengan keras."
)


def test_a_region_menu_sharing_body_words_is_no_headline(rules: RuleSet) -> None:
    from pipeline.clean.article import menu_like

    menu = "Internasional Asia Eropa Amerika Timur Tengah Afrika Uni Eropa"
    head = "Armenia Perluas Kerja Sama Keamanan dengan Eropa"
    assert menu_like(menu, rules) and not menu_like(head, rules)
    decided = [("metadata", 0.1), ("metadata", 0.1), ("body", 0.9)]
    out = clean_article(f"{menu}\n{head}\n{BODY_EU}", rules, decisions=decided)
    assert out.title == head


def test_a_headline_the_classifier_missed_is_found_by_the_byline_or_the_url(
    rules: RuleSet,
) -> None:
    head = "Armenia Perluas Kerja Sama Keamanan dengan Uni Eropa"
    teaser = "Rusia Kecam Langkah Armenia soal Uni Eropa"
    byline = "Kamis, 28 Maret 2024 19:05 WIB"
    page = f"{BODY_EU}\n{teaser}\nBerita Terkait\n{head}\n{byline}"
    decided = [("body", 0.9)] + [("boilerplate", 0.01)] * 4
    out = clean_article(page, rules, decisions=decided)
    assert out.title == head  # printed after the body, next to its byline
    alone = clean_article(f"{BODY_EU}\n{teaser}", rules, decisions=decided[:2])
    assert alone.title is None  # a teaser far from any byline is no headline
    url = (
        "URL: https://kabar.example/2024/03/28/armenia-perluas-kerja-sama-keamanan-dengan-uni-eropa"
    )
    page = f"{url}\nMenu\n{head}\n{BODY_EU}"
    out = clean_article(page, rules, decisions=[("boilerplate", 0.01)] * 3 + [("body", 0.9)])
    assert out.title == head  # the printed URL's slug holds its words


def test_a_pages_line_keys_in_one_pass_are_each_lines_key() -> None:
    lines = ["Baca Juga: 5 Fakta", "", "JAKARTA, 12/3/2024 - Berita", "ΟΔΟΣ", "Σ x", "İstanbul ٣"]
    assert page_keys([lines])[0] == [line_key(ln) for ln in lines]
    assert page_keys([lines])[0][0] == "baca juga: 0 fakta" and page_keys([[]]) == [[]]
    assert page_keys([lines[:2], [], lines[2:], ["a\nb"]]) == [
        [line_key(ln) for ln in lines[:2]],
        [],
        [line_key(ln) for ln in lines[2:]],
        ["a\nb"],
    ]  # pages keep their lines; a line holding a newline is keyed on its own


def test_a_dateline_lead_stays_body_whatever_the_classifier_says(rules: RuleSet) -> None:
    from pipeline.clean.article import normalise_lines

    lead = (
        "Yerevan - Armenia meminta bantuan militer dari Rusia setelah serangan di perbatasan, "
        "kata pejabat pemerintah pada Senin, dan Pashinyan menyebut NATO mitra latihan."
    )
    teaser = "Baca berita lain tentang kunjungan Pashinyan ke Brussel pekan lalu di sini"
    text = f"{lead}\n\n{teaser}\n\nPara analis menilai langkah itu menunjukkan arah baru."
    n = len(normalise_lines(text))
    out = clean_article(text, rules, frozenset(), [("boilerplate", 0.05)] * n)
    assert out.body.startswith("Armenia meminta bantuan militer dari Rusia")
    assert out.dateline == "Yerevan" and [r.rule for r in out.removed][0] == "dateline"
    assert teaser not in out.body  # the classifier still decides the lines that are no lead
    short = clean_article(
        "Yerevan - Armenia dan Rusia.\n\nIsi", rules, frozenset(), [("boilerplate", 0.05)] * 3
    )
    assert "Armenia dan Rusia" not in short.body  # too short to be a lead: the classifier decides


def test_line_memo_changes_no_result_is_bounded_and_never_pickled(
    rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pickle

    import pipeline.clean.rules as rules_module

    texts = [seed_text(s) for s in ("000", "001", "002", "003", "004")]
    rules.memo.clear()
    cold = [clean_article(t, rules) for t in texts]
    assert rules.memo, "clean_article memoises what it reads of each line"
    assert [clean_article(t, rules) for t in texts] == cold  # every line from the memo
    copy = pickle.loads(pickle.dumps(rules))
    assert copy.memo == {} and len(rules.memo) > 0
    monkeypatch.setattr(rules_module, "MEMO_SIZE", 5)
    rules.memo.clear()
    assert [clean_article(t, rules) for t in texts] == cold  # emptied when full, same results
    assert len(rules.memo) <= 5


def test_fold_digits_is_re_digit_folding_over_all_of_unicode() -> None:
    import re
    import sys

    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    digits = [c for c in chars if re.match(r"\d", c)]
    # every character alone (astral ones included: regex knows digits re does not, U+10D40 ...)
    for start in range(0, len(chars), 4096):
        block = "x".join(chars[start : start + 4096])
        assert fold_digits(block) == re.sub(r"\d+", "0", block)
    rng = random.Random(3)
    pool = [*digits, *"ab \n09", "\U00010d40", "\U00010d45", "\u00b2", "\u2460", "\u0660"]
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        assert fold_digits(text) == re.sub(r"\d+", "0", text)
        bmp = "".join(c for c in text if c <= "\uffff")
        assert fold_digits(bmp) == re.sub(r"\d+", "0", bmp)
