"""Sharded, cached, parallel per-article work gives the outputs of one unsharded run, byte for
byte: from scratch, from the cache, after an article is added, and on a two-worker cluster."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.clean import ingest
from pipeline.clean.article import normalise_lines
from pipeline.clean.ingest import RawRecord, list_corpus, read_metadata, scan_corpus
from pipeline.clean.lines import LineClassifier, load_line_lexicon
from pipeline.clean.rules import RuleSet
from pipeline.clean.stage import clean_corpus
from pipeline.config import (
    CleanParams,
    ComputeParams,
    EntitiesParams,
    ParamsError,
    StanceParams,
    parse_params,
)
from pipeline.devcorpus import load as load_dev
from pipeline.entities.dictionary import Dictionary
from pipeline.entities.stage import tag_corpus
from pipeline.shards import Step, frame_hash, run_step, shard_count, shard_of
from pipeline.stance import sharded as stance_sharded
from pipeline.stance.lexicon import Lexicon
from pipeline.stance.measure import measure_stance
from pipeline.stance.model import fit_model, save_model
from pipeline.stance.sharded import measure_stance_sharded
from tests.clean.test_lines import _toy_model

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = {
    "clean": ("data/lexicons/boilerplate.yaml", "data/lexicons/line_features.yaml"),
    "entities": "data/lexicons/actors.yaml",
    "stance": ("data/lexicons/stance.yaml",),
}
TEXTS = [
    "aktorfokal meminta bantuan blokrusia",
    "blokrusia membantu aktorfokal",
    "aktorfokal keluar dari blokrusia",
    "aktorfokal bergabung dengan blokbarat",
    "aktorfokal bertemu aktorlain",
    "aktorfokal dan aktorlain berunding",
]


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> list[RawRecord]:
    """The development corpus's ``tune`` pages (HTML and text) and an exact copy of one."""
    dev = load_dev(ROOT / "data/annotations/dev")
    raw = tmp_path_factory.mktemp("raw")
    for doc_id in dev.split("tune"):
        src = dev.page(doc_id)
        shutil.copy2(src, raw / src.name)
    first = sorted(raw.iterdir())[0]
    shutil.copy2(first, raw / f"copy_{first.name}")
    return scan_corpus(raw, 20_000_000).records


@pytest.fixture(scope="module")
def classifier() -> LineClassifier:
    lexicon = load_line_lexicon(ROOT / "data/lexicons/line_features.yaml")
    return LineClassifier(_toy_model(lexicon), lexicon)


@pytest.fixture(scope="module")
def model() -> Any:
    return fit_model(TEXTS, [-1, -1, 1, 1, 0, 0], 10.0, 1)


Run = Callable[[list[RawRecord], ComputeParams | None], list[pd.DataFrame]]


@pytest.fixture(scope="module")
def pipeline(rules: RuleSet, dictionary: Dictionary, lexicon: Lexicon, classifier, model) -> Run:
    """Clean, entities and stance of ``records``: unsharded (None) or sharded as ``compute``."""

    def run(records: list[RawRecord], compute: ComputeParams | None) -> list[pd.DataFrame]:
        clean_cfg, ent_cfg, st_cfg = CleanParams(), EntitiesParams(), StanceParams()
        sharded = (ROOT, compute) if compute is not None else None
        articles, log = clean_corpus(
            records,
            {},
            rules,
            clean_cfg,
            progress=False,
            classifier=classifier,
            sharded=(*sharded, RESOURCES["clean"]) if sharded else None,
        )
        tagged = tag_corpus(
            articles,
            dictionary,
            ent_cfg,
            progress=False,
            sharded=(*sharded, RESOURCES["entities"]) if sharded else None,
        )
        sentences, mentions = tagged.sentences, tagged.mentions
        if sharded is None:
            r = measure_stance(articles, sentences, mentions, lexicon, model, st_cfg)
            stance = [r.relations, r.sentence_stance, r.stance, r.components]
        else:
            stance = list(
                measure_stance_sharded(
                    articles,
                    sentences,
                    mentions,
                    lexicon,
                    model,
                    st_cfg,
                    (*sharded, RESOURCES["stance"]),
                )
            )
        return [articles, log, sentences, mentions, *stance]

    return run


def _same(a: list[pd.DataFrame], b: list[pd.DataFrame]) -> None:
    for x, y in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(x, y)
        assert frame_hash(x) == frame_hash(y)  # the bytes a Parquet writer gets


