"""Read every raw input into records; bad input becomes a record with a reason, never vanishes."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pipeline.clean.dates import parse_date_field

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
TABLE_SUFFIXES = {".jsonl", ".csv"}
METADATA_FILE = "metadata.csv"
METADATA_FIELDS = ("url", "outlet", "published", "title")
T = TypeVar("T")


@dataclass
class RawRecord:
    """One raw article (or the reason it could not be read)."""

    source: str  # path relative to the raw directory, with "#L<n>" / "#row<n>" for table rows
    content: bytes  # what the doc_id hashes
    text: str | None = None  # decoded plain text
    html: str | None = None  # decoded HTML
    fields: dict[str, str] = field(default_factory=dict)  # url/outlet/published/title given
    error: str | None = None  # why this record is excluded before cleaning
    encoding: str | None = None

    @property
    def doc_id(self) -> str:
        return make_doc_id(self.source, self.content)


def make_doc_id(source: str, content: bytes) -> str:
    """Stable id: first 16 hex digits of SHA-256 over the source path and the content."""
    return hashlib.sha256(source.encode("utf-8") + b"\0" + content).hexdigest()[:16]


_DROP_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 12, 13))


def is_binary(text: str) -> bool:
    """More than 5 % control characters (NUL included) in the first 8,192 decoded characters."""
    head = text[:8192]
    control = len(head) - len(head.translate(_DROP_CONTROL))  # C speed, not a loop per character
    return bool(head) and control / len(head) > 0.05


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 decoded as cp1252/latin-1 ("â€œ" → "“"), even in part of a text (ftfy's
    ``fix_encoding``: nothing else is changed); ``(text, repaired?)``."""
    import ftfy

    fixed = ftfy.fix_encoding(text)
    return fixed, fixed != text


def decode(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)``: UTF-8 (with or without BOM), else what charset-normalizer finds
    (UTF-16/32 by their BOM, legacy code pages), mojibake repaired; None when no encoding fits
    (binary data)."""
    try:
        text, enc = data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            return None
        text, enc = str(best), best.encoding
    fixed, repaired = repair_mojibake(text)
    return fixed, enc + ("+mojibake-repaired" if repaired else "")


def _row_record(source: str, row: dict[str, object]) -> RawRecord:
    """The record of one table row: its text or HTML and the metadata fields it gives."""
    row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    content = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    fields = {k: str(row[k]).strip() for k in METADATA_FIELDS if row.get(k) not in (None, "")}
    text, html = row.get("text"), row.get("html")
    rec = RawRecord(source=source, content=content, fields=fields, encoding="utf-8")
    if isinstance(text, str) and text.strip():
        rec.text = text
    elif isinstance(html, str) and html.strip():
        rec.html = html
    elif not isinstance(text, str | None) or not isinstance(html, str | None):
        bad = "text" if not isinstance(text, str | None) else "html"
        rec.error = f"'{bad}' is not a string but {type(row[bad]).__name__}"
    else:
        rec.error = "empty: row has no 'text' or 'html' value"
    return rec


def _jsonl_records(source: str, text: str) -> Iterator[RawRecord]:
    """One record per non-blank line; a line that is not a JSON object is excluded, named."""
    # split on "\n" only: str.splitlines() also breaks at U+2028, U+0085 and other characters a
    # JSON string may hold, which would break a good line in two
    for n, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        src = f"{source}#L{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            msg = f"broken JSON line {n}: {err.msg} (column {err.colno})"
            yield RawRecord(src, line.encode("utf-8"), error=msg)
            continue
        if not isinstance(row, dict):
            msg = f"JSON line {n} is not an object but {type(row).__name__}"
            yield RawRecord(src, line.encode("utf-8"), error=msg)
            continue
        yield _row_record(src, row)


def _csv_records(source: str, text: str) -> Iterator[RawRecord]:
    """One record per row; rows before a parse error are kept, the rest is one excluded record.

    Strict parsing: an unterminated quote or a stray character after a closing quote stops the
    file at the row where it starts (``broken CSV at line N``) instead of swallowing the rows
    after it. A row with more fields than the header is excluded, naming its line.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as err:
        yield RawRecord(source, text.encode("utf-8"), error=f"broken CSV at line 1: {err}")
        return
    if header is None or not {"text", "html"} & {f.strip().lower() for f in header}:
        yield RawRecord(source, text.encode("utf-8"), error="CSV has no 'text' or 'html' column")
        return
    row_no, line_no = 1, reader.line_num  # row 1 is the header
    while True:
        first = line_no + 1  # the line the next row starts on
        try:
            values = next(reader, None)
        except csv.Error as err:
            rest = "\n".join(text.split("\n")[first - 1 :])
            msg = f"broken CSV at line {first}: {err}; the rest of the file is not read"
            yield RawRecord(f"{source}#row{row_no + 1}", rest.encode("utf-8"), error=msg)
            return
        if values is None:
            return
        line_no = reader.line_num
        if not values:  # a blank line, as csv.DictReader skips it
            continue
        row_no += 1
        src = f"{source}#row{row_no}"
        if len(values) > len(header):
            msg = (
                f"CSV row at line {first} has {len(values)} fields, the header {len(header)}: "
                "extra fields"
            )
            yield RawRecord(src, "\x1f".join(values).encode("utf-8"), error=msg)
            continue
        missing = [None] * (len(header) - len(values))  # as csv.DictReader fills a short row
        yield _row_record(src, dict(zip(header, [*values, *missing], strict=True)))


