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
