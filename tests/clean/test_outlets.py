"""Outlets the rules file does not know: each cue found, and not found where it is absent."""

from __future__ import annotations

import pytest

from pipeline.clean.article import clean_article
from pipeline.clean.outlets import (
    OutletCue,
    choose_outlet,
    dateline_outlet,
    domain_name,
    html_cues,
    line_cues,
    name_key,
    site_from_host,
)
from pipeline.clean.rules import RuleSet, load_rules
from pipeline.clean.stage import resolve_outlet
from tests.conftest import ROOT

BODY = (
    "Pemerintah Armenia menyatakan kerja sama dengan Uni Eropa akan diperluas ke bidang "
    "keamanan dan energi, sementara Moskow mengkritik keputusan tersebut dengan keras."
)


@pytest.fixture(scope="module")
def bare() -> RuleSet:
    """The rules file without any outlet section: every outlet is unknown."""
    path = ROOT / "data/lexicons/boilerplate.yaml"
    import yaml

    names = list(yaml.safe_load(path.read_text(encoding="utf-8"))["outlets"])
    return load_rules(path, without=names)


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("MOSKOW, KOMPAS.TV - Presiden Rusia Vladimir Putin berkata", "KOMPAS.TV"),
        ("TRIBUNNEWS.COM - Menteri Luar Negeri Rusia Sergey Lavrov menuding", "TRIBUNNEWS.COM"),
        ("TEMPO.CO, Jakarta -Menteri Luar Negeri Amerika Serikat", "TEMPO.CO"),
        ("Jakarta, IDN Times - Perdana Menteri Armenia Nikol Pashinyan", "IDN Times"),
        ("Yerevan (ANTARA) - Parlemen Armenia pada Rabu", "ANTARA"),
        (
            "Foto: AP/Alexander ZemlianichenkoREPUBLIKA.CO.ID, MOSKOW -- Rusia kecewa",
            "REPUBLIKA.CO.ID",
        ),
        ("10 November 2020, 10:15 WIBMOSKOW, KOMPAS.TV - Presiden Rusia", "KOMPAS.TV"),
        # glued to a time with a space, or to a mixed-case city; glued to a caption's credit
        ("Rabu, 12 Jan 2022 07:05 WIB Jakarta, CNN Indonesia -- Presiden Rusia", "CNN Indonesia"),
        ("Rabu, 12 Jan 2022 07:05 WIBJakarta, CNN Indonesia -- Presiden Rusia", "CNN Indonesia"),
        ("Foto: Reuters/Maxim ShemetovJakarta, Warta Kaukasus -- Rusia kecewa", "Warta Kaukasus"),
        ("Sputnik/Mikhail Klimentyev/KremlinTEMPO.CO, Jakarta - Presiden", "TEMPO.CO"),
        # no city; the site in parentheses; a colon after a site name
        ("KABARKAUKASUS.COM - Menteri Luar Negeri Rusia", "KABARKAUKASUS.COM"),
        ("(voinews.id) Presiden Rusia Vladimir Putin pada Senin", "voinews.id"),
        ("Medcom.id, Jakarta: Presiden Rusia Vladimir Putin", "Medcom.id"),
        ("MOSKOW, Warta Kaukasus - Rusia kecewa", "Warta Kaukasus"),
        ("JAKARTA, Kabar24 - Rusia kecewa", "Kabar24"),
        # the outlet before a known city in mixed case; a brand's spelling with no city
        ("Warta Ekonomi, Jakarta - Rusia kecewa", "Warta Ekonomi"),
        ("IDXChannel - Menteri Luar Negeri Rusia", "IDXChannel"),
        ("kumparanNEWS - Menteri Luar Negeri Rusia", "kumparanNEWS"),
        # no outlet: a city alone, a plain sentence, a dash inside prose, a colon in prose
        ("YEREVAN – Armenia menandatangani kesepakatan", None),
        ("PARIS - Prancis menandatangani kontrak penjualan", None),
        ("Armenia dan Azerbaijan - dua negara bertetangga - berdamai", None),
        ("Presiden Rusia Vladimir Putin menyampaikan pidato di Moskow.", None),
        ("Menurut Lavrov: Armenia keliru", None),
        ("Kata PutinMoskow, Rusia - dua negara", None),  # a city and a country: no outlet
        ("Yerevan - Armenia menandatangani", None),  # a mixed-case city alone
        ("Armenia, Yerevan - dua negara", None),
    ],
)
def test_dateline_outlet(rules: RuleSet, line: str, outlet: str | None) -> None:
    assert dateline_outlet(line, rules.places)[0] == outlet


