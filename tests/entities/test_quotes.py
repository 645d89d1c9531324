from datetime import date

import pandas as pd
import pytest

from pipeline.config import EntitiesParams
from pipeline.entities.dictionary import Dictionary
from pipeline.entities.quotes import attribute_quotes, build_rules, quoted_spans
from pipeline.entities.stage import tag_articles


def _speakers(body: str, dictionary: Dictionary, when: date | None = None) -> list[str | None]:
    arts = pd.DataFrame(
        {"doc_id": ["a" * 16], "body": [body], "published": [when], "status": ["kept"]}
    )
    sentences, _ = tag_articles(arts, dictionary, EntitiesParams(), progress=False)
    return [x if isinstance(x, str) else None for x in sentences["quote_speaker"]]


def test_quoted_spans() -> None:
    text = 'A "satu" B “dua” C "tiga\nD'
    assert [text[s:e] for s, e in quoted_spans(text)] == ["satu", "dua", "tiga"]
    assert quoted_spans("tanpa kutipan") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # direct quote, speaker after it (quotation marks straight or curly, verb with -nya)
        ('"Kami siap membantu," kata Peskov.', ["person:dmitry-peskov"]),
        ("“Kami siap,” ujar Stoltenberg kepada wartawan.", ["person:jens-stoltenberg"]),
        ('"Kami siap." kata Lavrov.', ["person:sergey-lavrov"]),
        # a title before the speaker's name, a role phrase for the speaker
        (
            '"Tidak ada ancaman," kata juru bicara Kremlin Dmitry Peskov.',
            ["person:dmitry-peskov"],
        ),
        # direct quote, speaker before it
        ('Pashinyan mengatakan: "Kami akan keluar."', ["person:nikol-pashinyan"]),
        ('Pashinyan berkata, "Kami akan keluar."', ["person:nikol-pashinyan"]),
        # reported speech
        ("Pashinyan mengatakan bahwa Armenia akan keluar.", ["person:nikol-pashinyan"]),
        ("Price menyoroti bahwa pertempuran berhenti.", ["person:ned-price"]),
        ("Azerbaijan mengklaim kembali wilayah itu.", [None]),  # weak verb without "bahwa"
        (
            "Karasin beberapa waktu lalu mengklaim kepada kantor berita RIA, bahwa Rusia menang.",
            ["person:grigory-karasin"],
        ),
        (
            "Pashinyan mengakui kedaulatan Baku, dan mengatakan bahwa itu tak terhindarkan.",
            ["person:nikol-pashinyan"],
        ),
        ("Juru Bicara Kemlu AS Ned Price menyebut bahwa Blinken setuju.", ["person:ned-price"]),
        # "menurut" with a person, a state, an organisation; no actor
        ("Menurut Peskov, Rusia siap.", ["person:dmitry-peskov"]),
        ("Menurut Kremlin, Armenia tetap sekutu.", ["RUS"]),
        ("Menurut NATO, konflik itu berbahaya.", ["NATO"]),
        ("Menurut pernyataan Kementerian Luar Negeri Rusia, Armenia sekutu.", ["RUS"]),
        ("Menurut Reuters, Armenia menolak.", [None]),
        # mentions inside a quote never speak; a list speaks by the actor next to the verb
        ("“Amerika Serikat dan Armenia menegaskan komitmen,” bunyi pernyataan itu.", [None]),
        ("O’Brien dan Mirzoyan mengatakan hubungan membaik.", ["person:ararat-mirzoyan"]),
        # the object of a preposition is no speaker, nor is a list that is one
        ("Pakta dengan Yerevan tidak menyebutkan kawasan itu.", [None]),
        ("Pakta dengan Rusia dan Armenia tidak menyebutkan kawasan itu.", [None]),
        ("Menurut Rusia, Grigory Karasin mengatakan hal itu.", ["RUS"]),
        ("Armenia dan Azerbaijan bertemu di Jenewa.", [None]),
    ],
)
def test_one_sentence(dictionary: Dictionary, body: str, expected: list[str | None]) -> None:
    assert _speakers(body, dictionary) == expected


def test_role_phrase_speaker_is_the_holder_on_the_date(dictionary: Dictionary) -> None:
    body = '"Situasinya jauh lebih sulit," jelas PM Armenia berusia 45 tahun itu.'
    assert _speakers(body, dictionary, date(2020, 11, 21)) == ["person:nikol-pashinyan"]


def test_nya_forms_and_pronouns_are_the_last_person_speaker(dictionary: Dictionary) -> None:
    body = (
        "Putin bertemu Pashinyan di Moskow. "
        '"Kami siap," kata Peskov. '
        '"Kami juga," ujarnya. '
        "Menurutnya, Armenia tetap sekutu. "
        '"Tidak ada ancaman," kata dia. '
        "Ia menyatakan, Rusia siap. "
        "Kremlin mengatakan hal yang sama. "
        '"Itu benar," tuturnya.'
    )
    assert _speakers(body, dictionary) == [
        None,
        "person:dmitry-peskov",
        "person:dmitry-peskov",
        "person:dmitry-peskov",
        "person:dmitry-peskov",
        "person:dmitry-peskov",
        "RUS",
        "person:dmitry-peskov",  # a state's statement does not change the last *person*
    ]


def test_nya_without_a_speaker_needs_a_single_person(dictionary: Dictionary) -> None:
    assert _speakers('Pashinyan tiba. "Kami siap," ujarnya.', dictionary) == [
        None,
        "person:nikol-pashinyan",
    ]
    assert _speakers('Putin bertemu Pashinyan. "Kami siap," ujarnya.', dictionary) == [None, None]


def test_quote_over_two_sentences_names_the_speaker_in_its_last(dictionary: Dictionary) -> None:
    # The first sentence is spread to the same speaker downstream (stance.quote_speakers).
    body = '"Situasinya sulit. Namun kami bertahan," kata Pashinyan.'
    assert _speakers(body, dictionary) == [None, "person:nikol-pashinyan"]


def test_a_cue_inside_a_quote_is_no_cue(dictionary: Dictionary) -> None:
    body = '"Menurut Peskov, Rusia siap," kata Pashinyan. "Rusia mengatakan itu."'
    assert _speakers(body, dictionary) == ["person:nikol-pashinyan", None]


def test_without_a_quotes_section_nobody_speaks(dictionary: Dictionary) -> None:
    from dataclasses import replace

    from pipeline.entities.dictionary import QuoteCues

    bare = replace(dictionary, quotes=QuoteCues())
    assert build_rules(bare) is None
    assert attribute_quotes("Pashinyan mengatakan itu.", [(0, 25)], [], None) == [None]


def test_discovered_people_speak(dictionary: Dictionary) -> None:
    body = (
        '"Tidak ada ancaman," kata juru bicara Kremlin Ilya Fedorchuk. '
        "Pashinyan tiba di Moskow. "
        '"Kami menunggu," ujarnya. '
        "Fedorchuk juga mengatakan bahwa Rusia siap."
    )
    assert (
        _speakers(body, dictionary)
        == ["person:ilya-fedorchuk", None] + ["person:ilya-fedorchuk"] * 2
    )