def _table_records(source: str, text: str, suffix: str) -> Iterator[RawRecord]:
    if suffix == ".jsonl":
        return _jsonl_records(source, text)
    return _csv_records(source, text)


def read_file(path: Path, source: str, max_bytes: int) -> Iterator[RawRecord]:
    """Records from one raw file (one for .txt/.html, one per row for .jsonl/.csv)."""
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if size > max_bytes:
        with path.open("rb") as fh:
            head = fh.read(65536)
        mb = size / 1e6
        yield RawRecord(source, head, error=f"too large: {mb:.1f} MB > {max_bytes / 1e6:.1f} MB")
        return
    data = path.read_bytes()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | TABLE_SUFFIXES:
        yield RawRecord(source, data, error=f"unsupported file type '{suffix or '(none)'}'")
        return
    if not data.strip():
        yield RawRecord(source, data, error="empty file")
        return
    decoded = decode(data)
    if decoded is None or is_binary(decoded[0]):
        yield RawRecord(source, data, error="binary file (not text)")
        return
    text, encoding = decoded[0].replace("\0", ""), decoded[1]  # a stray NUL is no text
    if suffix in TABLE_SUFFIXES:
        yield from _table_records(source, text, suffix)
    elif suffix in HTML_SUFFIXES:
        yield RawRecord(source, data, html=text, encoding=encoding)
    else:
        yield RawRecord(source, data, text=text, encoding=encoding)


@dataclass
class Listing:
    """What a walk of the corpus folder found: files to read, links refused, warnings."""

    files: list[tuple[Path, str]] = field(default_factory=list)  # (real path, source)
    refused: list[RawRecord] = field(default_factory=list)  # links that are not read
    warnings: list[str] = field(default_factory=list)  # inputs skipped on purpose, and why


def inside(path: Path, root: Path) -> bool:
    """Does ``path``, every link resolved, lie in the (resolved) folder ``root``?"""
    return path.resolve().is_relative_to(root)


def _link_record(link: Path, source: str, problem: str) -> RawRecord:
    """An excluded row for a link that is not followed; its target path is the content."""
    target = os.readlink(link)
    content = target.encode("utf-8", "surrogateescape")
    return RawRecord(source, content, error=f"link {source} -> {target}: {problem}, not read")