def test_a_lone_name_dateline_only_supports(bare: RuleSet) -> None:
    """ "VIVA –" may be a name or a city the list lacks: it supports, never decides alone."""
    assert dateline_outlet("VIVA – Presiden Rusia", bare.places) == ("VIVA", "dateline_lone")
    assert dateline_outlet("YEREVAN – Presiden Rusia", bare.places) == (None, None)
    assert choose_outlet([OutletCue("GORIS", "dateline_lone")], bare) == (None, None)
    vote = [OutletCue("VIVA", "dateline_lone"), OutletCue("viva.co.id", "url")]
    assert name_key(choose_outlet(vote, bare)[0] or "") == "viva"


def test_a_city_is_never_the_outlet(bare: RuleSet) -> None:
    for cue in ("header", "copyright", "dateline", "byline", "meta"):
        assert choose_outlet([OutletCue("JAKARTA", cue)], bare) == (None, None)
    assert choose_outlet([OutletCue("Yerevan", "dateline_part")], bare) == (None, None)


@pytest.mark.parametrize(
    ("line", "cue", "name"),
    [
        ("Novita Rahmadani - detikNews", "byline", "detikNews"),
        ("Susanti Dewi , Jurnalis-Okezone", "byline", "Okezone"),
        ("Tim Okezone , Jurnalis-Okezone", "byline", "Okezone"),
        ("Laporan Wartawan Tribunnews.com, Andika Prasetyo", "byline", "Tribunnews.com"),
        ("Gabung ke Channel WhatsApp KompasTV untuk update berita terbaru", "prompt", "KompasTV"),
        ("Follow Berita Okezone di Google News", "prompt", "Okezone"),
        ("Ikuti Whatsapp Channel Republika", "prompt", "Republika"),
        ("© 2024 NamaMedia. All rights reserved.", "copyright", "NamaMedia"),
        ("Copyright © ANTARA 2025", "copyright", "ANTARA"),
        ("Sumber : Kompas TV/Reuters", "credit", "Kompas TV"),
        # "read more" names the original a copy credits, not the page's publisher
        ("Baca selengkapnya di Merdeka.com", "source", "Merdeka.com"),
        # a dated byline naming its outlet beside the date or the author
        ("CNN Indonesia | Selasa, 14/06/2022 07:20 WIB", "byline", "CNN Indonesia"),
        ("Kompas.com - 31/10/2020, 18:39 WIB", "byline", "Kompas.com"),
        ("Novita Rahmadani - detikNews | Kamis, 15 Okt 2020 10:15 WIB", "byline", "detikNews"),
        ("Warta Kaukasus Online - 10/11/2020", "byline", "Warta Kaukasus Online"),
        ("Liputan6 | Senin, 10/11/2020 10:15 WIB", "byline", "Liputan6"),
        ("Penulis: Tim Warta Kaukasus", "byline", "Warta Kaukasus"),
        # copyright lines in their many forms
        ("© Copyright 2024 Okezone.com", "copyright", "Okezone.com"),
        ("Hak Cipta © 2024 Suara.com. All rights reserved", "copyright", "Suara.com"),
        ("Copyright © 2024 PT Kompas Media Nusantara", "copyright", "Kompas Media Nusantara"),
    ],
)
def test_line_cues_found(rules: RuleSet, line: str, cue: str, name: str) -> None:
    assert OutletCue(name, cue) in line_cues(line, rules)


