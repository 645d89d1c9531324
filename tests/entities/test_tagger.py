from datetime import date

import pytest

from pipeline.entities.dictionary import Dictionary
from pipeline.entities.tagger import bloc_of, build_automaton, tag_text


@pytest.fixture(scope="module")
def tag(dictionary: Dictionary):
    auto = build_automaton(dictionary)

    def run(text: str, when: date | None = date(2024, 6, 13)) -> list[tuple[str, str, str, str]]:
        return [
            (m.surface, m.entity_id, m.entity_type, m.kind)
            for m in tag_text(text, when, dictionary, auto)
        ]

    return run


def test_names_aliases_and_case(tag) -> None:
    assert tag("AS dan Rusia, as well as") == [
        ("AS", "USA", "COUNTRY", "alias"),
        ("Rusia", "RUS", "COUNTRY", "name"),
    ]
    assert tag("Amerika Serikat membantu") == [("Amerika Serikat", "USA", "COUNTRY", "name")]


def test_longest_match_wins(tag) -> None:
    got = tag("Organisasi Perjanjian Keamanan Kolektif dan Pakta Pertahanan Atlantik Utara (NATO)")
    assert [g[:2] for g in got] == [
        ("Organisasi Perjanjian Keamanan Kolektif", "CSTO"),
        ("Pakta Pertahanan Atlantik Utara", "NATO"),
        ("NATO", "NATO"),
    ]


def test_word_boundaries_clitics_and_affixes(tag) -> None:
    assert [g[1] for g in tag("Rusia-nya menolak")] == ["RUS"]
    assert tag("ke-NATO-an itu") == []
    assert tag("Rusian ASEAN NATOnya") == []
    assert [g[1] for g in tag("konflik Azerbaijan-Armenia")] == ["AZE", "ARM"]


def test_metonyms_and_places(tag) -> None:
    assert tag("Kremlin menolak")[0][1:] == ("RUS", "COUNTRY", "metonym")
    assert tag("Negeri Beruang Merah marah")[0][1:] == ("RUS", "COUNTRY", "metonym")
    assert tag("Washington membantu Yerevan") == [
        ("Washington", "USA", "COUNTRY", "metonym"),
        ("Yerevan", "ARM", "COUNTRY", "metonym"),
    ]
    assert tag("Aksi protes pecah di Yerevan")[0][1:3] == ("loc:yerevan", "LOC")
    assert tag("Baku tembak terjadi") == []
    assert tag("Baku akan menempati distrik")[0][1:] == ("AZE", "COUNTRY", "metonym")


def test_brussels_resolves_by_context(tag) -> None:
    assert tag("Brussels menegaskan sikap NATO")[0][1:3] == ("NATO", "ORG")
    assert tag("Uni Eropa dan Brussels sepakat")[1][1] == "EU"
    assert tag("Brussels menolak")[0][2] == "OTHER"  # no context: left unresolved


def test_offices_resolve_to_the_holder_at_the_date(tag) -> None:
    assert tag("PM Armenia berbicara")[0][1:] == ("person:nikol-pashinyan", "PERSON", "role")
    assert tag("Menhan Rusia tiba", date(2021, 1, 1))[0][1] == "person:sergei-shoigu"
    assert tag("Menhan Rusia tiba", date(2025, 1, 1))[0][1] != "person:sergei-shoigu"
    # The name after the office carries the mention; the office is not counted twice.
    assert tag("Perdana Menteri Armenia Nikol Pashinyan hadir") == [
        ("Nikol Pashinyan", "person:nikol-pashinyan", "PERSON", "name")
    ]
    assert tag("Presiden Armenia berkata", None)[0][1:] == ("ARM", "COUNTRY", "role")


def test_apostrophe_variants(tag) -> None:
    assert (
        tag("James O’Brien dan O'Brien")[0][1]
        == tag("James O'Brien")[0][1]
        == "person:james-obrien"
    )


def test_blocs_from_params(dictionary: Dictionary) -> None:
    russia, west = frozenset({"RUS", "CSTO"}), frozenset({"USA", "NATO"})
    assert bloc_of("person:vladimir-putin", "PERSON", dictionary, "ARM", russia, west) == "russia"
    assert bloc_of("person:nikol-pashinyan", "PERSON", dictionary, "ARM", russia, west) == "focal"
    assert bloc_of("NATO", "ORG", dictionary, "ARM", russia, west) == "west"
    assert bloc_of("TUR", "COUNTRY", dictionary, "ARM", russia, west) == "none"
