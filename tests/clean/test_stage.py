from datetime import date
from pathlib import Path

import pytest
from pandas import isna

from pipeline.clean.article import clean_article
from pipeline.clean.ingest import read_corpus, read_metadata, scan_corpus
from pipeline.clean.rules import RuleSet
from pipeline.clean.stage import clean_corpus, repeated_lines, resolve_date, summarise_reasons
from pipeline.config import CleanParams
from pipeline.io import write_table
from tests.clean.conftest import SECRET, Hostile
from tests.conftest import RAW, seed_text

ENGLISH = (
    "NATO Secretary General said on Monday that the alliance was deeply concerned about the "
    "ongoing violations of the ceasefire between Armenia and Azerbaijan, which have led to a "
    "tragic loss of life, and urged both sides to show restraint and return to negotiations. "
) * 3


def _corpus(tmp_path: Path) -> Path:
    for p in sorted(RAW.glob("*.txt")):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    (tmp_path / "copy_of_003.txt").write_text(seed_text("003").replace("Rabu", "Selasa"))
    (tmp_path / "english.txt").write_text("World news\n\n" + ENGLISH)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "only_boilerplate.txt").write_text("Baca juga: Sesuatu\nKomentar\nClose Ads\n")
    (tmp_path / "short.txt").write_text("Judul Pendek\n\nRusia dan Armenia bertemu hari ini.\n")
    (tmp_path / "headline.txt").write_text("Armenia Minta Bantuan Militer dari Rusia\n")
    (tmp_path / "headline_byline.txt").write_text(
        "Armenia Minta Bantuan Militer dari Rusia\nSelasa, 10 November 2020 10:15 WIB\n"
    )
    (tmp_path / "metadata.csv").write_text(
        "file,url,outlet,published,title\n002_af23695b725005c2.txt,https://wartaekonomi.co.id/"
        "read/x,,2020-11-02,\n"
    )
    return tmp_path


def test_every_raw_article_is_accounted_for(tmp_path: Path, rules: RuleSet) -> None:
    raw = _corpus(tmp_path)
    recs = read_corpus(raw, 10**7)
    articles, log = clean_corpus(recs, read_metadata(raw), rules, CleanParams(), progress=False)
    assert len(articles) == len(recs) == 12
    by = articles.set_index("source")
    assert (by.loc[[p.name for p in RAW.glob("*.txt")], "status"] == "kept").all()
    assert by.loc["english.txt", "reason"] == "language: en"
    assert by.loc["empty.txt", "reason"] == "empty file"
    assert by.loc["only_boilerplate.txt", "reason"] == (
        "empty after cleaning: every line was boilerplate (3 boilerplate lines)"
    )
    assert by.loc["headline.txt", "reason"] == "empty after cleaning: only a headline, no body"
    assert by.loc["headline_byline.txt", "reason"] == (
        "empty after cleaning: only a headline and 1 metadata line, no body"
    )
    assert by.loc["short.txt", "reason"].startswith("too short: 6 words")
    assert by.loc["copy_of_003.txt", "status"] == "duplicate"
    assert by.loc["copy_of_003.txt", "duplicate_of"] == by.loc["003_27d0a3832e547fcc.txt", "doc_id"]
    assert by.loc["copy_of_003.txt", "reason"].endswith(") of 003_27d0a3832e547fcc.txt")
    # metadata.csv overrides extraction: date and URL for the undated seed
    assert str(by.loc["002_af23695b725005c2.txt", "published"]) == "2020-11-02"
    assert by.loc["002_af23695b725005c2.txt", "date_source"] == "metadata"
    assert by.loc["002_af23695b725005c2.txt", "url"].startswith("https://wartaekonomi")
    assert set(log["doc_id"]) <= set(articles["doc_id"])
    summary = summarise_reasons(articles)
    assert "duplicate (near duplicate): 1" in summary and "excluded (language): 1" in summary
    write_table(articles, tmp_path / "a.parquet", "articles")  # honours the contract
    write_table(log, tmp_path / "l.parquet", "cleaning_log")