def list_inputs(raw_dir: Path) -> Listing:
    """Walk ``raw_dir``: every article file, following links only while they stay inside it.

    A link (to a file or a folder) whose target resolves outside the folder, a broken link and a
    link back to a folder being walked become excluded records; hidden files and folders, DVC
    pointers and special files are skipped with a warning; ``metadata.csv`` is read apart.
    """
    root, out = raw_dir.resolve(), Listing()

    def walk(folder: Path, prefix: str, ancestors: frozenset[Path]) -> None:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            path, source = Path(entry.path), prefix + entry.name
            if entry.name.startswith("."):
                kind = "folder" if path.is_dir() else "file"
                out.warnings.append(f"{source}: hidden {kind}, not read")
                continue
            if path.is_symlink():
                if not inside(path, root):
                    out.refused.append(_link_record(path, source, "outside the corpus folder"))
                    continue
                if not path.exists():
                    out.refused.append(_link_record(path, source, "target does not exist"))
                    continue
            real = path.resolve()
            if path.is_dir():
                if real in ancestors:
                    out.refused.append(_link_record(path, source, "loops back to its own folder"))
                else:
                    walk(path, source + "/", ancestors | {real})
            elif not path.is_file():
                out.warnings.append(f"{source}: not a regular file (device, pipe or socket)")
            elif source == METADATA_FILE:
                continue  # read by read_metadata
            elif path.suffix == ".dvc":
                out.warnings.append(f"{source}: DVC pointer file, not an article")
            else:
                out.files.append((real, source))

    walk(raw_dir, "", frozenset({root}))
    return out


@dataclass(frozen=True)
class RawFile:
    """An article file not read yet: what a clean shard reads (:func:`read_file`) itself.

    ``digest`` is the SHA-256 of the source path and the file's bytes (as :func:`make_doc_id`
    hashes them: its first 16 hex digits are the doc_id of a file that is one article)."""

    path: Path  # the real path (links resolved)
    source: str
    digest: str
    max_bytes: int  # a larger file is one excluded record (:func:`read_file`)

    def records(self) -> Iterator[RawRecord]:
        """The file's records (:func:`read_file`)."""
        return read_file(self.path, self.source, self.max_bytes)


def file_digest(path: Path, source: str) -> str:
    """SHA-256 of ``source`` and the bytes of ``path``, read in blocks (never whole in memory)."""
    h = hashlib.sha256(source.encode("utf-8") + b"\0")
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


@dataclass
class Inputs:
    """The raw corpus as :func:`list_corpus` finds it: files to read (their contents hashed,
    not held) and links refused, in a stable order (by source), and the walk's warnings."""

    items: list[RawRecord | RawFile]
    warnings: list[str]


def list_corpus(raw_dir: str | Path, max_bytes: int) -> Inputs:
    """Every input of the raw corpus without decoding any: :func:`scan_corpus`'s records come
    from ``items`` in the same order (a file's rows in file order)."""
    listing = list_inputs(Path(raw_dir))
    files = [RawFile(p, s, file_digest(p, s), max_bytes) for p, s in listing.files]
    items: list[RawRecord | RawFile] = [*listing.refused, *files]
    items.sort(key=lambda r: _order(r.source))
    return Inputs(items, listing.warnings)


def list_raw_files(raw_dir: Path) -> list[Path]:
    """The article files :func:`list_inputs` finds under ``raw_dir`` (resolved paths)."""
    return [path for path, _ in list_inputs(raw_dir).files]


def read_metadata(raw_dir: Path) -> dict[str, dict[str, str]]:
    """Overrides from ``metadata.csv`` (``file,url,outlet,published,title``) keyed by file."""
    path = raw_dir / METADATA_FILE
    if not path.exists() or not inside(path, raw_dir.resolve()):  # a link out is a refused row
        return {}
    text, _ = decode(path.read_bytes()) or ("", "")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or "file" not in reader.fieldnames:
        raise ValueError(f"{path}: needs a 'file' column (file,url,outlet,published,title)")
    out: dict[str, dict[str, str]] = {}
    for row in reader:
        key = (row.get("file") or "").strip()
        if key:
            out[key] = {k: row[k].strip() for k in METADATA_FIELDS if (row.get(k) or "").strip()}
    return out


