"""The annotated development corpus (``data/annotations/dev/``): loading and consistency checks.

Layout (docs/data-contract.md, "The development corpus"): ``articles/<id>.txt|.html`` (one scraped
page each), ``articles.csv`` (one row per page: outlet, date, labels, split, provenance),
``lines.csv`` (every non-empty line labelled body/boilerplate/metadata, with its visible text) and
``sentences.csv`` (every headline/body sentence naming an actor, with relation, alignment and
framing). ``python -m pipeline.devcorpus check [PART]`` lists every inconsistency; ``merge``
folds the writers' ``parts/<letter>/`` files into the corpus files.
"""

from __future__ import annotations

import argparse
import csv
import html
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.errors import DataFileError

ARTICLE_COLUMNS = (
    "id",
    "outlet",
    "url",
    "published",
    "date_source",
    "alignment",
    "framing",
    "duplicate_of",
    "entities_present",
    "entities_absent",
    "provenance",
    "split",
    "notes",
)
LINE_COLUMNS = ("id", "line_no", "label", "text")
SENTENCE_COLUMNS = ("id", "text", "relation", "alignment", "framing", "note")
MENTION_COLUMNS = ("id", "surface", "occurrence", "entity_id", "entity_type", "kind")
RELATIONS = (
    "cooperation",
    "request",
    "alliance",
    "rapprochement",
    "joint_military",
    "arms",
    "mission",
    "mediation",
    "treaty",
    "accession",
    "presence",
    "dependence",
    "guarantee",
    "failure",
    "evaluation",
    "distancing",
    "criticism",
    "refusal",
    "mixed",
    "none",
)
SPLITS = ("tune", "test")
_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
_ENTITY = re.compile(r"^([A-Z]{2,5}|person:[a-z0-9-]+|loc:[a-z0-9-]+)$")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_SCRIPT_OPEN = re.compile(r"<(script|style)\b", re.I)
_SCRIPT_CLOSE = re.compile(r"</(script|style)\s*>", re.I)


class ArticleRow(BaseModel):
    """One row of ``articles.csv``."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_ID)
    outlet: str = ""  # empty: the page does not name its outlet
    url: str = ""
    published: date | None = None
    date_source: Literal["metadata", "byline", "body", "url", "none"]
    alignment: Literal["pro_russia", "neutral", "pro_west"]
    framing: Literal["pro_russia", "neutral", "western"]
    duplicate_of: str = ""
    entities_present: tuple[str, ...] = ()
    entities_absent: tuple[str, ...] = ()
    provenance: str = Field(min_length=1)
    split: Literal["tune", "test"]
    notes: str = ""

    @field_validator("published", mode="before")
    @classmethod
    def _empty_date(cls, v: object) -> object:
        return None if v == "" else v

    @field_validator("entities_present", "entities_absent", mode="before")
    @classmethod
    def _ids(cls, v: object) -> object:
        if isinstance(v, str):
            ids = tuple(x.strip() for x in v.split(";") if x.strip())
            bad = [x for x in ids if not _ENTITY.match(x)]
            if bad:
                raise ValueError(f"not an entity id: {bad}")
            return ids
        return v


class LineRow(BaseModel):
    """One row of ``lines.csv``."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_ID)
    line_no: int = Field(ge=1)
    label: Literal["body", "boilerplate", "metadata"]
    text: str = Field(min_length=1)


