from pipeline.entities.sentences import split_sentences


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_numbers_and_initials_do_not_split() -> None:
    text = (
        "Prof. Dr. Budi bicara. Sekitar 2.000 prajurit tiba. "
        "Jl. Sudirman No. 5 ditutup. J. Smith hadir."
    )
    assert _split(text) == [
        "Prof. Dr. Budi bicara.",
        "Sekitar 2.000 prajurit tiba.",
        "Jl. Sudirman No. 5 ditutup.",
        "J. Smith hadir.",
    ]


def test_quotes_and_paragraphs() -> None:
    text = (
        '"Kami siap," kata Pashinyan. "Jangan khawatir." Lalu pergi.\n\nParagraf baru tanpa titik'
    )
    assert _split(text) == [
        '"Kami siap," kata Pashinyan.',
        '"Jangan khawatir."',
        "Lalu pergi.",
        "Paragraf baru tanpa titik",
    ]


def test_spans_are_offsets_into_the_text() -> None:
    text = "  Satu kalimat.   Dua kalimat!  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["Satu kalimat.", "Dua kalimat!"]
    assert split_sentences("") == []


def test_undotted_acronym_ends_a_sentence_dotted_one_does_not() -> None:
    """ "AS." before a capital ends the sentence; "A.S." is an abbreviation and does not."""
    assert _split("Armenia mendekat ke AS. Pashinyan lalu pergi.") == [
        "Armenia mendekat ke AS.",
        "Pashinyan lalu pergi.",
    ]
    assert _split("Kunjungan ke A.S. Pashinyan dijadwalkan.") == [
        "Kunjungan ke A.S. Pashinyan dijadwalkan."
    ]


def test_list_closers_end_a_sentence() -> None:
    assert _split("Mereka membawa senjata, amunisi, dll. Pemerintah menolak.") == [
        "Mereka membawa senjata, amunisi, dll.",
        "Pemerintah menolak.",
    ]


def test_decimal_numbers_do_not_split() -> None:
    text = (
        "Ekonomi tumbuh 3.5 persen, atau 1,5 kali lipat. Inflasi 2.000 poin. Naik 4.5. Lalu turun."
    )
    assert _split(text) == [
        "Ekonomi tumbuh 3.5 persen, atau 1,5 kali lipat.",
        "Inflasi 2.000 poin.",
        "Naik 4.5.",
        "Lalu turun.",
    ]


def test_quote_closed_before_a_lowercase_speech_verb_is_one_sentence() -> None:
    assert _split('"Kami siap." kata dia. "Jangan khawatir!" ujar Peskov. Lalu pergi.') == [
        '"Kami siap." kata dia.',
        '"Jangan khawatir!" ujar Peskov.',
        "Lalu pergi.",
    ]


def test_glued_sentences_split() -> None:
    text = "Rapat digelar kemarin.Pemerintah menolak. Lihat Kompas.com dan Jl.Sudirman hari ini."
    assert _split(text) == [
        "Rapat digelar kemarin.",
        "Pemerintah menolak.",
        "Lihat Kompas.com dan Jl.Sudirman hari ini.",
    ]