def test_seed_dates_and_sources(rules: RuleSet) -> None:
    recs = read_corpus(RAW, 10**7)
    articles, _ = clean_corpus(recs, {}, rules, CleanParams(), progress=False)
    got = {
        s[:3]: (str(p) if p else None, d)
        for s, p, d in zip(
            articles["source"], articles["published"], articles["date_source"], strict=True
        )
    }
    assert got == {
        "000": ("2020-10-31", "byline"),
        "001": ("2020-11-21", "byline"),
        "002": (None, "none"),
        "003": ("2024-06-13", "body"),
        "004": ("2022-09-19", "body"),
    }


def test_repeated_template_lines_are_found_per_outlet() -> None:
    template = "Ikuti terus berita terbaru dari portal kami setiap hari"
    texts = [f"Kompas.com\nIsi berita nomor {i} yang berbeda.\n{template}" for i in range(4)]
    texts += ["Tempo.co\nKutipan yang sama dari juru bicara.", "Tempo.co\nLain."] * 2
    groups = ["Kompas.com"] * 4 + ["Tempo"] * 4
    rep = repeated_lines(texts, groups, min_docs=3, min_share=0.5)
    assert "ikuti terus berita terbaru dari portal kami setiap hari" in rep
    assert not any("kutipan" in r for r in rep)  # identical texts count once


def test_removed_by_rule_counts_and_examples() -> None:
    import pandas as pd

    from pipeline.clean.stage import removed_by_rule

    log = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b", "c"],
            "line_no": [1, 2, 1, 2, 1],
            "text": ["Baca juga: X", "Editor: Y", "Baca juga: Z", "Baca juga: X", "Editor: Y"],
            "rule": ["read_also", "editor", "read_also", "read_also", "editor"],
        }
    )
    got = removed_by_rule(log, examples=2)
    assert got["rule"].tolist() == ["read_also", "editor"]
    assert got["lines"].tolist() == [3, 2]
    assert got["articles"].tolist() == [2, 2]
    assert got.loc[0, "examples"] == "Baca juga: X ‖ Baca juga: Z"
    assert removed_by_rule(log.iloc[:0]).empty


