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