def _computed(caplog: pytest.LogCaptureFixture) -> dict[str, int]:
    """Shards computed per step, from :func:`pipeline.shards.run_step`'s log."""
    out = {}
    for rec in caplog.records:
        m = re.match(r"(\w+): \d+ of \d+ shards cached, computing (\d+)", rec.getMessage())
        if m:
            out[m[1]] = int(m[2])
    return out


def test_shards_are_a_stable_hash_of_doc_id() -> None:
    ids = [f"doc{i}" for i in range(200)]
    assert shard_of(ids, 7) == shard_of(ids, 7)
    assert set(shard_of(ids, 7)) == set(range(7))
    assert shard_of(["doc0"], 1) == [0]


def test_compute_settings_are_validated() -> None:
    assert parse_params({"compute": {"scheduler": "tcp://10.0.0.5:8786"}}).compute.workers == 0
    for bad in ({"scheduler": "threads"}, {"workers": -1}, {"shards": 0}, {"cluster": "x"}):
        with pytest.raises(ParamsError, match="compute"):
            parse_params({"compute": bad})


def test_sharded_and_cached_runs_equal_one_unsharded_run(
    pipeline: Run, records: list[RawRecord], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    full = pipeline(records, None)
    assert (full[0]["status"] == "kept").sum() >= 15 and len(full[4]) > 0
    compute = ComputeParams(scheduler="synchronous", shards=4, cache_dir=str(tmp_path / "c"))
    with caplog.at_level(logging.INFO, logger="pipeline.shards"):
        _same(full, pipeline(records, compute))
        assert _computed(caplog) == {"ingest": 4, "clean": 4, "entities": 4, "stance": 4}
        caplog.clear()
        _same(full, pipeline(records, compute))  # every shard from the cache
        assert _computed(caplog) == {"ingest": 0, "clean": 0, "entities": 0, "stance": 0}


def test_adding_an_article_recomputes_its_shard_and_equals_a_full_run(
    pipeline: Run, records: list[RawRecord], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    compute = ComputeParams(scheduler="synchronous", shards=8, cache_dir=str(tmp_path / "c"))
    pipeline(records[:-2], compute)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="pipeline.shards"):
        grown = pipeline(records[:-1], compute)
    _same(pipeline(records[:-1], None), grown)
    computed = _computed(caplog)
    # the new article's shard only; in clean also those holding its lines found on few pages
    assert computed["ingest"] == 1 and computed["entities"] == 1 and computed["stance"] == 1
    assert 1 <= computed["clean"] < 8


def _word(i: int) -> str:
    """A word of its own for each ``i`` (line keys fold digits: "berita 1" is "berita 2")."""
    return "".join("abcdefghijklmnopqrstuvwxyz"[int(c)] for c in str(i))


def _page(i: int, quote: str = "") -> RawRecord:
    """A page of unique lines (headline, two paragraphs) and two template lines."""
    w = _word(i)
    text = "\n".join(
        [
            f"Menteri {w} Bertemu Delegasi Kota {w}",
            f"Pemerintah {w} menyatakan bahwa kerja sama dengan kota {w} akan diperluas ke "
            "bidang keamanan dan energi, sementara pihak lain mengkritik keputusan tersebut.",
            quote
            or f"Delegasi {w} menyebut pertemuan itu sebagai langkah penting bagi kedua pihak "
            "dan berjanji melanjutkan pembicaraan pada bulan depan di ibu kota.",
            "Baca juga: berita pilihan redaksi hari ini",
            "Tag: politik luar negeri",
        ]
    )
    return RawRecord(f"p{w}.txt", text.encode(), text=text)


def test_adding_a_page_recomputes_only_the_shards_whose_lines_it_changes(
    rules: RuleSet, classifier: LineClassifier, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    compute = ComputeParams(scheduler="synchronous", shards=8, cache_dir=str(tmp_path / "c"))

    def clean(records: list[RawRecord], sharded: bool) -> list[pd.DataFrame]:
        where = (ROOT, compute, RESOURCES["clean"]) if sharded else None
        args = (records, {}, rules, CleanParams())
        return list(clean_corpus(*args, progress=False, classifier=classifier, sharded=where))

    pages = [_page(i) for i in range(40)]
    clean(pages, True)
    with caplog.at_level(logging.INFO, logger="pipeline.shards"):
        caplog.clear()
        grown = clean([*pages, _page(40)], True)  # unique lines and template lines only
        assert _computed(caplog) == {"ingest": 1, "clean": 1}
        _same(clean([*pages, _page(40)], False), grown)
        # A page quoting a paragraph of page 3: page 3's shard reads a new count too.
        quote = normalise_lines(pages[3].text or "")[2]
        caplog.clear()
        grown = clean([*pages, _page(40), _page(41, quote)], True)
        touched = set(shard_of([r.doc_id for r in (pages[3], _page(41, quote))], 8))
        assert _computed(caplog) == {"ingest": 1, "clean": len(touched)}
        _same(clean([*pages, _page(40), _page(41, quote)], False), grown)


def test_a_two_worker_local_cluster_equals_the_single_process_run(
    pipeline: Run, records: list[RawRecord], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    compute = ComputeParams(
        scheduler="local",
        workers=2,
        shards=4,
        min_parallel_articles=0,
        cache_dir=str(tmp_path / "c"),
    )
    with caplog.at_level(logging.INFO, logger="pipeline.shards"):
        _same(pipeline(records, None), pipeline(records, compute))
    messages = [r.getMessage() for r in caplog.records]
    on_dask = [m.split(":")[0] for m in messages if "on Dask, local" in m]
    assert on_dask == ["ingest", "clean", "entities", "stance"]
    # clean's two steps share one cluster session (entities and stance here run outside one)
    assert sum(m.startswith("cluster started") for m in messages) == 1
    for step in ("ingest", "clean", "entities", "stance"):  # entries the workers wrote
        assert len(list((tmp_path / "c" / step).glob("*.pkl"))) == 4
    stats = [r.shard_stats for r in caplog.records if hasattr(r, "shard_stats")]
    assert all(len(set(s["task_worker"])) <= 2 and min(s["result_bytes"]) > 0 for s in stats)


def test_shard_count_is_a_power_of_two_of_at_most_shard_size_articles() -> None:
    compute = ComputeParams(shard_size=250)
    got = [shard_count(n, compute) for n in (0, 1, 250, 251, 5000, 20_000, 20_001, 100_000)]
    assert got == [1, 1, 1, 2, 32, 128, 128, 512]
    assert shard_count(20_000, ComputeParams(shards=16)) == 16


def test_split_frame_keeps_each_shards_rows_in_order() -> None:
    from pipeline.shards import split_frame

    df = pd.DataFrame({"doc_id": [f"d{i % 37}" for i in range(300)], "i": range(300)})
    codes = pd.Series(shard_of(df["doc_id"].tolist(), 8), index=df.index)
    for s, part in enumerate(split_frame(df, 8)):
        pd.testing.assert_frame_equal(part, df[codes == s])


def test_files_read_in_their_shards_equal_records_read_ahead(
    rules: RuleSet,
    classifier: LineClassifier,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Files listed (not read) and read inside their shards give the rows of the records read
    ahead, byte for byte; a cached run reads no file, and a new file makes only the files of
    its own shard be read again (the shards whose lines it changes are cleaned again)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    pages = [_page(i) for i in range(30)]
    for rec in pages:
        (raw / rec.source).write_text(rec.text or "", encoding="utf-8")
    (raw / "rows.jsonl").write_text(
        '{"text": "' + _page(90).text.replace("\n", "\\n") + '", "outlet": "Tempo"}\n[1]\n'
    )
    (raw / "empty.txt").write_text("")
    (raw / "metadata.csv").write_text("file,outlet\npa.txt,Kompas\n")
    compute = ComputeParams(scheduler="synchronous", shards=8, cache_dir=str(tmp_path / "c"))
    where = (ROOT, compute, RESOURCES["clean"])
    read: list[str] = []
    real = ingest.read_file
    monkeypatch.setattr(ingest, "read_file", lambda p, s, m: (read.append(s), real(p, s, m))[1])

    def clean(sharded: bool, lazy: bool) -> list[pd.DataFrame]:
        items = list_corpus(raw, 20_000_000).items if lazy else scan_corpus(raw, 20_000_000).records
        args = (items, read_metadata(raw), rules, CleanParams())
        kw = {"progress": False, "classifier": classifier, "sharded": where if sharded else None}
        return list(clean_corpus(*args, **kw))

    full = clean(False, False)
    assert len(full[0]) == 30 + 2 + 1 and full[0]["outlet"].eq("Kompas").sum() >= 1
    _same(full, clean(False, True))
    _same(full, clean(True, True))
    read.clear()
    with caplog.at_level(logging.INFO, logger="pipeline.shards"):
        caplog.clear()
        _same(full, clean(True, True))
        assert _computed(caplog) == {"ingest": 0, "clean": 0} and read == []
        new = _page(40)
        (raw / new.source).write_text(new.text or "", encoding="utf-8")
        caplog.clear()
        grown = clean(True, True)
        items = list_corpus(raw, 20_000_000).items
    ids = shard_of([it.digest[:16] for it in items], 8)  # type: ignore[union-attr]
    codes = dict(zip([it.source for it in items], ids, strict=True))
    assert _computed(caplog) == {"ingest": 1, "clean": 1}
    assert new.source in read and {codes[s] for s in read} == {codes[new.source]}
    _same(clean(False, False), grown)


def _plus(x: int, k: int) -> int:
    return x + k


def test_a_context_function_is_called_only_when_a_shard_is_computed(tmp_path: Path) -> None:
    calls: list[int] = []

    def context() -> tuple[int]:
        calls.append(1)
        return (10,)

    step = Step("plus", _plus, ("pipeline.shards",))
    compute = ComputeParams(scheduler="synchronous", shards=2, cache_dir=str(tmp_path / "c"))
    assert run_step(step, [1, 2], ["a", "b"], context, ROOT, compute) == [11, 12]
    assert len(calls) == 1
    assert run_step(step, [1, 2], ["a", "b"], context, ROOT, compute) == [11, 12]
    assert len(calls) == 1  # every shard cached: never called
    assert run_step(step, [1, 3], ["a", "c"], context, ROOT, compute) == [11, 13]
    assert len(calls) == 2


def test_the_stages_reading_only_kept_articles_and_a_model_path_give_the_same_tables(
    pipeline: Run,
    records: list[RawRecord],
    dictionary: Dictionary,
    lexicon: Lexicon,
    model: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As notebooks 02 and 03 read them: kept rows and a few columns, the model as a path."""
    full = pipeline(records, None)
    articles, _, sentences, mentions = full[:4]
    kept = articles[articles["status"] == "kept"].reset_index(drop=True)
    assert len(kept) < len(articles)  # the corpus has an article that is not kept
    tagged = tag_corpus(
        kept[["doc_id", "title", "published", "body", "status"]],
        dictionary,
        EntitiesParams(),
        progress=False,
    )
    _same([sentences, mentions], [tagged.sentences, tagged.mentions])
    path = tmp_path / "model.skops"
    save_model(model, path)
    loads: list[str] = []
    real = stance_sharded.load_model
    monkeypatch.setattr(stance_sharded, "load_model", lambda p: loads.append(p) or real(p))
    compute = ComputeParams(scheduler="synchronous", shards=4, cache_dir=str(tmp_path / "c"))

    def stance() -> list[pd.DataFrame]:
        return list(
            measure_stance_sharded(
                kept[stance_sharded.ARTICLE_COLUMNS],
                sentences,
                mentions,
                lexicon,
                str(path),
                StanceParams(),
                (ROOT, compute, RESOURCES["stance"]),
            )
        )

    _same(full[4:], stance())
    assert len(loads) == 1
    _same(full[4:], stance())
    assert len(loads) == 1  # every shard cached: the model is not loaded


def test_splitting_the_stance_frames_by_doc_equals_split_frame() -> None:
    from pipeline.shards import split_frame

    docs = [f"d{i}" for i in range(30)]
    articles = pd.DataFrame({"doc_id": docs, "n": range(30)})
    sentences = pd.DataFrame({"doc_id": [d for d in docs for _ in range(3)], "i": range(90)})
    mentions = pd.DataFrame({"doc_id": ["d3", "d3", "d7", "orphan"], "i": range(4)})
    frames = (articles, sentences, mentions)
    got = stance_sharded.split_frames(frames, 4)
    for frame, parts in zip(frames, got, strict=True):
        want = split_frame(frame, 4)
        assert len(parts) == len(want) == 4 and sum(len(p) for p in parts) == len(frame)
        for p, w in zip(parts, want, strict=True):
            pd.testing.assert_frame_equal(p, w)