@pytest.mark.parametrize(
    "line",
    [
        "Ikuti kami di Google News",  # a pronoun, no name
        "Presiden Rusia Vladimir Putin - pemimpin Kremlin",  # prose with a dash
        "Menurut Lavrov, Brussel ingin mengubah kerangka regulasi Armenia.",
        "Sumber foto: https://ria.ru/foto",  # a link, not a site name of the page
        "Dewi Safitri | Selasa, 14/06/2022 07:20 WIB",  # a person beside the date
        "SENIN, 11 JANUARI 2021 | 23:35 WIB | LAPORAN: AMELIA FITRIANI",
        "JAKARTA | Selasa, 14/06/2022 07:20 WIB",  # a city beside the date
        "Penulis: Tim Redaksi",  # the team has no name
    ],
)
def test_line_cues_absent(rules: RuleSet, line: str) -> None:
    assert [c for c in line_cues(line, rules) if c.cue in ("byline", "prompt", "copyright")] == []


def test_hosts_stand_for_their_site() -> None:
    assert site_from_host("news.okezone.com") == "okezone.com"
    assert site_from_host("internasional.republika.co.id") == "republika.co.id"
    assert site_from_host("id.topwar.ru") == "id.topwar.ru"  # a language edition stays
    assert site_from_host("www.kompas.tv") == "kompas.tv"
    assert site_from_host(None) is None
    assert name_key("id.news-front.su") == name_key("News Front")
    assert name_key("beritaduniakini.blogspot.com") == name_key("BERITA DUNIA KINI")
    assert name_key("Kompas TV") != name_key("Kompas.com")


def test_cues_add_up_and_a_credit_alone_decides_nothing(bare: RuleSet) -> None:
    vote = [
        OutletCue("Sumber: News Front", "credit"),
        OutletCue("beritaduniakini.blogspot.com", "url"),
        OutletCue("BERITA DUNIA KINI", "header"),
    ]
    assert name_key(choose_outlet(vote, bare)[0] or "") == "beritaduniakini"
    assert choose_outlet([OutletCue("Kemlu Rusia", "credit")], bare) == (None, None)
    assert choose_outlet([OutletCue("Reuters", "site_token")], bare) == (None, None)  # a wire
    longer = [
        OutletCue("REPUBLIKA.CO.ID", "dateline"),
        OutletCue("Republika", "prompt"),
        OutletCue("Republika Online", "header"),
    ]
    assert name_key(choose_outlet(longer, bare)[0] or "") == "republika"


def test_a_known_outlet_keeps_its_canonical_name(rules: RuleSet) -> None:
    assert choose_outlet([OutletCue("KOMPAS.TV", "dateline")], rules)[0] == "Kompas TV"
    assert choose_outlet([OutletCue("okezone.com", "url")], rules)[0] == "Okezone"
    # the logo of a Russian site's Indonesian edition, under the name its address gives
    assert choose_outlet([OutletCue("Pravda ID", "header_weak")], rules)[0] == "id.news-pravda"


def _clean(page: str, rules: RuleSet):  # noqa: ANN202
    """``clean_article`` with the line classifier's decisions: furniture unless prose."""
    decisions = [("body", 0.9) if BODY in ln else ("boilerplate", 0.1) for ln in page.split("\n")]
    return clean_article(page, rules, decisions=decisions)


def test_unknown_outlets_from_plain_text(bare: RuleSet) -> None:
    page = f"detikNews\nInternasional\nNovita Rahmadani - detikNews\nStepanakert - {BODY}\n"
    assert _clean(page, bare).outlet == "detikNews"
    page = f"Pashinyan Tolak Hadir\nTRIBUNNEWS.COM - {BODY}\n{BODY}"
    assert name_key(_clean(page, bare).outlet or "") == "tribunnews"
    page = f"Judul Berita\nKompas dunia | 10 November 2020, 10:15 WIBMOSKOW, KOMPAS.TV - {BODY}"
    cleaned = _clean(page, bare)
    assert name_key(cleaned.outlet or "") == "kompastv"
    assert str(cleaned.byline_date) == "2020-11-10"
    assert cleaned.body.startswith("Pemerintah Armenia")
    # a city dateline and a wire credit name no outlet
    page = f"Armenia Perluas Kerja Sama\nYEREVAN – {BODY}\nSumber: Reuters"
    decided = [("metadata", 0.1), ("body", 0.9), ("metadata", 0.1)]  # the headline, as metadata
    assert clean_article(page, bare, decisions=decided).outlet is None
    assert _clean(f"Berita\nHome\n{BODY}", bare).outlet is None  # menu words are no logo


