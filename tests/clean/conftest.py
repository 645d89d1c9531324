"""The hostile corpus: one raw folder holding every kind of bad input the clean stage meets."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import seed_text

ENGLISH = (
    "NATO Secretary General said on Monday that the alliance was deeply concerned about the "
    "ongoing violations of the ceasefire between Armenia and Azerbaijan and urged both sides to "
    "show restraint and return to negotiations without any further delay or preconditions. "
) * 3
SECRET = "RAHASIA-DI-LUAR-KORPUS"  # text outside the corpus folder: must reach no output
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
    b"\x1f\xf3\xffa\x00\x00\x00\x19IDATx\x9cc\xfc\xff\xff?\x03%\x80\x89\x81B0j\xc0\xa8\x01\xa3"
    b"\x06\x0c\x1c\x03\x00\xc3\x1f\x03\xfd\x8a\xe2\xbd\xa1\x00\x00\x00\x00IEND\xaeB`\x82"
)


@dataclass(frozen=True)
class Hostile:
    raw: Path
    rows: dict[str, str]  # source -> what its row's reason must contain ("" = kept or any)
    read: frozenset[str]  # the sources that are kept or a duplicate of a kept article
    warnings: dict[str, str]  # what a warning starts with -> what it must contain


@pytest.fixture
def hostile(tmp_path: Path) -> Hostile:
    return build_hostile(tmp_path / "raw", tmp_path / "outside")


def build_hostile(raw: Path, outside: Path) -> Hostile:
    """Write the hostile corpus into ``raw`` (created) and the files its links reach into
    ``outside``; say what each input must become."""
    (outside / "dir").mkdir(parents=True)
    (outside / "passwd").write_text(f"root:x:0:0:{SECRET}:/root:/bin/bash\n" * 30)
    (outside / "dir" / "leak.txt").write_text(f"{SECRET} " * 100)
    (raw / "sub").mkdir(parents=True)
    seed = seed_text("000")
    (raw / "sub" / "page.txt").write_text(seed_text("001"))
    (raw / "good.txt").write_text(seed)
    # 1 links
    (raw / "x.txt").symlink_to(outside / "passwd")
    (raw / "outdir").symlink_to(outside / "dir")
    (raw / "inlink.txt").symlink_to("sub/page.txt")
    (raw / "indir").symlink_to("sub")
    # 2 tables
    row = seed_text("002").replace('"', '""')
    (raw / "broken.csv").write_text(f'text,outlet\n"{row}",A\n"tanpa tutup,B\nTiga,C\nEmpat,D\n')
    (raw / "extra.csv").write_text("text,outlet\nSatu,A,lebih\n")
    lines = [json.dumps({"text": seed_text("003")}), "{rusak", "[1]", json.dumps({"text": 1})]
    (raw / "rows.jsonl").write_text("\n".join(lines) + "\n")
    # 3 size
    (raw / "huge.txt").write_text(seed + " kata" * 20_001)
    # 4 encodings
    (raw / "utf16.txt").write_bytes(seed.encode("utf-16"))
    (raw / "nul.txt").write_bytes(seed.encode()[:50] + b"\x00" + seed.encode()[50:])
    (raw / "mojibake.txt").write_bytes(seed.encode().decode("latin-1").encode())  # UTF-8 twice
    (raw / "image.txt").write_bytes(PNG)
    (raw / "empty.txt").write_text("")
    # 7 arbitrary-looking choices: a later, longer near-edit whose name sorts first; HTML with no
    # body and cut inside a tag; a page that is only a headline
    edited = seed.replace("18:39 WIB", "20:05 WIB").replace(
        "Rusia menyatakan,", "Rusia resmi menyatakan,"
    )
    (raw / "a-edited.txt").write_text(edited)
    (raw / "nobody.html").write_text("<html><head><title>Armenia</title></head></html>")
    (raw / "cut.html").write_text("<html><body><div><p")
    (raw / "headline.txt").write_text("Armenia Minta Bantuan Militer dari Rusia\n")
    # what a demanding user adds: blank, random bytes, Windows and twice-decoded encodings, a file
    # over the size limit, one endless line, English, no date anywhere, a non-ASCII file name,
    # office documents
    (raw / "blank.txt").write_text(" \n\t\n   \n")
    (raw / "random.txt").write_bytes(random.Random(17).randbytes(4096))
    (raw / "windows-1252.txt").write_bytes(seed.encode("cp1252"))
    (raw / "mojibake-cp1252.txt").write_bytes(seed.encode().decode("cp1252", "replace").encode())
    (raw / "big.txt").write_bytes(b"kata " * 2_100_000)  # 10.5 MB > the 10 MB limit
    (raw / "oneline.txt").write_text("kata " * 25_000)  # no line break at all
    (raw / "english.txt").write_text(ENGLISH)
    undated = [ln for ln in seed_text("004").split("\n") if len(ln.split()) > 12]
    (raw / "undated.txt").write_text("\n\n".join(ln for ln in undated if not re.search(r"\d", ln)))
    (raw / "berita-Türkiye-ş.txt").write_text(seed_text("002"))
    (raw / "notes.docx").write_bytes(b"PK\x03\x04" + bytes(64))
    (raw / "paper.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    # 5 silent drops
    (raw / ".hidden.txt").write_text(seed)
    (raw / ".git").mkdir()
    (raw / "pointer.dvc").write_text("outs: []\n")
    (raw / "metadata.csv").write_text(
        "file,published\ngood.txt,31/13/2023\nmissing.txt,2020-01-01\n,2020-01-01\n"
        "sub/page.txt,2021-02-03\n"
    )
    rows = {
        "good.txt": "",
        "sub/page.txt": "",
        "x.txt": "link x.txt -> ",
        "outdir": "outside the corpus folder",
        "inlink.txt": "",  # an exact duplicate of sub/page.txt
        "indir/page.txt": "",
        "broken.csv#row2": "",
        "broken.csv#row3": f"broken CSV at line {3 + row.count(chr(10))}:",
        "extra.csv#row2": "extra fields",
        "rows.jsonl#L1": "",
        "rows.jsonl#L2": "broken JSON line 2",
        "rows.jsonl#L3": "JSON line 3 is not an object",
        "rows.jsonl#L4": "'text' is not a string",
        "huge.txt": "too long: ",
        "utf16.txt": "exact duplicate of good.txt",
        "nul.txt": "exact duplicate of good.txt",
        "mojibake.txt": "exact duplicate of good.txt",
        "a-edited.txt": ") of good.txt",  # near duplicate (Jaccard …) of the earlier copy
        "nobody.html": "HTML with no <body>",
        "cut.html": "broken HTML: the file ends inside a tag",
        "headline.txt": "empty after cleaning: only a headline, no body",
        "blank.txt": "empty file",
        "random.txt": "binary file (not text)",
        "windows-1252.txt": "exact duplicate of good.txt",
        "mojibake-cp1252.txt": "exact duplicate of good.txt",
        "big.txt": "too large: ",
        "oneline.txt": "too long: 25000 words",
        "english.txt": "language: en",
        "undated.txt": "",
        "berita-Türkiye-ş.txt": "",
        "notes.docx": "unsupported file type '.docx'",
        "paper.pdf": "unsupported file type '.pdf'",
        "image.txt": "binary file (not text)",
        "empty.txt": "empty file",
    }
    warnings = {
        ".hidden.txt": "hidden file",
        ".git": "hidden folder",
        "pointer.dvc": "DVC pointer",
        "metadata.csv row 2": "'31/13/2023' for 'good.txt' is not a date",
        "metadata.csv row 3": "'missing.txt' is not in the corpus",
        "metadata.csv row 4": "no file named",
    }
    read = frozenset(s for s, r in rows.items() if not r or r.endswith("of good.txt"))
    return Hostile(raw, rows, read, warnings)
