"""One case per alias class of the actor dictionary (``data/lexicons/actors.yaml``), tagged with
the real dictionary: a failure names the class and the text."""

from datetime import date

import pytest

from pipeline.entities.dictionary import Dictionary
from pipeline.entities.tagger import build_automaton, tag_text

D2020, D2021, D2024, D2025 = (
    date(2020, 10, 31),
    date(2021, 6, 1),
    date(2024, 6, 13),
    date(2025, 3, 1),
)

# (alias class, text, published, expected (surface, entity_id, kind) of every mention)
CASES = [
    # States: Indonesian names and variants
    ("state name", "Rusia menolak", D2024, [("Rusia", "RUS", "name")]),
    ("state long name", "Federasi Rusia menolak", D2024, [("Federasi Rusia", "RUS", "name")]),
    ("state name", "Amerika Serikat membantu", D2024, [("Amerika Serikat", "USA", "name")]),
    ("state acronym", "AS membantu", D2024, [("AS", "USA", "alias")]),
    ("state short name", "Amerika membantu", D2024, [("Amerika", "USA", "alias")]),
    ("state name", "Azerbaijan menyerang", D2020, [("Azerbaijan", "AZE", "name")]),
    ("state name", "Turki mendukung", D2020, [("Turki", "TUR", "name")]),
    ("state spelling", "Perancis mengecam", D2020, [("Perancis", "FRA", "name")]),
    ("state name", "Prancis mengecam", D2020, [("Prancis", "FRA", "name")]),
    ("state name", "Inggris menolak", D2020, [("Inggris", "GBR", "name")]),
    ("state name", "Iran menawarkan", D2020, [("Iran", "IRN", "name")]),
    ("state name", "Georgia menutup", D2020, [("Georgia", "GEO", "name")]),
    ("state name", "Ukraina diserang", D2024, [("Ukraina", "UKR", "name")]),
    # Demonym uses: the state inside "pasukan / tentara / pemerintah X"
    ("demonym", "pasukan Rusia tiba", D2020, [("Rusia", "RUS", "name")]),
    ("demonym", "tentara Armenia mundur", D2020, [("Armenia", "ARM", "name")]),
    (
        "government",
        "Pemerintah Azerbaijan membantah",
        D2020,
        [("Pemerintah Azerbaijan", "AZE", "alias")],
    ),
    # Ministries are their state
    ("ministry", "Kemlu AS menyatakan", D2024, [("Kemlu AS", "USA", "alias")]),
    # Metonyms: capitals and seats of power for governments, epithets
    ("capital metonym", "Moskwa membantah", D2024, [("Moskwa", "RUS", "metonym")]),
    ("capital spelling", "Moskow membantah", D2024, [("Moskow", "RUS", "metonym")]),
    ("seat of power", "Kremlin membantah", D2024, [("Kremlin", "RUS", "metonym")]),
    ("capital metonym", "Yerevan memutuskan", D2024, [("Yerevan", "ARM", "metonym")]),
    ("capital metonym", "Baku menuntut", D2024, [("Baku", "AZE", "metonym")]),
    ("capital metonym", "Washington menawarkan", D2024, [("Washington", "USA", "metonym")]),
    ("seat of power", "Gedung Putih menyambut", D2024, [("Gedung Putih", "USA", "metonym")]),
    ("capital metonym", "Ankara mendukung", D2020, [("Ankara", "TUR", "metonym")]),
    ("epithet", "Negeri Beruang Merah marah", D2024, [("Negeri Beruang Merah", "RUS", "metonym")]),
    ("epithet", "Negeri Paman Sam marah", D2024, [("Negeri Paman Sam", "USA", "metonym")]),
    # A capital used as a place is a location, not the government
    ("capital as place", "tiba di Baku", D2024, [("Baku", "loc:baku", "name")]),
    ("capital as place", "protes di Yerevan", D2024, [("Yerevan", "loc:yerevan", "name")]),
    # Organisations: Indonesian names (kind name) and acronyms (kind alias)
    (
        "org long name",
        "Pakta Pertahanan Atlantik Utara",
        D2020,
        [("Pakta Pertahanan Atlantik Utara", "NATO", "name")],
    ),
    ("org acronym", "NATO menolak", D2020, [("NATO", "NATO", "alias")]),
    (
        "org long name",
        "Organisasi Perjanjian Keamanan Kolektif",
        D2024,
        [("Organisasi Perjanjian Keamanan Kolektif", "CSTO", "name")],
    ),
    (
        "org Indonesian name",
        "Pakta Pertahanan Keamanan Bersama",
        D2020,
        [("Pakta Pertahanan Keamanan Bersama", "CSTO", "name")],
    ),
    ("org acronym", "CSTO diam", D2024, [("CSTO", "CSTO", "alias")]),
    ("org name", "Uni Eropa mengirim", D2024, [("Uni Eropa", "EU", "name")]),
    ("org Indonesian acronym", "UE mengirim", D2024, [("UE", "EU", "alias")]),
    ("org Indonesian acronym", "PBB menyerukan", D2020, [("PBB", "UN", "alias")]),
    ("org name", "Uni Ekonomi Eurasia", D2024, [("Uni Ekonomi Eurasia", "EAEU", "name")]),
    (
        "org name",
        "Mahkamah Pidana Internasional",
        D2024,
        [("Mahkamah Pidana Internasional", "ICC", "name")],
    ),
    (
        "org variant",
        "Pengadilan Kriminal Internasional",
        D2024,
        [("Pengadilan Kriminal Internasional", "ICC", "name")],
    ),
    ("org acronym", "OSCE memantau", D2020, [("OSCE", "OSCE", "alias")]),
    ("org acronym", "CIS bertemu", D2020, [("CIS", "CIS", "alias")]),
    # People: names, surnames, role phrases at the article's date
    (
        "person name",
        "Nikol Pashinyan berkata",
        D2024,
        [("Nikol Pashinyan", "person:nikol-pashinyan", "name")],
    ),
    (
        "person surname",
        "Pashinyan berkata",
        D2024,
        [("Pashinyan", "person:nikol-pashinyan", "alias")],
    ),
    (
        "role at date",
        "PM Armenia berkata",
        D2024,
        [("PM Armenia", "person:nikol-pashinyan", "role")],
    ),
    (
        "role at date",
        "Presiden Rusia berkata",
        D2024,
        [("Presiden Rusia", "person:vladimir-putin", "role")],
    ),
    ("role at date", "Menlu AS berkata", D2024, [("Menlu AS", "person:antony-blinken", "role")]),
    (
        "role at date",
        "Presiden Armenia berkata",
        D2020,
        [("Presiden Armenia", "person:armen-sarkissian", "role")],
    ),
    (
        "role after a term ends",
        "Presiden Armenia berkata",
        D2024,
        [("Presiden Armenia", "person:vahagn-khachaturyan", "role")],
    ),
    (
        "role at date",
        "Menhan Rusia berkata",
        D2021,
        [("Menhan Rusia", "person:sergei-shoigu", "role")],
    ),
    (
        "role after a term ends",
        "Menhan Rusia berkata",
        D2025,
        [("Menhan Rusia", "person:andrei-belousov", "role")],
    ),
    (
        "spokesperson role",
        "juru bicara Kremlin berkata",
        D2024,
        [("juru bicara Kremlin", "person:dmitry-peskov", "role")],
    ),
    # Case matters: "as" the word is not the state
    ("case", "sebagai as well as", D2024, []),
    # Clitics and affixes
    ("clitic", "Rusia-nya menolak", D2024, [("Rusia", "RUS", "name")]),
    ("affix", "ke-NATO-an itu", D2024, []),
]