HTML = """<!DOCTYPE html><html><head>
<title>Armenia Beli Radar | Warta Kaukasus</title>
<meta property="og:site_name" content="Warta Kaukasus">
<link rel="canonical" href="https://internasional.wartakaukasus.co.id/berita/123">
<script type="application/ld+json">{"@type": "NewsArticle",
 "publisher": {"@type": "Organization", "name": "Warta Kaukasus"}}</script>
</head><body><p>x</p></body></html>"""


def test_html_head_cues() -> None:
    cues = html_cues(HTML)
    assert OutletCue("Warta Kaukasus", "meta") in cues  # og:site_name and JSON-LD
    assert sum(c == OutletCue("Warta Kaukasus", "meta") for c in cues) == 2
    assert OutletCue("wartakaukasus.co.id", "url") in cues  # canonical, section dropped
    assert OutletCue("Warta Kaukasus", "title") in cues
    bare_page = "<html><head><title>Armenia Beli Radar dari Prancis</title></head></html>"
    assert html_cues(bare_page) == []  # a title without a separator has no suffix


def test_resolve_outlet_for_a_saved_page(bare: RuleSet) -> None:
    cleaned = clean_article(BODY, bare)
    assert cleaned.outlet is None
    assert resolve_outlet(cleaned, HTML, None, None, bare) == "Warta Kaukasus"
    assert resolve_outlet(cleaned, None, "https://news.okezone.com/read/1", None, bare) == (
        "okezone"
    )
    assert resolve_outlet(cleaned, None, None, None, bare) is None


def test_outlet_first_datelines_and_a_lone_logo(bare: RuleSet) -> None:
    assert dateline_outlet("VOI, Jakarta - Presiden Rusia Vladimir Putin berkata")[0] == "VOI"
    assert dateline_outlet("JAKARTA, VOI - Presiden Rusia Vladimir Putin berkata")[0] == "VOI"
    # a short first line decides alone only when nothing else names the page
    logo = [OutletCue("Geopolitika Hari Ini", "header_weak")]
    assert choose_outlet(logo, bare)[0] == "Geopolitika Hari Ini"
    logo.append(OutletCue("kabarkaukasus.com", "url"))
    assert choose_outlet(logo, bare)[0] == "kabarkaukasus"


@pytest.mark.parametrize(
    ("title", "outlet", "expected"),
    [
        (
            "Armenia di Persimpangan - Halaman 2 - Tribunnews.com",
            "Tribunnews",
            "Armenia di Persimpangan",
        ),
        (
            "KTT Den Haag: NATO Sepakati Belanja | tempo.co",
            "Tempo",
            "KTT Den Haag: NATO Sepakati Belanja",
        ),
        (
            "Prancis Jual Howitzer ke Armenia : Okezone News",
            "Okezone",
            "Prancis Jual Howitzer ke Armenia",
        ),
        # kept: a colon inside the headline, a dash between names, an unrelated last part
        ("Lavrov: Armenia Menggandakan PDB", "News Front", "Lavrov: Armenia Menggandakan PDB"),
        ("Rusia - Armenia Bertemu di Moskow", "Kompas TV", "Rusia - Armenia Bertemu di Moskow"),
        ("Pashinyan Bicara - Kremlin Menjawab", None, "Pashinyan Bicara - Kremlin Menjawab"),
    ],
)
def test_title_without_site(title: str, outlet: str | None, expected: str) -> None:
    from pipeline.clean.outlets import title_without_site

    assert title_without_site(title, outlet) == expected


HEAD = "Armenia Perluas Kerja Sama dengan Uni Eropa"
CAPTION = "Presiden Rusia Vladimir Putin di Kremlin, Moskow, Selasa (10/11/2020). (AP Photo)"


