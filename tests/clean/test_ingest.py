import json
from pathlib import Path

import pytest

from pipeline.clean.ingest import (
    RawFile,
    RawRecord,
    decode,
    is_binary,
    list_corpus,
    read_corpus,
    read_metadata,
    repair_mojibake,
    scan_corpus,
    too_long,
)
from pipeline.clean.rules import RuleSet
from pipeline.clean.stage import clean_corpus
from pipeline.config import CleanParams


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
    assert decode("Türkiye “kata”".encode()) == ("Türkiye “kata”", "utf-8-sig")
    text, enc = decode("Türkiye – “kata”".encode("cp1252"))  # charset-normalizer's guess
    assert text == "Türkiye – “kata”" and enc.startswith("cp125")
    fixed, repaired = repair_mojibake("TÃ¼rkiye dan â€œkataâ€™")
    assert repaired and fixed == "Türkiye dan “kata’"
    assert decode("TÃ¼rkiye".encode()) == ("Türkiye", "utf-8-sig+mojibake-repaired")
    assert repair_mojibake("Türkiye “kata” dan café") == ("Türkiye “kata” dan café", False)
    assert decode(bytes(range(128, 256))) is None  # no encoding fits
    assert not is_binary("Halo dunia\n") and is_binary("\x00\x01\x02binary" * 5)


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00"
    b"\x00\x1f\xf3\xffa\x00\x00\x00\x19IDATx\x9cc\xfc\xff\xff?\x03%\x80\x89\x81B0j\xc0"
    b"\xa8\x01\xa3\x06\x0c\x1c\x03\x00\xc3\x1f\x03\xfd\x8a\xe2\xbd\xa1\x00\x00\x00\x00IEND"
    b"\xaeB`\x82"
)
BODY = "Menteri Luar Negeri Armenia bertemu mitranya dari Prancis di Yerevan pada Senin.\n"


def test_encodings_are_detected_and_nuls_dropped(tmp_path: Path) -> None:
    _write(tmp_path, "utf16.txt", BODY.encode("utf-16"))  # with a BOM
    _write(tmp_path, "utf16be.txt", b"\xfe\xff" + BODY.encode("utf-16-be"))
    _write(
        tmp_path,
        "nul_head.txt",
        BODY.encode()[:20] + b"\x00" + BODY.encode()[20:] + BODY.encode() * 2,
    )
    _write(tmp_path, "nul_late.txt", BODY.encode() * 200 + b"\x00\x00" + BODY.encode())
    _write(tmp_path, "latin1.txt", ("Türkiye – “kata” " + BODY).encode("cp1252"))
    mixed = "Kata â€œdamaiâ€\x9d dari TÃ¼rkiye. " + "Armenia dan Prancis “bersahabat”. "
    _write(tmp_path, "mojibake.txt", mixed.encode())
    _write(tmp_path, "image.txt", PNG)
    _write(tmp_path, "image.png", PNG)
    recs = {r.source: r for r in read_corpus(tmp_path, max_bytes=100_000)}
    assert recs["utf16.txt"].text == BODY and recs["utf16.txt"].encoding.startswith("utf_16")
    assert recs["utf16be.txt"].text == BODY
    assert recs["nul_head.txt"].text == BODY * 3 and recs["nul_head.txt"].error is None
    assert recs["nul_late.txt"].text == BODY * 201
    assert recs["latin1.txt"].text == "Türkiye – “kata” " + BODY
    assert recs["mojibake.txt"].text == (
        "Kata “damai” dari Türkiye. Armenia dan Prancis “bersahabat”. "
    )
    assert recs["mojibake.txt"].encoding == "utf-8-sig+mojibake-repaired"
    assert recs["image.txt"].error == "binary file (not text)"
    assert recs["image.png"].error == "unsupported file type '.png'"
    assert not [r for r in recs.values() if "\0" in (r.text or "")]


SECRET = "root:x:0:0:RAHASIA-DI-LUAR-KORPUS:/root:/bin/bash\n"


def _links(tmp_path: Path) -> Path:
    """A corpus with links out of it and inside it; the outside holds a secret."""
    outside, raw = tmp_path / "outside", tmp_path / "raw"
    (outside / "dir").mkdir(parents=True)
    (outside / "passwd.txt").write_text(SECRET * 20)
    (outside / "dir" / "leak.txt").write_text(SECRET * 20)
    (raw / "sub").mkdir(parents=True)
    (raw / "sub" / "real.txt").write_text("Armenia dan Rusia.")
    (raw / "x.txt").symlink_to(outside / "passwd.txt")
    (raw / "outdir").symlink_to(outside / "dir")
    (raw / "relative.txt").symlink_to("../outside/passwd.txt")
    (raw / "inlink.txt").symlink_to("sub/real.txt")
    (raw / "indir").symlink_to("sub")
    (raw / "sub" / "loop").symlink_to("..")
    (raw / "dangling.txt").symlink_to("nowhere.txt")
    (raw / "metadata.csv").symlink_to(outside / "passwd.txt")
    return raw


def test_links_never_lead_out_of_the_corpus(tmp_path: Path) -> None:
    raw = _links(tmp_path)
    recs = {r.source: r for r in read_corpus(raw, max_bytes=10_000)}
    outside = ("x.txt", "outdir", "relative.txt", "metadata.csv")
    for source in outside:
        assert recs[source].error.startswith(f"link {source} -> "), source
        assert recs[source].error.endswith("outside the corpus folder, not read")
    assert "target does not exist" in recs["dangling.txt"].error
    assert "loops back to its own folder" in recs["sub/loop"].error
    for source in ("inlink.txt", "indir/real.txt", "sub/real.txt"):  # links inside: followed
        assert recs[source].text == "Armenia dan Rusia." and recs[source].error is None
    assert "loops back" in recs["indir/loop"].error and len(recs) == 10
    assert read_metadata(raw) == {}
    assert not [r for r in recs.values() if b"RAHASIA" in r.content or "RAHASIA" in str(r.text)]


