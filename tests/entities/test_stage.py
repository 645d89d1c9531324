import pandas as pd

from pipeline.config import EntitiesParams
from pipeline.entities.dictionary import Dictionary
from pipeline.entities.stage import tag_articles
from pipeline.io import write_table


def _articles(bodies: list[str], status: str = "kept") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [f"{i:016x}" for i in range(len(bodies))],
            "body": bodies,
            "published": [None] * len(bodies),
            "status": [status] * len(bodies),
        }
    )


def test_quote_speakers(dictionary: Dictionary, tmp_path) -> None:
    body = (
        '"Saya mengingatkan bahwa NATO bukan bagian dari konflik ini," ujar Stoltenberg. '
        "Menurut Peskov, Rusia siap membantu. Pashinyan mengatakan bahwa Armenia akan keluar. "
        "Armenia dan Azerbaijan bertemu."
    )
    sentences, mentions = tag_articles(
        _articles([body]), dictionary, EntitiesParams(), progress=False
    )
    assert [x if isinstance(x, str) else None for x in sentences["quote_speaker"]] == [
        "person:jens-stoltenberg",
        "person:dmitry-peskov",
        "person:nikol-pashinyan",
        None,
    ]
    assert (mentions["start"] < mentions["end"]).all()
    assert all(
        body[s:e] == surf
        for s, e, surf in zip(mentions["start"], mentions["end"], mentions["surface"], strict=True)
    )
    write_table(sentences, tmp_path / "s.parquet", "sentences")
    write_table(mentions, tmp_path / "m.parquet", "mentions")


def test_only_kept_articles_are_tagged(dictionary: Dictionary) -> None:
    arts = pd.concat([_articles(["Rusia membantu Armenia."]), _articles(["Rusia."], "duplicate")])
    arts["doc_id"] = ["a" * 16, "b" * 16]
    sentences, mentions = tag_articles(arts, dictionary, EntitiesParams(), progress=False)
    assert set(sentences["doc_id"]) == set(mentions["doc_id"]) == {"a" * 16}
    assert mentions["bloc"].tolist() == ["russia", "focal"]


def test_the_headline_is_sentence_zero_with_offsets_before_the_body(
    dictionary: Dictionary, tmp_path
) -> None:
    title = "Armenia Bekukan Keanggotaan di CSTO"
    body = "Pashinyan mengatakan Armenia akan keluar dari aliansi pimpinan Rusia."
    arts = _articles([body, body]).assign(title=[title, None])
    sentences, mentions = tag_articles(arts, dictionary, EntitiesParams(), progress=False)
    first = sentences[sentences["doc_id"] == arts["doc_id"][0]]
    assert first["text"].tolist() == [title, body]
    shift = len(title) + 2
    assert first[["start", "end"]].values.tolist() == [[-shift, -2], [0, len(body)]]
    ms = mentions[mentions["doc_id"] == arts["doc_id"][0]]
    head = ms[ms["sent_id"] == 0]
    assert set(head["entity_id"]) == {"ARM", "CSTO"} and (head["end"] <= -2).all()
    assert all(  # a headline mention sits at its offset counted back from the body's start
        title[s + shift : e + shift] == surf
        for s, e, surf in zip(head["start"], head["end"], head["surface"], strict=True)
    )
    body_ms = ms[ms["sent_id"] == 1]
    assert all(
        body[s:e] == surf
        for s, e, surf in zip(body_ms["start"], body_ms["end"], body_ms["surface"], strict=True)
    )
    # without a title the body's sentences are numbered from 0 as before
    second = sentences[sentences["doc_id"] == arts["doc_id"][1]]
    assert second["sent_id"].tolist() == [0] and second["start"].tolist() == [0]
    write_table(sentences, tmp_path / "s.parquet", "sentences")
    write_table(mentions, tmp_path / "m.parquet", "mentions")


def test_a_language_is_no_state_and_centres_are_no_people(dictionary: Dictionary) -> None:
    body = (
        "Pashinyan berpidato dalam bahasa Inggris di depan parlemen Inggris. "
        "Menurut analis Carnegie Russia Eurasia Center, Armenia menjauh dari Rusia."
    )
    _, mentions = tag_articles(_articles([body]), dictionary, EntitiesParams(), progress=False)
    gbr = mentions[mentions["entity_id"] == "GBR"]
    assert gbr["start"].tolist() == [body.index("parlemen Inggris") + len("parlemen ")]
    assert not mentions["kind"].eq("discovered").any(), mentions


def test_a_think_tank_named_cis_is_not_the_commonwealth(dictionary: Dictionary) -> None:
    body = (
        "Menurut lembaga kajian CIS, Armenia menjauh dari Rusia. "
        "Armenia tetap menjadi anggota CIS dan CSTO."
    )
    _, mentions = tag_articles(_articles([body]), dictionary, EntitiesParams(), progress=False)
    cis = mentions[mentions["entity_id"] == "CIS"]
    assert cis["start"].tolist() == [body.index("anggota CIS") + len("anggota ")]
    # the Indonesian name of the CSTO is the CSTO
    _, named = tag_articles(
        _articles(["Armenia keluar dari Organisasi Traktat Keamanan Bersama."]),
        dictionary,
        EntitiesParams(),
        progress=False,
    )
    assert "CSTO" in set(named["entity_id"])


def test_no_person_is_discovered_in_a_title_case_headline(dictionary: Dictionary) -> None:
    title = "Kecewa CSTO Tak Turun Tangan, Pashinyan Minta Sidang Darurat Aliansi"
    body = "Perdana Menteri Armenia Nikol Pashinyan meminta sidang darurat CSTO."
    arts = _articles([body]).assign(title=[title])
    sentences, mentions = tag_articles(arts, dictionary, EntitiesParams(), progress=False)
    head = mentions[mentions["sent_id"] == 0]
    assert not head["kind"].eq("discovered").any(), head
    assert {"CSTO", "person:nikol-pashinyan"} <= set(head["entity_id"])