@pytest.mark.parametrize(
    ("page", "outlet"),
    [
        # glued to a byline's time (with and without a space), the dateline after it
        (f"{HEAD}\nSelasa, 10 Nov 2020 10:15 WIBJAKARTA, KABAR KAUKASUS - {BODY}", "kabarkaukasus"),
        (f"{HEAD}\n10 Nov 2020 10:15 WIB MOSKOW, KABARKAUKASUS.COM - {BODY}", "kabarkaukasus"),
        # indented lines (spaces, tabs, no-break spaces)
        (f"   {HEAD}\n\t  MOSKOW, KABARKAUKASUS.COM - {BODY}\n", "kabarkaukasus"),
        (f"{HEAD}\n\u00a0\u00a0Jakarta, Warta Kaukasus -- {BODY}\n", "wartakaukasus"),
        # after a caption the classifier kept as body
        (f"{HEAD}\n{CAPTION}\nMOSKOW, KABARKAUKASUS.COM - {BODY}", "kabarkaukasus"),
        # no city
        (f"{HEAD}\nKABARKAUKASUS.COM - {BODY}", "kabarkaukasus"),
        # the outlet beside the byline's date
        (f"{HEAD}\nWarta Kaukasus | Selasa, 10/11/2020 10:15 WIB\n{BODY}", "wartakaukasus"),
        # a domain only: the printed URL, or a site name in the footer
        (f"{HEAD}\n{BODY}\nURL: https://www.kabarkaukasus.com/2020/11/10/judul", "kabarkaukasus"),
        (f"{HEAD}\n{BODY}\n© 2024 kabarkaukasus.com", "kabarkaukasus"),
        # a city-only dateline and a wire credit: unknown, never the city
        (f"{HEAD}\nYEREVAN – {BODY}\nSumber: Reuters", ""),
        (f"{HEAD}\nJakarta - {BODY}", ""),
        (f"JAKARTA\n{HEAD}\n{BODY}", ""),
    ],
)
def test_unknown_outlets_on_plain_pages(bare: RuleSet, page: str, outlet: str) -> None:
    lines = page.split("\n")
    body = [BODY in ln or ln == CAPTION for ln in lines]
    decisions = [("body", 0.9) if b else ("metadata", 0.1) for b in body]
    cleaned = clean_article(page, bare, decisions=decisions)
    assert name_key(cleaned.outlet or "") == outlet
    assert cleaned.dateline in (None, "Jakarta", "Moskow", "Yerevan")  # a city or none
    assert cleaned.body.endswith(BODY) or cleaned.body.startswith(BODY)


def test_an_unknown_outlets_dateline_is_no_city(bare: RuleSet) -> None:
    for page in (f"{HEAD}\nANTARA - {BODY}", f"{HEAD}\nKABARKAUKASUS.COM - {BODY}"):
        cleaned = clean_article(page, bare, decisions=[("metadata", 0.1), ("body", 0.9)])
        assert cleaned.dateline is None and cleaned.body == BODY
    two = [("metadata", 0.1), ("body", 0.9)]
    for page in (f"{HEAD}\nJakarta (ANTARA) - {BODY}", f"{HEAD}\nJakarta, Warta Kaukasus - {BODY}"):
        cleaned = clean_article(page, bare, decisions=two)
        assert (cleaned.dateline, cleaned.body) == ("Jakarta", BODY)


def test_a_name_found_only_in_the_address_is_spelled_as_the_address() -> None:
    assert domain_name("id.topwar.ru") == "id.topwar"  # the language edition stays
    assert domain_name("id.news-front.su") == "id.news-front"
    assert domain_name("okezone.com") == "okezone"
    assert domain_name("republika.co.id") == "republika"
    assert domain_name("kompas.tv") == "kompas.tv"  # ".tv" is part of the brand
    assert domain_name("beritaduniakini.blogspot.com") == "beritaduniakini"


