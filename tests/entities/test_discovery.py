from datetime import date

import pandas as pd
import pytest

from pipeline.config import EntitiesParams
from pipeline.entities.dictionary import Dictionary
from pipeline.entities.discovery import (
    build_rules,
    consensus_affiliations,
    corpus_ids,
    discover,
    discovery_table,
    is_name_token,
    person_id,
)
from pipeline.entities.stage import tag_corpus
from pipeline.entities.tagger import build_automaton, tag_text
from tests.conftest import seed_text

WHEN = date(2024, 6, 13)


def _without(dictionary: Dictionary, *ids: str) -> Dictionary:
    """The dictionary as if ``ids`` were never added to it."""
    drop = set(ids)
    return Dictionary(
        dictionary.version,
        {k: v for k, v in dictionary.entities.items() if k not in drop},
        {k: p for k, p in dictionary.patterns.items() if p.target not in drop},
        dictionary.stoplist,
        dictionary.discovery,
        dictionary.quotes,
    )


def _discover(text: str, dictionary: Dictionary, when: date | None = WHEN):
    mentions = tag_text(text, when, dictionary, build_automaton(dictionary))
    return discover(text, mentions, dictionary, build_rules(dictionary))


def _people(text: str, dictionary: Dictionary) -> list[tuple[str, str, str | None, str]]:
    """``(surface, id, affiliation, method)`` of every discovered mention."""
    mentions, found = _discover(text, dictionary)
    aff = {f.entity_id: f.affiliation for f in found}
    return [
        (m.surface, m.entity_id, aff.get(m.entity_id), m.method)
        for m in mentions
        if m.kind == "discovered"
    ]


def _articles(*bodies: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [f"{i:016x}" for i in range(len(bodies))],
            "body": list(bodies),
            "published": [WHEN] * len(bodies),
            "status": ["kept"] * len(bodies),
        }
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ararat Mirzoyan", "person:ararat-mirzoyan"),
        ("James O’Brien", "person:james-obrien"),
        ("Jean-Yves Le Drian", "person:jean-yves-le-drian"),
        ("Recep Tayyip Erdoğan", "person:recep-tayyip-erdogan"),
        ("Ursula von der Leyen", "person:ursula-von-der-leyen"),
    ],
)
def test_person_ids_are_lowercase_ascii_slugs(name: str, expected: str) -> None:
    assert person_id(name) == expected


def test_name_tokens(dictionary: Dictionary) -> None:
    cues = dictionary.discovery
    for ok in ("Mirzoyan", "O’Brien", "O'Brien", "Jean-Yves", "al-Assad", "Erdoğan"):
        assert is_name_token(ok, cues), ok
    for bad in ("AS", "PBB", "mirzoyan", "Selasa", "Mei", "Namun", "Menteri", "Eropa", "2024"):
        assert not is_name_token(bad, cues), bad
    rules = build_rules(dictionary)
    assert rules is not None and not rules.name_token("Armenia")  # a dictionary surface


def test_title_with_role_phrase_and_later_surname(dictionary: Dictionary) -> None:
    text = (
        "Menteri Luar Negeri Armenia Vardan Ohanyanz bertemu Menteri Luar Negeri Rusia. "
        "Kemudian Ohanyanz pulang ke Yerevan. Vardan Ohanyanz lalu berbicara."
    )
    mentions, found = _discover(text, dictionary)
    assert [(f.name, f.entity_id, f.affiliation, f.title) for f in found] == [
        ("Vardan Ohanyanz", "person:vardan-ohanyanz", "ARM", "Menteri Luar Negeri Armenia")
    ]
    assert _people(text, dictionary) == [
        ("Vardan Ohanyanz", "person:vardan-ohanyanz", "ARM", "apposition"),
        ("Ohanyanz", "person:vardan-ohanyanz", "ARM", "apposition+surname"),
        ("Vardan Ohanyanz", "person:vardan-ohanyanz", "ARM", "apposition+repeat"),
    ]
    # The title before the name carries no mention of its own (as for dictionary people) ...
    assert "Menteri Luar Negeri Armenia" not in [m.surface for m in mentions]
    # ... but an office without a name still does.
    assert "Menteri Luar Negeri Rusia" in [m.surface for m in mentions]