_WORD = re.compile(r"\S+")


def too_long(text: str, max_words: int) -> str | None:
    """The exclusion reason of a text of more than ``max_words`` words, else None."""
    if len(text) < 2 * max_words:  # words and the blanks between them: too few characters
        return None
    words = sum(1 for _ in _WORD.finditer(text))  # as len(text.split()), without the list
    if words <= max_words:
        return None
    return f"too long: {words} words before cleaning > max_words {max_words}"


def check_metadata(raw_dir: Path, sources: Iterable[str]) -> list[str]:
    """Warnings about ``metadata.csv`` rows that change nothing: no file named, a file (or row)
    not in the corpus, a file named twice (the last row wins), a ``published`` that is no date."""
    path = raw_dir / METADATA_FILE
    if not path.exists() or not inside(path, raw_dir.resolve()):
        return []
    text, _ = decode(path.read_bytes()) or ("", "")
    known = set(sources) | {s.split("#", 1)[0] for s in sources}
    out, seen = [], set()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for n, row in enumerate(reader, start=2):
        where = f"{METADATA_FILE} row {n} (line {reader.line_num})"
        key = (row.get("file") or "").strip()
        published = (row.get("published") or "").strip()
        if not key:
            out.append(f"{where}: no file named, row ignored")
            continue
        if key not in known:
            out.append(f"{where}: {key!r} is not in the corpus, row ignored")
        if key in seen:
            out.append(f"{where}: {key!r} named again, this row wins")
        seen.add(key)
        if published and parse_date_field(published) is None:
            out.append(
                f"{where}: published {published!r} for {key!r} is not a date; "
                "the page's own date is used"
            )
    return out


class EmptyCorpusError(ValueError):
    """The raw corpus folder is missing or holds no article file."""


def require_articles(records: Sequence[T], raw_dir: str | Path) -> Sequence[T]:
    """``records`` (or their sources) if there is at least one; else a clear error naming the
    folder."""
    if not records:
        raise EmptyCorpusError(
            f"{raw_dir} holds no article file (.txt, .html, .jsonl, .csv; hidden files and "
            "metadata.csv do not count): put the corpus there and run again. Nothing was "
            "written; the outputs of the last run are unchanged."
        )
    return records


@dataclass
class Corpus:
    """Every record of the raw corpus, and warnings about inputs that are not records (hidden
    files, DVC pointers, special files) and ``metadata.csv`` rows that change nothing."""

    records: list[RawRecord]
    warnings: list[str]


def scan_corpus(raw_dir: str | Path, max_bytes: int) -> Corpus:
    """All records of the raw corpus in a stable order (by source), with the walk's warnings."""
    listing = list_inputs(Path(raw_dir))
    records = list(listing.refused)
    for path, source in listing.files:
        records.extend(read_file(path, source, max_bytes))
    records.sort(key=lambda r: _order(r.source))
    metadata = check_metadata(Path(raw_dir), [r.source for r in records])
    return Corpus(records, listing.warnings + metadata)


def _order(source: str) -> tuple[tuple[str, ...], int]:
    """Sort key of a source: its path's parts (as the walk lists them), then the row number."""
    path, _, row = source.partition("#")
    return tuple(path.split("/")), int("".join(c for c in row if c.isdigit()) or 0)


def read_corpus(raw_dir: str | Path, max_bytes: int) -> list[RawRecord]:
    """All records of the raw corpus, in a stable order (:func:`scan_corpus` without warnings)."""
    return scan_corpus(raw_dir, max_bytes).records