def _html_page(paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="id"><head>
<title>Rusia Berjanji Bantu Armenia - Kompas.com</title>
<meta property="og:site_name" content="Kompas.com">
<meta property="og:title" content="Rusia Berjanji Bantu Armenia">
<meta property="article:published_time" content="2020-10-31T18:39:00+07:00">
<meta name="author" content="Ardi Priyatno Utomo">
<link rel="canonical" href="https://internasional.kompas.com/read/2020/10/31/rusia-bantu">
</head><body>
<nav><ul><li><a href="/">Beranda</a></li><li><a href="/nasional">Nasional</a></li></ul></nav>
<article><h1>Rusia Berjanji Bantu Armenia</h1>{body}</article>
<footer><p>Copyright 2020 Kompas Cyber Media. All rights reserved.</p></footer>
</body></html>"""


def test_html_pages_give_text_and_metadata(tmp_path: Path, rules: RuleSet) -> None:
    paragraphs = [
        ln.strip()
        for ln in seed_text("000").split("\n")
        if len(ln.split()) > 12 and not ln.startswith("Simak")
    ][:6]
    (tmp_path / "page.html").write_text(_html_page(paragraphs), encoding="utf-8")
    (tmp_path / "no_article.html").write_text(
        "<html><head><title>404</title></head><body><nav><a href='/'>Beranda</a></nav>"
        "</body></html>",
        encoding="utf-8",
    )
    (tmp_path / "broken.html").write_text("<html><body><div><p", encoding="utf-8")
    broken = {
        "comment.html": (
            "<!-- tersimpan sebagian -->",
            "broken HTML: no element could be parsed (Document is empty)",
        ),
        "head.html": (
            "<html><head><title>Armenia</title></head></html>",
            "HTML with no <body>: no text to extract",
        ),
        "blank.html": (
            "<html><body><script>var x = 1;</script>  </body></html>",
            "HTML with an empty <body>: no text after parsing",
        ),
        "nav.html": (
            "<html><body><nav><ul><li><a href='/'>Beranda</a></li><li>Nasional</li></ul></nav>"
            "</body></html>",
            "no article in HTML: 2 words of page text, none of it an article",
        ),
    }
    for name, (html, _) in broken.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
    recs = read_corpus(tmp_path, 10**7)
    articles, _ = clean_corpus(recs, {}, rules, CleanParams(), progress=False)
    assert len(articles) == 3 + len(broken)
    by = articles.set_index("source")
    page = by.loc["page.html"]
    assert page["status"] == "kept", page["reason"]
    assert page["outlet"] == "Kompas.com"
    assert str(page["published"]) == "2020-10-31" and page["date_source"] == "metadata"
    assert page["published_tz"] == "UTC+7"  # article:published_time ...T18:39:00+07:00
    assert page["url"].startswith("https://internasional.kompas.com/read/2020/10/31/")
    assert page["title"].startswith("Rusia Berjanji Bantu Armenia")
    assert paragraphs[1][:60] in page["body"]
    assert "Beranda" not in page["body"] and "Copyright" not in page["body"]
    assert by.loc["broken.html", "reason"] == (
        "broken HTML: the file ends inside a tag at character 17 (truncated?)"
    )
    for name, (_, reason) in broken.items():
        assert by.loc[name, "reason"] == reason, name
    # the one line extracted ("Beranda") was taken for the headline: no body is left
    assert by.loc["no_article.html", "reason"] == "no article in HTML: only a headline, no body"
    assert (by.loc[["broken.html", "no_article.html", *broken], "status"] == "excluded").all()


def test_table_rows_are_articles_with_their_fields(tmp_path: Path, rules: RuleSet) -> None:
    import csv
    import json

    text = seed_text("004")
    rows = [
        {"text": text, "url": "https://tempo.co/x", "outlet": "Tempo", "published": "19/09/2022"},
        {"html": _html_page([ln for ln in seed_text("001").split("\n") if len(ln) > 80][:5])},
        {"title": "no body"},
    ]
    with (tmp_path / "rows.jsonl").open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        fh.write("{not json\n")
    with (tmp_path / "rows.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["text", "published", "title"])
        w.writeheader()
        w.writerow({"text": seed_text("003"), "published": "Kamis, 13 Juni 2024", "title": "T"})
    recs = read_corpus(tmp_path, 10**7)
    articles, _ = clean_corpus(recs, {}, rules, CleanParams(), progress=False)
    by = articles.set_index("source")
    assert list(by.index) == ["rows.csv#row2", "rows.jsonl#L1", "rows.jsonl#L2", "rows.jsonl#L3",
                              "rows.jsonl#L4"]  # fmt: skip
    first = by.loc["rows.jsonl#L1"]
    assert (first["status"], first["outlet"], first["url"]) == ("kept", "Tempo", rows[0]["url"])
    assert (str(first["published"]), first["date_source"]) == ("2022-09-19", "metadata")
    assert by.loc["rows.jsonl#L2", "status"] == "kept"
    assert by.loc["rows.jsonl#L2", "outlet"] == "Kompas.com"
    assert by.loc["rows.jsonl#L3", "reason"] == "empty: row has no 'text' or 'html' value"
    assert by.loc["rows.jsonl#L4", "reason"].startswith("broken JSON line")
    csv_row = by.loc["rows.csv#row2"]
    assert (csv_row["title"], str(csv_row["published"])) == ("T", "2024-06-13")


@pytest.mark.parametrize(
    ("lines", "expected", "source"),
    [
        # a print/render stamp never wins; the byline does
        (
            [
                "Dicetak pada Kamis, 03 Desember 2026 - 09:12 WIB",
                "Rabu, 04 Oktober 2023 - 07:42 WIB",
            ],
            date(2023, 10, 4),
            "byline",
        ),
        # a year-less byline date takes the printed URL's year
        (
            ["Diposting oleh Bayu - Kamis (1/8)", "Salin tautan: https://b.example/2024/08/x.html"],
            date(2024, 8, 1),
            "byline",
        ),
        # a byline cue without a time zone
        (["Diposting oleh Bayu - Rabu, 04 September 2024"], date(2024, 9, 4), "byline"),
        # the date only in the URL printed on the page beats the body's event date
        (["URL: https://id.example/2024/07/31/judul"], date(2024, 7, 31), "url"),
        # a line that only states a date, after the body
        (["7 September 2024 09:40"], date(2024, 9, 7), "byline"),
    ],
)
def test_publication_dates_from_the_page(
    rules: RuleSet, lines: list[str], expected: date | None, source: str
) -> None:
    body = (
        "Pemerintah Armenia pada 1 Agustus 2024 menyatakan kerja sama dengan Uni Eropa akan "
        "diperluas ke bidang keamanan dan energi, sementara Moskow mengkritik keputusan itu."
    )
    text = "\n".join(["Judul Berita", *lines[:1], body, *lines[1:]])
    cleaned = clean_article(text, rules)
    url = cleaned.printed_url
    assert resolve_date(None, cleaned, url) == (expected, source)


def test_no_date_on_the_page_is_no_date(rules: RuleSet) -> None:
    text = "Judul Berita\nPemerintah Armenia menyatakan kerja sama dengan Uni Eropa diperluas."
    assert resolve_date(None, clean_article(text, rules), None) == (None, "none")


def test_a_page_longer_than_max_words_is_excluded_before_any_work(
    tmp_path: Path, rules: RuleSet
) -> None:
    (tmp_path / "long.txt").write_text(seed_text("000") + "\n" + "kata " * 300)
    (tmp_path / "ok.txt").write_text(seed_text("001"))
    recs = read_corpus(tmp_path, 10**7)
    params = CleanParams(max_words=len(seed_text("001").split()) + 1)
    articles, log = clean_corpus(recs, {}, rules, params, progress=False)
    by = articles.set_index("source")
    words = len(seed_text("000").split()) + 300
    assert by.loc["long.txt", "reason"] == (
        f"too long: {words} words before cleaning > max_words {params.max_words}"
    )
    assert by.loc["long.txt", "status"] == "excluded" and by.loc["ok.txt", "status"] == "kept"
    assert by.loc["long.txt", "doc_id"] not in set(log["doc_id"])  # not even cleaned


def test_every_input_of_the_hostile_corpus_is_a_row_or_a_warning(
    hostile: Hostile, rules: RuleSet
) -> None:
    corpus = scan_corpus(hostile.raw, 10**7)
    articles, log = clean_corpus(
        corpus.records, read_metadata(hostile.raw), rules, CleanParams(), progress=False
    )
    by = articles.set_index("source")
    assert sorted(by.index) == sorted(hostile.rows)  # one row each
    for source, reason in hostile.rows.items():
        assert reason in str(by.loc[source, "reason"]), (source, by.loc[source, "reason"])
    assert len(corpus.warnings) == len(hostile.warnings)  # one warning each
    for start, what in hostile.warnings.items():
        assert [w for w in corpus.warnings if w.startswith(start) and what in w], start
    for table in (articles, log):
        assert SECRET not in table.astype(str).to_csv()
    read = by[by["status"] != "excluded"].index  # kept, or a duplicate of a kept article
    assert sorted(read) == sorted(hostile.read)
    encodings = ["utf16.txt", "nul.txt", "mojibake.txt", "windows-1252.txt", "mojibake-cp1252.txt"]
    same = by.loc[["good.txt", *encodings]]  # one text, 6 encodings
    assert same["body"].nunique() == 1 and sorted(same["status"]) == ["duplicate"] * 5 + ["kept"]
    undated = by.loc["undated.txt"]
    assert undated["status"] == "kept" and undated["published"] is None  # nothing is guessed
    assert undated["date_source"] == "none"
    assert by.loc["berita-Türkiye-ş.txt", "status"] == "kept"
    good = by.loc["good.txt"]
    assert good["date_source"] != "metadata"  # the bad metadata date is not used
    assert str(by.loc["sub/page.txt", "published"]) == "2021-02-03"
    write_table(articles, hostile.raw.parent / "a.parquet", "articles")


def test_the_time_of_publication_is_the_first_timed_byline_in_wib() -> None:
    from pipeline.clean.article import Removal
    from pipeline.clean.dedup import UNKNOWN_TIME
    from pipeline.clean.stage import byline_minute

    lines = [
        Removal(1, "Diakses 03/12/2026, 09:14 WIB", "render_date"),  # a stamp, not a byline
        Removal(2, "Oleh Fitriani", "author"),
        Removal(3, "10 Nov 2020, 15:42 WIB", "byline"),
        Removal(4, "Diperbarui 10 Nov 2020, 15:50 WIB", "byline"),
    ]
    assert byline_minute(lines) == 15 * 60 + 42
    assert (
        byline_minute([Removal(1, "Rabu, 15 Januari 2025 | 11.40 WITA", "byline")]) == 10 * 60 + 40
    )
    assert byline_minute([Removal(1, "Kamis, 1 Agustus 2024", "byline")]) == UNKNOWN_TIME


def test_a_same_day_republication_loses_to_the_earlier_byline_time(rules: RuleSet) -> None:
    from pipeline.clean.ingest import RawRecord

    body = "\n\n".join(ln for ln in seed_text("000").split("\n") if len(ln.split()) > 12)
    original = f"Judul Asli\n\nSelasa, 10 November 2020 10:15 WIB\n\n{body}\n"
    copy = f"Judul Baru\n\nSelasa, 10 November 2020 15:42 WIB\n\n{body}\n\nTambahan satu kata.\n"
    recs = [RawRecord(n, t.encode(), text=t) for n, t in (("a.txt", copy), ("b.txt", original))]
    articles, _ = clean_corpus(recs, {}, rules, CleanParams(), progress=False)
    by = articles.set_index("source")
    assert by.loc["b.txt", "status"] == "kept", by.loc["b.txt", "reason"]
    assert by.loc["a.txt", "duplicate_of"] == by.loc["b.txt", "doc_id"]
    assert by.loc["a.txt", "reason"].endswith(" of b.txt")


@pytest.mark.parametrize(
    ("line", "zone"),
    [
        ("Kompas.com - 31/10/2020, 18:39 WIB", "WIB"),
        ("Rabu, 15 Januari 2025 | 11.40 WITA", "WITA"),
        ("Kamis, 16 Januari 2025 09:05 WIT", "WIT"),
        ("Selasa, 10 November 2020 10:15 WIBMOSKOW, KOMPAS.TV -", "WIB"),  # glued to the dateline
        ("10 Nov 2020, 03:15 UTC+7", "UTC+7"),
        ("10 Nov 2020 03:15 (GMT +07:00)", "GMT+7"),
        ("10 Nov 2020 12:00 UTC+5:30", "UTC+5:30"),
        ("10 Nov 2020 12:00 GMT-3", "GMT-3"),
        ("10 Nov 2020, 20:15 UTC", "UTC"),
        ("Kamis, 1 Agustus 2024", None),  # no time of day
        ("Kamis, 1 Agustus 2024 10:15", None),  # a time without a zone
        ("Zona WIB berlaku di Jawa", None),  # a zone without a time
    ],
)
def test_the_stated_time_zone(line: str, zone: str | None) -> None:
    from pipeline.clean.dates import stated_zone

    assert stated_zone(line) == zone


def test_the_zone_of_publication_is_the_bylines_not_the_bodys(rules: RuleSet) -> None:
    from pipeline.clean.stage import published_zone

    body = (
        "Pemerintah Armenia menyatakan pada pukul 14:00 waktu setempat, atau 17:00 WIB, bahwa "
        "kerja sama dengan Uni Eropa akan diperluas ke bidang keamanan dan energi."
    )
    wita = clean_article(f"Judul Berita\nRabu, 15 Januari 2025 | 11.40 WITA\n{body}", rules)
    assert published_zone(wita.removed) == "WITA"  # the byline's, not the body's WIB
    utc = clean_article(f"Judul Berita\n15 Januari 2025, 04:40 UTC+7\n{body}", rules)
    assert (str(utc.byline_date), published_zone(utc.removed)) == ("2025-01-15", "UTC+7")
    none = clean_article(f"Judul Berita\nRabu, 15 Januari 2025\n{body}", rules)
    assert published_zone(none.removed) is None  # the body's "17:00 WIB" is an event's time
    assert published_zone(clean_article(f"Judul Berita\n{body}", rules).removed) is None


def test_the_zone_reaches_the_articles_table(rules: RuleSet) -> None:
    from pipeline.clean.ingest import RawRecord

    body = "\n\n".join(ln for ln in seed_text("000").split("\n") if len(ln.split()) > 12)
    texts = {
        "a.txt": f"Judul Asli\n\nSelasa, 10 November 2020 10:15 WITA\n\n{body}\n",
        "b.txt": f"Judul Lain\n\n{body.replace('Armenia', 'Yerevan')}\n",
    }
    recs = [RawRecord(n, t.encode(), text=t) for n, t in texts.items()]
    articles, _ = clean_corpus(recs, {}, rules, CleanParams(), progress=False)
    by = articles.set_index("source")
    assert by.loc["a.txt", "published_tz"] == "WITA"
    assert isna(by.loc["b.txt", "published_tz"])


def test_the_zone_follows_the_source_of_the_date() -> None:
    from pipeline.clean.article import Removal
    from pipeline.clean.stage import page_zone

    byline = [Removal(2, "Rabu, 15 Januari 2025 | 11.40 WITA", "byline")]
    markup = {"published": "2025-01-15", "published_tz": "UTC+7"}
    assert page_zone(markup, "metadata", byline) == "UTC+7"  # the markup's date, its zone
    assert page_zone(markup, "byline", byline) == "WITA"  # the byline's date, its zone
    assert page_zone(markup, "url", []) == "UTC+7"  # no zone in a byline: the markup's
    assert page_zone({"published": "2025-01-15T04:40:00Z"}, "metadata", []) == "UTC"
    assert page_zone({"published": "15/01/2025"}, "metadata", byline) == "WITA"
    assert page_zone({}, "none", []) is None


def test_a_utc_byline_time_counts_in_wib() -> None:
    from pipeline.clean.article import Removal
    from pipeline.clean.stage import byline_minute

    assert byline_minute([Removal(1, "10 Nov 2020, 03:15 UTC", "byline")]) == 10 * 60 + 15
    assert byline_minute([Removal(1, "10 Nov 2020, 10:15 GMT+7", "byline")]) == 10 * 60 + 15


def test_language_is_read_from_the_body_start() -> None:
    """Language id reads the first LANGUAGE_SAMPLE characters: what follows does not count, and
    the sample is long enough to tell the wrong-language test text from Indonesian."""
    from pipeline.clean.stage import LANGUAGE_SAMPLE, detect_language

    indonesian = " ".join(seed_text("000").split())[:LANGUAGE_SAMPLE]
    assert len(indonesian) == LANGUAGE_SAMPLE
    assert detect_language(indonesian + " " + ENGLISH * 20, "id") == "id"
    assert detect_language(ENGLISH + " " + indonesian, "id") == "en"