@pytest.mark.parametrize(
    ("text", "surface", "affiliation"),
    [
        (
            "Hal itu disampaikan juru bicara Kremlin Ilya Fedorchuk kemarin.",
            "Ilya Fedorchuk",
            "RUS",
        ),
        (
            "Asisten Menteri Luar Negeri AS untuk Urusan Eropa dan Eurasia Tom Obrienko tiba.",
            "Tom Obrienko",
            "USA",
        ),
        ("Presiden Prancis Pierre Dumontel menelepon Pashinyan.", "Pierre Dumontel", "FRA"),
        ("Duta Besar Rusia untuk Armenia Sergei Kovalenko hadir.", "Sergei Kovalenko", "RUS"),
        ("Presiden Armenia, Aram Sargsyanz, terbang ke Paris.", "Aram Sargsyanz", "ARM"),
        ("Ivan Petrovsky, anggota parlemen Rusia, menolak.", "Ivan Petrovsky", "RUS"),
        (
            "Ada pertemuan. Pertemuan Ivan Petrovsky, anggota parlemen Rusia, gagal.",
            "Ivan Petrovsky",
            "RUS",
        ),
        ("juru bicara Putin, Oleg Fedorchuk, membantah.", "Oleg Fedorchuk", "RUS"),
        ("Hal itu dikatakan juru bicara Maria Petrovsky.", "Maria Petrovsky", None),
        # capitalised words before a state belong to the title; without a state, the first
        # of three capitalised words is taken for an unknown one
        ("Gubernur Bank Sentral Armenia Martin Galstyanz hadir.", "Martin Galstyanz", "ARM"),
        ("Perdana Menteri Hongaria Viktor Orbanov menolak.", "Viktor Orbanov", None),
        ("Dia bertemu Mohammed bin Salmanov, Pangeran Arab Saudi.", "Mohammed bin Salmanov", "SAU"),
        ("Presiden Rusia dan Presiden Turki Mehmet Kovalenko bertemu.", "Mehmet Kovalenko", "TUR"),
        ("Kata dia, Presiden Rusia tidak hadir.", None, None),
    ],
)
def test_affiliation_comes_from_the_title(
    dictionary: Dictionary, text: str, surface: str | None, affiliation: str | None
) -> None:
    got = _people(text, dictionary)
    if surface is None:
        assert got == []
        return
    assert got[0][0] == surface and got[0][2] == affiliation


@pytest.mark.parametrize(
    "text",
    [
        "Menteri Luar Negeri Armenia Selasa (12/3) mengatakan hal itu.",  # weekday
        "Perdana Menteri Armenia Nikol Pashinyan tiba.",  # in the dictionary
        "Presiden Rusia Vladimir V. Putin tiba.",  # next to a dictionary person
        "Gubernur Jawa Barat Ridwan Kamil tiba.",  # a place, then a title word
        "Menteri itu tidak hadir dalam Rapat Umum Dewan Besar Kota Lama.",
        "Pejabat Alfa Beta Gamma Delta Epsilon hadir.",  # five capitalised tokens
        "Presiden (Armenia) menolak.",
        "Presiden AS. Pashinyan datang.",
        "Presiden Vladimir Putin, Ivan Petrovsky dan Oleg Fedorchuk hadir.",  # not a title of Putin
    ],
)
def test_no_discovery_from_other_text(dictionary: Dictionary, text: str) -> None:
    assert _people(text, dictionary) == []


def test_discovered_text_is_never_a_dictionary_mention(dictionary: Dictionary) -> None:
    text = seed_text("004")
    auto = build_automaton(dictionary)
    plain = tag_text(text, WHEN, dictionary, auto)
    mentions, _ = discover(text, plain, dictionary, build_rules(dictionary))
    assert [m for m in mentions if m.kind == "discovered"] == []
    assert mentions == sorted(plain, key=lambda m: m.start)


