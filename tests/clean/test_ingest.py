import json
from pathlib import Path

from pipeline.clean.ingest import decode, is_binary, read_corpus, read_metadata, repair_mojibake


def _write(d: Path, name: str, data: bytes) -> None:
    (d / name).write_bytes(data)


def test_every_kind_of_input_becomes_a_record(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", b"Rusia dan Armenia.")
    _write(tmp_path, "empty.txt", b"  \n\t\n")
    _write(tmp_path, "blob.txt", b"\x00\x01\x02binary\x00" * 20)
    _write(tmp_path, "page.html", b"<html><body><p>Halo</p></body></html>")
    _write(tmp_path, "notes.pdf", b"%PDF-1.4")
    rows = [
        {"text": "Satu artikel.", "url": "https://a.id/1"},
        {"html": "<p>Dua</p>"},
        {"title": "x"},
    ]
    _write(tmp_path, "rows.jsonl", "\n".join(json.dumps(r) for r in rows).encode() + b"\n{broken\n")
    _write(tmp_path, "rows.csv", b"text,outlet\nTiga artikel.,Kompas.com\n")
    _write(tmp_path, "metadata.csv", b"file,outlet\na.txt,Tempo\n")
    _write(tmp_path, ".hidden.txt", b"ignored")
    recs = {r.source: r for r in read_corpus(tmp_path, max_bytes=10_000)}
    assert set(recs) == {
        "a.txt",
        "empty.txt",
        "blob.txt",
        "page.html",
        "notes.pdf",
        "rows.jsonl#L1",
        "rows.jsonl#L2",
        "rows.jsonl#L3",
        "rows.jsonl#L4",
        "rows.csv#row2",
    }
    assert recs["a.txt"].text == "Rusia dan Armenia." and recs["a.txt"].error is None
    assert recs["empty.txt"].error == "empty file"
    assert "binary" in recs["blob.txt"].error
    assert recs["page.html"].html is not None
    assert "unsupported file type '.pdf'" in recs["notes.pdf"].error
    assert recs["rows.jsonl#L1"].fields["url"] == "https://a.id/1"
    assert recs["rows.jsonl#L2"].html == "<p>Dua</p>"
    assert "no 'text' or 'html'" in recs["rows.jsonl#L3"].error
    assert "broken JSON" in recs["rows.jsonl#L4"].error
    assert recs["rows.csv#row2"].fields["outlet"] == "Kompas.com"
    assert read_metadata(tmp_path) == {"a.txt": {"outlet": "Tempo"}}
    assert len({r.doc_id for r in recs.values()}) == len(recs)


def test_too_large_files_are_recorded_not_read(tmp_path: Path) -> None:
    _write(tmp_path, "big.txt", b"kata " * 5000)
    (rec,) = read_corpus(tmp_path, max_bytes=1000)
    assert rec.error.startswith("too large: 0.0 MB")


def test_doc_id_depends_on_path_and_content(tmp_path: Path) -> None:
    _write(tmp_path, "x.txt", b"Armenia")
    _write(tmp_path, "y.txt", b"Armenia")
    a, b = read_corpus(tmp_path, max_bytes=1000)
    assert a.doc_id != b.doc_id
    (again,) = [r for r in read_corpus(tmp_path, max_bytes=1000) if r.source == "x.txt"]
    assert again.doc_id == a.doc_id


def test_decoding_fallbacks_and_mojibake() -> None:
    assert decode("Türkiye “kata”".encode())[0] == "Türkiye “kata”"
    text, enc = decode("Türkiye – “kata”".encode("cp1252"))
    assert text == "Türkiye – “kata”" and enc == "cp1252"
    fixed, repaired = repair_mojibake("TÃ¼rkiye dan â€œkataâ€™")
    assert repaired and fixed == "Türkiye dan “kata’"
    assert decode("TÃ¼rkiye".encode())[1] == "utf-8-sig+mojibake-repaired"
    assert decode(bytes(range(128, 256)))[1] == "latin-1"  # never raises
    assert not is_binary(b"Halo dunia\n")
