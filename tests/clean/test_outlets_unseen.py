"""Outlets of pages from outlets never seen: republished copies, reposts and aggregator pages.

The outlet is the page's publisher, never the publication it credits as the text's source
("Sumber: https://…", "Artikel ini telah tayang di Kompas.com …", "dikutip dari …", "Baca
selengkapnya di …"); the printed URL names the outlet only when it is the page's own.
"""

from __future__ import annotations

import pytest
import yaml

from pipeline.clean.article import clean_article
from pipeline.clean.outlets import OutletCue, credits_source, line_cues, name_key, own_url_line
from pipeline.clean.rules import RuleSet, load_rules
from tests.conftest import ROOT

BODY = (
    "Pemerintah Armenia menyatakan kerja sama dengan Uni Eropa akan diperluas ke bidang "
    "keamanan dan energi, sementara Moskow mengkritik keputusan tersebut dengan keras."
)
HEAD = "Armenia Perluas Kerja Sama Keamanan dengan Uni Eropa"


@pytest.fixture(scope="module")
def bare() -> RuleSet:
    """The rules file without any outlet section: every outlet is unknown."""
    path = ROOT / "data/lexicons/boilerplate.yaml"
    names = list(yaml.safe_load(path.read_text(encoding="utf-8"))["outlets"])
    return load_rules(path, without=names)


def _clean(page: str, rules: RuleSet):  # noqa: ANN202
    """``clean_article`` with the classifier's decisions: body for prose, else metadata."""
    decisions = [("body", 0.9) if BODY in ln else ("metadata", 0.1) for ln in page.split("\n")]
    return clean_article(page, rules, decisions=decisions)


@pytest.mark.parametrize(
    "line",
    [
        "Sumber: https://sputniknews.com/20240312/armenia-csto.html",
        "Sumber berita: https://id.topwar.ru/123-armenia.html",
        "Artikel ini telah tayang di Kompas.com dengan judul Armenia Bekukan CSTO",
        "Artikel ini sudah tayang di Tribunnews.com dengan judul X, https://www.tribunnews.com/a",
        "Baca selengkapnya di https://www.msn.com/id-id/berita/armenia",
        "Baca artikel aslinya di https://id.rt.com/news/armenia",
        "Artikel ini dikutip dari Sputniknews.com",
        "Dilansir dari RT, Kamis (14/3/2024).",
        "Artikel ini pertama kali terbit di id.news-pravda.com",
        "Diterjemahkan dari ria.ru",
    ],
)
def test_a_credit_of_another_publication(line: str) -> None:
    assert credits_source(line)
    assert not own_url_line(line)


@pytest.mark.parametrize(
    ("line", "previous"),
    [
        ("URL: https://www.kabarkaukasus.com/2024/03/14/armenia", ""),
        ("Salin tautan https://www.kabarkaukasus.com/2024/03/14/armenia", ""),
        ("Bagikan: https://id.news-pravda.com/world/2024/03/13/20311.html", ""),
        ("https://news.kabarkaukasus.com/read/2024/03/14/armenia", ""),
        ("https://news.kabarkaukasus.com/read/2024/03/14/armenia", "Editor: Rina"),
    ],
)
def test_the_page_s_own_printed_url(line: str, previous: str) -> None:
    assert own_url_line(line, previous)
    assert not credits_source(line)


def test_a_bare_url_under_a_credit_label_is_no_own_url() -> None:
    url = "https://sputniknews.com/20240312/armenia-csto.html"
    assert not own_url_line(url, "Sumber:")
    assert not own_url_line(url, "Baca selengkapnya:")
    assert own_url_line(url, "Sumber: Reuters")  # a wire credit line of its own, no label


@pytest.mark.parametrize(
    ("page", "outlet", "source"),
    [
        # a plain-text copy crediting a Kremlin-friendly site by its address: unknown publisher
        (f"{HEAD}\n{BODY}\nSumber: https://sputniknews.com/20240312/a.html", "", "sputniknews.com"),
        (f"{HEAD}\n{BODY}\nSumber:\nhttps://id.topwar.ru/240312-armenia.html", "", "id.topwar.ru"),
        # an aggregator's "read more" to the original, and the page's own address
        (
            f"{HEAD}\n{BODY}\nBaca selengkapnya di https://id.rt.com/news/armenia-csto\n"
            "Salin tautan: https://www.kabarkaukasus.com/2024/03/armenia",
            "kabarkaukasus",
            "id.rt.com",
        ),
        # a republication crediting the original, the page's own address in its footer
        (
            f"{HEAD}\n{BODY}\nArtikel ini telah tayang di Wartadunia.com dengan judul "
            f'"{HEAD}", https://www.wartadunia.com/internasional/2024/03/14/armenia\n'
            "https://www.kabarkaukasus.com/2024/03/14/armenia",
            "kabarkaukasus",
            "wartadunia.com",
        ),
        # a site name in a credit line without an address names the source, not the page
        (f"{HEAD}\n{BODY}\nArtikel ini dikutip dari Sputniknews.com", "", "Sputniknews.com"),
        (
            f"KABAR KAUKASUS\n{HEAD}\n{BODY}\nDisadur dari Wartadunia.com",
            "kabarkaukasus",
            "Wartadunia.com",
        ),
        # a Telegram repost: its own channel, and a credited original
        (
            f"{HEAD}\n{BODY}\nSumber: https://ria.ru/20240314/armeniya.html\n"
            "Berlangganan saluran Telegram kami: https://t.me/kabarkaukasus_official",
            "kabarkaukasus",
            "ria.ru",
        ),
    ],
)
def test_a_credited_source_is_never_the_outlet(
    bare: RuleSet, page: str, outlet: str, source: str
) -> None:
    cleaned = _clean(page, bare)
    assert name_key(cleaned.outlet or "") == outlet
    assert any(c.cue == "source" and c.name == source for c in cleaned.outlet_cues)
    assert cleaned.body == BODY