def test_outside_text_reaches_no_output_table(tmp_path: Path, rules: RuleSet) -> None:
    raw = _links(tmp_path)
    recs = read_corpus(raw, max_bytes=10_000)
    articles, log = clean_corpus(recs, read_metadata(raw), rules, CleanParams(), progress=False)
    assert len(articles) == len(recs)
    for table in (articles, log):
        assert "RAHASIA" not in table.astype(str).to_csv()
    by = articles.set_index("source")
    assert by.loc["x.txt", "status"] == "excluded"
    assert "outside the corpus folder" in by.loc["x.txt", "reason"]


def test_a_broken_csv_keeps_the_rows_before_the_break(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "rows.csv",
        b'text,outlet\n"Satu, dua",A\n\n"Dua tanpa tutup,B\nTiga,C\nEmpat,D\n',
    )
    _write(tmp_path, "extra.csv", b"text,outlet\nSatu,A\nDua,B,lebih,lagi\nTiga,C\nEmpat\n")
    _write(tmp_path, "stray.csv", b'text,outlet\n"Satu"x,A\nDua,B\n')
    recs = {r.source: r for r in read_corpus(tmp_path, max_bytes=10_000)}
    assert sorted(recs) == [
        "extra.csv#row2",
        "extra.csv#row3",
        "extra.csv#row4",
        "extra.csv#row5",
        "rows.csv#row2",
        "rows.csv#row3",
        "stray.csv#row2",
    ]
    assert recs["rows.csv#row2"].text == "Satu, dua" and recs["rows.csv#row2"].error is None
    assert recs["rows.csv#row3"].error == (
        "broken CSV at line 4: unexpected end of data; the rest of the file is not read"
    )
    assert b"Tiga,C" in recs["rows.csv#row3"].content
    assert recs["extra.csv#row3"].error == (
        "CSV row at line 3 has 4 fields, the header 2: extra fields"
    )
    assert recs["extra.csv#row4"].text == "Tiga" and recs["extra.csv#row5"].text == "Empat"
    assert recs["stray.csv#row2"].error.startswith("broken CSV at line 2: ',' expected")


def test_jsonl_lines_are_split_on_newlines_only_and_bad_lines_are_named(tmp_path: Path) -> None:
    good = json.dumps({"text": "Satu\u2028dua\u2029tiga"}, ensure_ascii=False)
    lines = [good, "[1, 2]", '{"text": 5}', '{"text": "a"', ""]
    _write(tmp_path, "rows.jsonl", "\r\n".join(lines).encode("utf-8"))
    recs = {r.source: r for r in read_corpus(tmp_path, max_bytes=10_000)}
    assert sorted(recs) == ["rows.jsonl#L1", "rows.jsonl#L2", "rows.jsonl#L3", "rows.jsonl#L4"]
    assert recs["rows.jsonl#L1"].text == "Satu\u2028dua\u2029tiga"
    assert recs["rows.jsonl#L2"].error == "JSON line 2 is not an object but list"
    assert recs["rows.jsonl#L3"].error == "'text' is not a string but int"
    assert recs["rows.jsonl#L4"].error.startswith("broken JSON line 4: Expecting ',' delimiter")


@pytest.mark.parametrize("max_words", [1, 2, 3, 10])
def test_too_long_counts_words_as_split_does(max_words: int) -> None:
    for words in (max_words - 1, max_words, max_words + 1, 3 * max_words):
        for text in (" ".join(["a"] * words), "  ".join(["kata"] * words), "a\n" * words):
            got = too_long(text, max_words)
            assert (got is not None) == (len(text.split()) > max_words), (text, max_words)
            if got is not None:
                assert f"too long: {len(text.split())} words" in got


def test_listed_inputs_read_as_the_scan_reads_them(tmp_path: Path) -> None:
    """:func:`list_corpus` reads no file; its items' records are :func:`scan_corpus`'s, field
    for field and in the same order (links refused, table rows, a file too large)."""
    raw = _links(tmp_path)
    _write(raw, "rows.csv", b'text,outlet\n"Satu, dua",A\n\n"Dua tanpa tutup,B\nTiga,C\n')
    _write(raw, "rows.jsonl", b'{"text": "Satu"}\n[1]\n')
    _write(raw, "big.txt", b"kata " * 20_000)  # 100 kB: its record holds the first 64 kB
    scanned = scan_corpus(raw, max_bytes=10_000)
    listed = list_corpus(raw, max_bytes=10_000)
    assert listed.warnings == scanned.warnings[: len(listed.warnings)]
    got = [r for i in listed.items for r in ([i] if isinstance(i, RawRecord) else i.records())]
    assert [vars(r) for r in got] == [vars(r) for r in scanned.records]
    assert [r.doc_id for r in got] == [r.doc_id for r in scanned.records]
    big = next(r for r in got if r.source == "big.txt")
    assert big.error.startswith("too large: 0.1 MB") and len(big.content) == 65536
    files = {i.source: i for i in listed.items if isinstance(i, RawFile)}
    assert files["big.txt"].digest[:16] != big.doc_id  # the whole file is hashed, not its head
    assert files["inlink.txt"].digest[:16] == next(
        r.doc_id for r in got if r.source == "inlink.txt"
    )