def test_surname_only_title_takes_the_full_name(dictionary: Dictionary) -> None:
    text = (
        "Presiden Macronel tiba di Yerevan. Presiden Prancis Pierre Macronel lalu bertemu "
        "Pashinyan. Macronel menolak."
    )
    ids = {m.entity_id for m in _discover(text, dictionary)[0] if m.kind == "discovered"}
    assert ids == {"person:pierre-macronel"}


def test_seed_people_are_found_when_missing_from_the_dictionary(dictionary: Dictionary) -> None:
    """On the 2024 seed, with its four people removed from the dictionary."""
    reduced = _without(
        dictionary,
        "person:ararat-mirzoyan",
        "person:james-obrien",
    )
    text = seed_text("003")
    got = [(s, i, a) for s, i, a, _ in _people(text, reduced)]
    assert got == [
        ("Ararat Mirzoyan", "person:ararat-mirzoyan", "ARM"),
        ("James O’Brien", "person:james-obrien", "USA"),
        ("O’Brien", "person:james-obrien", "USA"),
        ("Mirzoyan", "person:ararat-mirzoyan", "ARM"),
    ]
    tagged = tag_corpus(_articles(text), reduced, EntitiesParams())
    disc = tagged.mentions[tagged.mentions["kind"] == "discovered"]
    assert dict(zip(disc["entity_id"], disc["bloc"], strict=True)) == {
        "person:ararat-mirzoyan": "focal",
        "person:james-obrien": "west",
    }
    assert (disc["entity_type"] == "PERSON").all()
    speakers = tagged.sentences["quote_speaker"].dropna().tolist()
    assert "person:ararat-mirzoyan" in speakers  # "O’Brien dan Mirzoyan mengatakan …"


def test_corpus_ids_affiliations_and_blocs(dictionary: Dictionary) -> None:
    bodies = (
        "Presiden Prancis Pierre Dumontel tiba. Dumontel menolak.",
        "Presiden Dumontel bertemu Pashinyan.",
        "Juru runding Pierre Dumontel hadir.",
    )
    tagged = tag_corpus(_articles(*bodies), dictionary, EntitiesParams(), progress=False)
    disc = tagged.mentions[tagged.mentions["kind"] == "discovered"]
    assert set(disc["entity_id"]) == {"person:pierre-dumontel"}  # "Presiden Dumontel" too
    assert set(disc["bloc"]) == {"west"}  # FRA, though one article names no state
    assert consensus_affiliations(tagged.found) == {"person:pierre-dumontel": "FRA"}
    table = discovery_table(tagged.found, tagged.mentions)
    assert table.columns.tolist() == [
        "name",
        "entity_id",
        "affiliation",
        "title",
        "n_articles",
        "n_mentions",
        "example",
    ]
    row = table.iloc[0]
    assert (row["name"], row["n_articles"], row["n_mentions"]) == ("Pierre Dumontel", 3, 4)
    assert row["example"] == "Presiden Prancis Pierre Dumontel tiba."
    again = tag_corpus(_articles(*bodies), dictionary, EntitiesParams(), progress=False)
    pd.testing.assert_frame_equal(again.mentions, tagged.mentions)


def test_corpus_ids_merge_only_a_unique_surname() -> None:
    found = pd.DataFrame(
        {"entity_id": ["person:macron", "person:emmanuel-macron", "person:aliyev"]}
    )
    assert corpus_ids(found) == {"person:macron": "person:emmanuel-macron"}
    two = pd.DataFrame({"entity_id": ["person:aliyev", "person:ilham-aliyev", "person:h-aliyev"]})
    assert corpus_ids(two) == {}


def test_empty_table() -> None:
    empty = pd.DataFrame(columns=["entity_id", "name", "affiliation", "title", "doc_id"])
    assert discovery_table(empty, pd.DataFrame(columns=["kind"])).empty