class SentenceRow(BaseModel):
    """One row of ``sentences.csv``."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_ID)
    text: str = Field(min_length=1)
    relation: Literal[RELATIONS]  # type: ignore[valid-type]
    alignment: int = Field(ge=-1, le=1)
    framing: int = Field(ge=-1, le=1)
    note: str = ""


class MentionRow(BaseModel):
    """One row of ``mentions.csv`` (every actor mention of the seed pages' bodies)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=_ID)
    surface: str = Field(min_length=1)
    occurrence: int = Field(ge=0)
    entity_id: str = Field(pattern=_ENTITY.pattern)
    entity_type: Literal["COUNTRY", "ORG", "PERSON", "LOC", "OTHER"]
    kind: Literal["name", "alias", "metonym", "role", "discovered"]


def load_mentions(path: str | Path) -> pd.DataFrame:
    """``mentions.csv``, validated row by row (errors name the file and line)."""
    return _read_rows(Path(path), MentionRow, MENTION_COLUMNS)


@dataclass(frozen=True)
class DevCorpus:
    """The development corpus: its folder and its three label tables."""

    root: Path
    articles: pd.DataFrame
    lines: pd.DataFrame
    sentences: pd.DataFrame

    def page(self, doc_id: str) -> Path:
        """The page file of article ``doc_id``."""
        return page_path(self.root / "articles", doc_id)

    def split(self, name: str) -> list[str]:
        """Ids of the articles in split ``name`` (tune|test), sorted."""
        return sorted(self.articles.loc[self.articles["split"] == name, "id"])


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, stripped."""
    return _SPACE.sub(" ", text).strip()


def visible_lines(path: Path) -> list[tuple[int, str]]:
    """``(line_no, visible text)`` of every line of a page with visible text.

    Plain text: the line, whitespace collapsed. HTML: tags removed and entities unescaped; lines
    inside ``<script>``/``<style>`` carry no visible text.
    """
    raw = path.read_text(encoding="utf-8")
    is_html = path.suffix.lower() in (".html", ".htm")
    out: list[tuple[int, str]] = []
    in_script = False
    for n, line in enumerate(raw.split("\n"), start=1):
        if is_html:
            if in_script or _SCRIPT_OPEN.search(line):
                in_script = not _SCRIPT_CLOSE.search(line)
                continue
            line = html.unescape(_TAG.sub(" ", line))
        text = collapse(line)
        if text:
            out.append((n, text))
    return out


def page_path(folder: Path, doc_id: str) -> Path:
    """``folder/<doc_id>.txt`` or ``.html``, whichever exists (``.txt`` if neither)."""
    for suffix in (".txt", ".html"):
        p = folder / f"{doc_id}{suffix}"
        if p.exists():
            return p
    return folder / f"{doc_id}.txt"


def _read_rows(path: Path, model: type[BaseModel], columns: tuple[str, ...]) -> pd.DataFrame:
    """Read a label CSV, validating every row with ``model``; errors name file and row."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, strict=True)
            header = tuple(reader.fieldnames or ())
            missing = [c for c in columns if c not in header and c not in ("note", "notes")]
            if missing:
                raise DataFileError(path, "(header)", f"missing columns {missing}")
            rows = []
            for n, row in enumerate(reader, start=2):
                if None in row:
                    raise DataFileError(path, f"line {n}", "more fields than the header")
                try:
                    rows.append(model(**{k: v for k, v in row.items() if k in columns}))
                except ValidationError as err:
                    first = err.errors()[0]
                    where = ".".join(str(x) for x in first["loc"])
                    raise DataFileError(path, f"line {n}", f"{where}: {first['msg']}") from None
    except (OSError, csv.Error, UnicodeDecodeError) as err:
        raise DataFileError(path, "(file)", f"cannot read: {err}") from None
    data = [r.model_dump() for r in rows]
    return pd.DataFrame(data, columns=list(columns))


def load(root: str | Path) -> DevCorpus:
    """Load and validate the corpus files under ``root`` (row by row; see :func:`check`)."""
    root = Path(root)
    return DevCorpus(
        root,
        _read_rows(root / "articles.csv", ArticleRow, ARTICLE_COLUMNS),
        _read_rows(root / "lines.csv", LineRow, LINE_COLUMNS),
        _read_rows(root / "sentences.csv", SentenceRow, SENTENCE_COLUMNS),
    )


def problems(corpus: DevCorpus, ids: set[str] | None = None) -> list[str]:
    """Every inconsistency between the label files and the pages (empty when consistent).

    Checked: unique ids with one page each; every non-empty line labelled exactly once with its
    visible text; every labelled sentence a verbatim part of a line of its page;
    ``duplicate_of`` names an article of the same split; test outlets never occur in tune.
    """
    arts = corpus.articles
    if ids is not None:
        arts = arts[arts["id"].isin(ids)]
    out: list[str] = []
    known = set(corpus.articles["id"])
    dupes = arts["id"][arts["id"].duplicated()].tolist()
    out += [f"articles.csv: id {d} appears twice" for d in dupes]
    split_of = dict(zip(corpus.articles["id"], corpus.articles["split"], strict=True))
    for row in arts.itertuples(index=False):
        page = corpus.page(row.id)
        if not page.exists():
            out.append(f"{row.id}: no page articles/{row.id}.txt|.html")
            continue
        if row.duplicate_of and row.duplicate_of not in known:
            out.append(f"{row.id}: duplicate_of {row.duplicate_of} is not an article")
        elif row.duplicate_of and split_of[row.duplicate_of] != row.split:
            out.append(f"{row.id}: duplicate_of {row.duplicate_of} is in another split")
        seen = dict(visible_lines(page))
        labelled = corpus.lines[corpus.lines["id"] == row.id]
        for n in labelled["line_no"][labelled["line_no"].duplicated()]:
            out.append(f"{row.id}: line {n} labelled twice")
        for n, text in zip(labelled["line_no"], labelled["text"], strict=True):
            if n not in seen:
                out.append(f"{row.id}: line {n} is labelled but has no visible text")
            elif collapse(text) != seen[n]:
                out.append(f"{row.id}: line {n} text differs from the page: {text[:60]!r}")
        for n in sorted(set(seen) - set(labelled["line_no"])):
            out.append(f"{row.id}: line {n} is not labelled: {seen[n][:60]!r}")
        page_lines = list(seen.values())
        for text in corpus.sentences.loc[corpus.sentences["id"] == row.id, "text"]:
            if not any(collapse(text) in line for line in page_lines):
                out.append(f"{row.id}: sentence not found on the page: {text[:60]!r}")
    for table in ("lines", "sentences"):
        ids_in = set(getattr(corpus, table)["id"])
        for orphan in sorted(ids_in - known):
            if ids is None or orphan in ids:
                out.append(f"{table}.csv: id {orphan} has no row in articles.csv")
    by_split = corpus.articles.groupby("split")["outlet"].agg(set)
    shared = by_split.get("tune", set()) & by_split.get("test", set())
    out += [f"outlet {o!r} occurs in both tune and test" for o in sorted(shared)]
    return out


def merge_parts(root: Path) -> dict[str, int]:
    """Append every ``parts/<letter>/{articles,lines,sentences}.csv`` to the corpus files."""
    counts: dict[str, int] = {}
    for name, columns in (
        ("articles", ARTICLE_COLUMNS),
        ("lines", LINE_COLUMNS),
        ("sentences", SENTENCE_COLUMNS),
    ):
        target = root / f"{name}.csv"
        frames = [pd.read_csv(target, dtype=str, keep_default_na=False)] if target.exists() else []
        for part in sorted((root / "parts").glob(f"*/{name}.csv")):
            frames.append(pd.read_csv(part, dtype=str, keep_default_na=False))
        df = pd.concat(frames, ignore_index=True).reindex(columns=list(columns)).fillna("")
        df = df.drop_duplicates()
        if name == "lines":
            df = df.assign(_n=df["line_no"].astype(int)).sort_values(["id", "_n"], kind="stable")
            df = df.drop(columns="_n")
        elif name == "articles":
            df = df.sort_values("id", kind="stable")
        df.to_csv(target, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        counts[name] = len(df)
    return counts


def agreement(corpus: DevCorpus, second: Path) -> dict[str, dict[str, float | int]]:
    """Cohen's kappa between the corpus labels and a second annotation of some pages.

    ``second`` holds ``second_articles.csv`` (``id,alignment,framing``) and
    ``second_lines.csv`` (``id,line_no,label``).
    """
    from sklearn.metrics import cohen_kappa_score

    arts = pd.read_csv(second / "second_articles.csv", dtype=str, keep_default_na=False)
    lines = pd.read_csv(second / "second_lines.csv", dtype=str, keep_default_na=False)
    lines["line_no"] = lines["line_no"].astype(int)
    a = arts.merge(corpus.articles, on="id", suffixes=("_2", ""))
    li = lines.merge(corpus.lines, on=["id", "line_no"], suffixes=("_2", ""))
    out: dict[str, dict[str, float | int]] = {}
    for name, df, col in (
        ("article alignment", a, "alignment"),
        ("article framing", a, "framing"),
        ("line labels", li, "label"),
    ):
        out[name] = {
            "n": len(df),
            "agree": int((df[col] == df[f"{col}_2"]).sum()),
            "kappa": round(float(cohen_kappa_score(df[col], df[f"{col}_2"])), 3),
        }
    return out


def _part_corpus(root: Path, part: str) -> DevCorpus:
    d = root / "parts" / part
    return DevCorpus(
        root,
        _read_rows(d / "articles.csv", ArticleRow, ARTICLE_COLUMNS),
        _read_rows(d / "lines.csv", LineRow, LINE_COLUMNS),
        _read_rows(d / "sentences.csv", SentenceRow, SENTENCE_COLUMNS),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.devcorpus")
    parser.add_argument("command", choices=("check", "merge", "agreement"))
    parser.add_argument("part", nargs="?", help="a writer's part (parts/<part>/) to check")
    parser.add_argument("--root", default="data/annotations/dev")
    args = parser.parse_args(argv)
    root = Path(args.root)
    try:
        if args.command == "merge":
            sys.stdout.write(f"{merge_parts(root)}\n")
            return 0
        corpus = _part_corpus(root, args.part) if args.part else load(root)
        if args.command == "agreement":
            for name, k in agreement(corpus, root / "agreement").items():
                sys.stdout.write(f"{name}: kappa {k['kappa']} ({k['agree']}/{k['n']} agree)\n")
            return 0
    except DataFileError as err:
        sys.stderr.write(f"{err}\n")
        return 1
    found = problems(corpus)
    sys.stdout.write(("\n".join(found) if found else f"ok: {len(corpus.articles)} articles") + "\n")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