def test_the_page_s_address_names_an_outlet_its_chrome_calls_otherwise(bare: RuleSet) -> None:
    """A logo and a copyright line ("Military Review") yield to the page's own address
    (id.topwar.ru) when they are no form of it; a byline or a dateline does not."""
    chrome = [OutletCue("Military Review", c) for c in ("header_weak", "copyright")]
    address = [OutletCue("id.topwar.ru", "url"), OutletCue("id.topwar.ru", "links")]
    assert choose_outlet(chrome + address, bare) == ("id.topwar", "url")
    assert choose_outlet(chrome, bare)[0] == "Military Review"  # no address: as displayed
    site = [OutletCue("Warta Kaukasus", "meta"), OutletCue("Warta Kaukasus", "title")]
    assert choose_outlet([*site, OutletCue("kabarkaukasus.com", "url")], bare)[0] == (
        "kabarkaukasus"
    )
    byline = [OutletCue("Warta Kaukasus", "byline"), *chrome[1:]]
    assert choose_outlet([*byline, OutletCue("kabarkaukasus.com", "url")], bare)[0] == (
        "Warta Kaukasus"
    )
    # a form of the address is one outlet with it, spelled as printed
    same = [OutletCue("detikNews", "header"), *([OutletCue("detik.com", "url")] * 2)]
    assert choose_outlet(same, bare)[0] == "detikNews"
    # a link is no address: it only supports
    links = [*chrome, OutletCue("kompas.com", "links")]
    assert choose_outlet(links, bare)[0] == "Military Review"


def test_names_one_known_outlet_count_together(rules: RuleSet) -> None:
    vote = [OutletCue("BBC News Indonesia", "header"), OutletCue("bbc.com", "url")]
    assert choose_outlet(vote, rules)[0] == "BBC News Indonesia"


@pytest.mark.parametrize(
    ("line", "handle"),
    [
        (
            "Berlangganan saluran Telegram kami, informasi rutin: https://t.me/kabarkaukasus_official",
            "kabarkaukasus",
        ),
        ("Follow our Instagram: instagram.com/wartakaukasus", "wartakaukasus"),
        ("Ikuti akun resmi kami di https://x.com/KabarKaukasus", "KabarKaukasus"),
    ],
)
def test_the_page_s_own_channel_is_an_address(rules: RuleSet, line: str, handle: str) -> None:
    assert OutletCue(handle, "handle") in line_cues(line, rules)


@pytest.mark.parametrize(
    "line",
    [
        'Sumber: Telegram-channel "Kavkaz Segodnya"',  # a source, not the page's channel
        "Pernyataan itu diunggah di https://t.me/mid_rf oleh Kemlu Rusia.",  # no "our"
        "Pilih saluran andalanmu: https://www.whatsapp.com/channel/0029VaFPbedBPzjZrk13HO3D",
    ],
)
def test_a_channel_that_is_not_the_page_s_own(rules: RuleSet, line: str) -> None:
    assert [c for c in line_cues(line, rules) if c.cue == "handle"] == []


LOGO_PAGE = """<html><head><title>Armenia dan Turki</title></head><body>
<a class="logo" href="https://id.kabarkaukasus.ru/">Kaukasus Review</a>
<a href="https://id.kabarkaukasus.ru/news/">Berita</a>
<p>x</p><p>© 2010-2024 Kaukasus Review</p></body></html>"""


def test_a_saved_page_s_logo_link_is_its_address(bare: RuleSet) -> None:
    assert OutletCue("id.kabarkaukasus.ru", "url") in html_cues(LOGO_PAGE)
    cleaned = clean_article(BODY, bare)
    assert resolve_outlet(cleaned, LOGO_PAGE, None, None, bare) == "id.kabarkaukasus"
    plain = LOGO_PAGE.replace(' class="logo"', "")
    assert OutletCue("id.kabarkaukasus.ru", "url") not in html_cues(plain)


def test_a_platform_is_never_the_outlet(bare: RuleSet) -> None:
    for name in ("WhatsApp", "YouTube", "Google News", "TikTok"):
        assert choose_outlet([OutletCue(name, "dateline")], bare) == (None, None)


def test_an_unknown_outlet_opening_the_dateline_on_a_plain_page(bare: RuleSet) -> None:
    for page, outlet in (
        (f"{HEAD}\nWarta Ekonomi, Jakarta - {BODY}", "wartaekonomi"),
        (f"{HEAD}\nIDXChannel - {BODY}", "idxchannel"),
    ):
        cleaned = clean_article(page, bare, decisions=[("metadata", 0.1), ("body", 0.9)])
        assert name_key(cleaned.outlet or "") == outlet
        assert cleaned.body == BODY