@pytest.fixture(scope="module")
def tag(dictionary: Dictionary):
    auto = build_automaton(dictionary)

    def run(text: str, when: date) -> list[tuple[str, str, str]]:
        return [(m.surface, m.entity_id, m.kind) for m in tag_text(text, when, dictionary, auto)]

    return run


@pytest.mark.parametrize(
    ("alias_class", "text", "when", "expected"),
    CASES,
    ids=[f"{c[0]}: {c[1]}" for c in CASES],
)
def test_alias_class(tag, alias_class: str, text: str, when: date, expected: list) -> None:
    assert tag(text, when) == expected, alias_class


def test_ambiguous_acronym_is_left_unresolved_without_context(dictionary: Dictionary) -> None:
    auto = build_automaton(dictionary)
    got = tag_text("Brussels menolak usulan itu", D2024, dictionary, auto)
    assert [(m.entity_type, m.kind) for m in got] == [("OTHER", "metonym")]
    assert got[0].entity_id == "EU|NATO"


def test_undated_office_resolves_to_the_holder_the_article_names(dictionary: Dictionary) -> None:
    auto = build_automaton(dictionary)

    def ids(text: str) -> list[str]:
        return [m.entity_id for m in tag_text(text, None, dictionary, auto)]

    sarkissian = "person:armen-sarkissian"
    assert ids('Sarkissian tiba. "Saya mengingatkan Presiden (Armenia) bahwa…"')[-1] == sarkissian
    assert ids("Presiden Armenia berkata") == ["ARM"]  # no date, no holder named: the state
    # Two holders named: no guess.
    assert ids("Serzh Sargsyan dan Armen Sarkissian. Presiden Armenia berkata")[-1] == "ARM"
