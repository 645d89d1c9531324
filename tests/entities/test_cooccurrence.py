import numpy as np
import pandas as pd

from pipeline.entities.cooccurrence import cooccurrence_matrix


def _crosstab(mentions: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """The previous implementation (pd.crosstab), as the oracle."""
    m = mentions[mentions["entity_id"].isin(ids)].drop_duplicates(
        ["doc_id", "sent_id", "entity_id"]
    )
    onehot = pd.crosstab([m["doc_id"], m["sent_id"]], m["entity_id"]).clip(upper=1)
    co = onehot.T @ onehot
    order = [i for i in ids if i in co.index]
    return co.loc[order, order].astype(int)


def test_cooccurrence_counts_sentences_naming_both_actors_as_a_crosstab_does() -> None:
    rng = np.random.default_rng(3)
    n = 2000
    mentions = pd.DataFrame(
        {
            "doc_id": rng.choice([f"d{i}" for i in range(40)], n),
            "sent_id": rng.integers(0, 6, n),
            "entity_id": rng.choice(["RUS", "USA", "ARM", "NATO", "EU", "CSTO", "x"], n),
        }
    )
    for ids in (["RUS", "USA", "ARM", "NATO", "EU", "CSTO"], ["NATO", "RUS", "absent"], ["EU"]):
        got = cooccurrence_matrix(mentions, ids)
        pd.testing.assert_frame_equal(got, _crosstab(mentions, ids))
    co = cooccurrence_matrix(mentions.iloc[:3].assign(entity_id=["A", "A", "B"]), ["A", "B"])
    first = mentions.iloc[:3]
    both = (
        first.iloc[2][["doc_id", "sent_id"]].tolist()
        in first.iloc[:2][["doc_id", "sent_id"]].to_numpy().tolist()
    )
    assert co.loc["B", "B"] == 1 and co.loc["A", "B"] == int(both)
    assert cooccurrence_matrix(mentions, ["absent"]).empty