def test_a_known_outlet_credited_is_no_cue_for_it(rules: RuleSet) -> None:
    """A regional outlet's copy of a Kompas.com article: Kompas is only its source."""
    page = (
        f'{HEAD}\n{BODY}\nArtikel ini telah tayang di Kompas.com dengan judul "{HEAD}"\n'
        "https://www.kabarkaukasus.com/2024/03/14/armenia"
    )
    cleaned = _clean(page, rules)
    assert name_key(cleaned.outlet or "") == "kabarkaukasus"
    kompas = [c.cue for c in cleaned.outlet_cues if name_key(c.name).startswith("kompas")]
    assert kompas and set(kompas) == {"source"}


def test_the_page_s_own_address_still_names_it(bare: RuleSet) -> None:
    for page in (
        f"{HEAD}\n{BODY}\nURL: https://www.kabarkaukasus.com/2024/03/14/armenia",
        f"{HEAD}\n{BODY}\nhttps://news.kabarkaukasus.com/read/2024/03/14/armenia",
        f"{HEAD}\n{BODY}\nSumber: Reuters\nhttps://news.kabarkaukasus.com/read/2024/03/14/a",
    ):
        cleaned = _clean(page, bare)
        assert name_key(cleaned.outlet or "") == "kabarkaukasus"
        assert cleaned.outlet_source == "cue_url"
        assert cleaned.own_url is not None


def test_a_self_credit_of_the_page_s_own_outlet(bare: RuleSet) -> None:
    """Tribunnews prints "Artikel ini telah tayang di Tribunnews.com" on its own pages: its
    dateline still names it, and the credited address still dates the page."""
    page = (
        f"{HEAD}\nTRIBUNNEWS.COM - {BODY}\nArtikel ini telah tayang di Tribunnews.com dengan "
        f"judul {HEAD}, https://www.tribunnews.com/internasional/2024/03/14/armenia"
    )
    cleaned = _clean(page, bare)
    assert name_key(cleaned.outlet or "") == "tribunnews"
    assert cleaned.printed_url == "https://www.tribunnews.com/internasional/2024/03/14/armenia"


def test_a_read_more_prompt_names_no_outlet(rules: RuleSet) -> None:
    """A "read more" prompt: neither "selengkapnya" (a prompt word) nor its site counts."""
    cues = line_cues("Baca selengkapnya di Merdeka.com", rules)
    assert [c for c in cues if c.weight > 0] == []
    assert OutletCue("Merdeka.com", "source") in cues


def test_a_republished_copy_keeping_the_original_s_dateline(rules: RuleSet) -> None:
    """A regional outlet's copy of a Kompas.com article keeps "JAKARTA, KOMPAS.com -": the
    credit and the page's own address name the publisher; without its own address, or when
    the address is the credited outlet's own, the dateline still decides."""
    copy = (
        f"{HEAD}\nJAKARTA, KOMPAS.com - {BODY}\nArtikel ini telah tayang di Kompas.com dengan "
        f"judul {HEAD}\n"
    )
    cleaned = _clean(copy + "URL: https://www.kabarkaukasus.com/2024/03/14/armenia", rules)
    assert name_key(cleaned.outlet or "") == "kabarkaukasus"
    assert cleaned.outlet_source == "cue_url"
    assert {c.cue for c in cleaned.outlet_cues if name_key(c.name).startswith("kompas")} == {
        "source"
    }
    assert _clean(copy, rules).outlet == "Kompas.com"
    own = _clean(copy + "https://www.kompas.com/global/read/2024/03/14/armenia", rules)
    assert own.outlet == "Kompas.com" and own.outlet_source == "dateline"
    # no credit: the known outlet's dateline decides alone, whatever address is printed
    plain = f"{HEAD}\nJAKARTA, KOMPAS.com - {BODY}\nURL: https://www.kabarkaukasus.com/a/b"
    assert _clean(plain, rules).outlet == "Kompas.com"
