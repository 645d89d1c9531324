from datetime import date

import pytest

from pipeline.clean.dates import (
    date_from_url,
    find_dates,
    first_body_date,
    first_date,
    fit_year,
    html_published,
    html_zone,
    is_bare_date_line,
    iso_zone,
    parse_date_field,
    stated_weekday,
    weekday_yearless,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kompas.com - 31/10/2020, 18:39 WIB", date(2020, 10, 31)),
        ("Senin, 19 September 2022", date(2022, 9, 19)),
        ("kata Pashinyan Kamis (13/6/2024): jangan", date(2024, 6, 13)),
        ("Dilansir AFP Sabtu (31/10/2020), Pashinyan", date(2020, 10, 31)),
        ("pada 5 Okt. 2023 lalu", date(2023, 10, 5)),
        ("terbit 2021-03-04", date(2021, 3, 4)),
        ("tanggal 3/4/2021", date(2021, 4, 3)),  # day-first, always
    ],
)
def test_indonesian_formats_day_first(text: str, expected: date) -> None:
    assert first_date(text) == expected


def test_impossible_and_partial_dates_are_ignored() -> None:
    assert first_date("31/02/2020 dan sejak Mei 2018, 12-14 September") is None
    assert [d for d, _, _ in find_dates("1/1/1850 lalu 2/1/2020")] == [date(2020, 1, 2)]


def test_relative_dates_are_never_publication_dates() -> None:
    assert parse_date_field("3 hari lalu") is None
    assert parse_date_field("kemarin") is None


def test_metadata_field_formats() -> None:
    assert parse_date_field("2024-06-13") == date(2024, 6, 13)
    assert parse_date_field("13 Juni 2024") == date(2024, 6, 13)
    assert parse_date_field("June 13, 2024") == date(2024, 6, 13)
    assert parse_date_field("") is None
    assert parse_date_field("nan") is None


def test_url_dates() -> None:
    assert date_from_url("https://x.com/read/2020/10/31/18390081/rusia") == date(2020, 10, 31)
    assert date_from_url("https://x.com/berita/20240613-armenia") == date(2024, 6, 13)
    assert date_from_url("https://x.com/berita/armenia") is None


def test_bare_date_line_detects_render_stamps_only() -> None:
    assert is_bare_date_line("Sabtu, 22 November 2026")
    assert is_bare_date_line("22/11/2026, 10:15 WIB")
    assert not is_bare_date_line("Armenia dan Azerbaijan bertemu pada Senin, 19 September 2022.")


def test_url_dates_year_completion_and_english_months() -> None:
    from pipeline.clean.dates import fit_year, year_from_url, yearless_date

    assert date_from_url("https://www.cnnindonesia.com/x/20220914103512-134-847120/y") == date(
        2022, 9, 14
    )
    assert year_from_url("https://blog.example/2024/08/judul.html") == 2024
    assert yearless_date("Diposting oleh A - Kamis (1/8)") == (1, 8)
    assert fit_year((1, 8), [2024]) == date(2024, 8, 1)
    assert fit_year((31, 2), [2024]) is None and fit_year((1, 8), []) is None
    assert fit_year((29, 2), [2023, 2024]) == date(2024, 2, 29)  # the first year it exists in
    assert first_date("Kamis 05 Oct 2023 06:40 WIB") == date(2023, 10, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20.01.2026 | 12:30", date(2026, 1, 20)),  # dotted, with a time after a bar
        ("Diperbarui 2023/10/05 06:40", date(2023, 10, 5)),  # year first with slashes
        ("31-10-2020 18:39 WIB", date(2020, 10, 31)),  # day first with dashes
        ("Published Oct 5, 2023", date(2023, 10, 5)),  # English month first
        ("Kamis, 05 Okt. 2023", date(2023, 10, 5)),
        # no date: a time, a version, a price, a month and year only, a range without a year
        ("pukul 20.01 WIB", None),
        ("versi 1.2.3 dirilis", None),
        ("senilai Rp 1.960.000", None),
        ("Oct 2023 dan Oktober 2024", None),
        ("12-14 September", None),
    ],
)
def test_more_date_formats_both_ways(text: str, expected: date | None) -> None:
    assert first_date(text) == expected


def test_bare_date_lines_with_separators() -> None:
    assert is_bare_date_line("20.01.2026 | 12:30")
    assert is_bare_date_line("Selasa, 18 Juni 2024 • 20:40 WIB")
    assert not is_bare_date_line("Pashinyan ke Moskow pada 20.01.2026 untuk bertemu Putin")


def test_html_markup_dates_in_the_page_s_own_zone() -> None:
    ld = '<script type="application/ld+json">{"datePublished": "2025-08-10T01:05:00+07:00"}'
    assert html_published(ld + "</script>") == "2025-08-10"  # not the UTC day (08-09)
    meta = '<meta property="article:published_time" content="2024-06-18T20:40:00+07:00">'
    assert html_published(meta) == "2024-06-18"
    assert html_published('<time datetime="2023-11-24T10:00">24 Nov</time>') == "2023-11-24"
    assert html_published("<p>Loading...</p><footer>© 2025</footer>") is None  # none stated
    assert html_published('<meta name="date" content="kemarin">') is None


def test_weekday_completes_a_year_less_date_only_when_one_year_fits() -> None:
    body = "Angka itu disampaikan di Moskow, Jumat (20/12). Perdagangan Oktober 2024 naik."
    assert weekday_yearless(body) == (date(2024, 12, 20), body.index("Jumat"))
    assert weekday_yearless(body.replace("Jumat", "Senin")) is None  # no nearby year fits
    assert weekday_yearless("Disampaikan di Moskow, Jumat (20/12) lalu.") is None  # no year
    assert weekday_yearless("Sejak 2020 hingga 2024, tanpa tanggal.") is None


@pytest.mark.parametrize(
    ("value", "zone"),
    [
        ("2023-09-09T11:40:00+07:00", "UTC+7"),
        ("2023-09-09T11:40:00.000+0800", "UTC+8"),
        ("2023-09-09 11:40:00+05:30", "UTC+5:30"),
        ("2023-09-09T04:40:00Z", "UTC"),
        ("2023-09-09T04:40:00+00:00", "UTC"),
        ("2023-09-09T04:40:00-03:00", "UTC-3"),
        ("2023-09-09T11:40:00", None),  # a local time states no zone
        ("2023-09-09", None),
        ("2023-09-09T11:40:00+19:00", None),  # no such offset
        ("09/09/2023 11:40", None),
        (None, None),
    ],
)
def test_iso_timestamps_state_their_zone(value: str | None, zone: str | None) -> None:
    assert iso_zone(value) == zone


def test_the_markup_zone_is_that_of_the_date_it_gives() -> None:
    ld = '<script type="application/ld+json">{"datePublished": "2025-08-10T01:05:00+07:00"}'
    meta = '<meta property="article:published_time" content="2024-06-18T20:40:00+08:00">'
    assert html_zone(ld + "</script>" + meta) == "UTC+7"  # JSON-LD first, as html_published
    assert html_zone(meta) == "UTC+8"
    assert html_zone('<time datetime="2023-11-24T10:00">24 Nov</time>') is None
    assert html_zone('<meta name="date" content="kemarin">') is None


def test_the_weekday_picks_the_year_and_the_order() -> None:
    """A year-less "Selasa (3/10)" is day/month; the weekday picks the year among the preferred
    ones and the years next to them."""
    assert stated_weekday("Jakarta, Selasa (3/10) - Majelis", (3, 10)) == 1
    assert stated_weekday("Jakarta, Selasa (3/10) - Majelis", (4, 10)) is None
    assert stated_weekday("Kamis (1/8)", (1, 8)) == 3
    tuesday = 1
    assert fit_year((3, 10), [2024, 2023], tuesday) == date(2023, 10, 3)  # 3/10/2024 a Thursday
    assert fit_year((3, 10), [2023], tuesday) == date(2023, 10, 3)
    # "Minggu (31/12)" under a January 2024 URL: the year before, on its Sunday
    assert fit_year((31, 12), [2024], 6) == date(2023, 12, 31)
    # always day/month: no Tuesday 10 March in 2022-2024, and 3 October is never read
    assert fit_year((10, 3), [2023], tuesday) is None
    assert fit_year((13, 10), [2023], 4) == date(2023, 10, 13)
    assert fit_year((3, 10), [2021], 4) is None  # no Friday 3/10 in 2020-2022
    assert fit_year((3, 10), [2016, 2018], tuesday) == date(2017, 10, 3)  # the one year near
    assert fit_year((3, 10), [2023, 2017], tuesday) == date(2023, 10, 3)  # preferred first


def test_the_body_s_first_date_counts_a_year_less_date_where_it_stands() -> None:
    lead = "Majelis Nasional Armenia meratifikasi Statuta Roma pada Selasa (3/10). "
    later = "Surat perintah terbit pada Maret 2023. Piala Dunia digelar hingga 2 Desember 2023."
    assert first_body_date(lead + later) == date(2023, 10, 3)  # before the absolute date
    assert first_body_date(later + " " + lead) == date(2023, 12, 2)  # after it
    assert first_body_date(lead) is None  # no year to complete it
    assert first_body_date(lead, prefer=[2023]) == date(2023, 10, 3)  # the URL's year
    ambiguous = "Pada Selasa (3/10) parlemen bersidang. Sejak 2017 hingga 2023 prosesnya."
    assert first_body_date(ambiguous) is None  # Tuesday 3/10 in 2017 and 2023: no guess


@pytest.mark.parametrize(
    ("lines", "expected", "source"),
    [
        # the weekday picks the year near the article's own: 3/10 was a Tuesday in 2023
        (["Diposting oleh Bayu - Selasa (3/10)"], date(2023, 10, 3), "byline"),
        (["Diposting oleh Bayu - Kamis (3/10)"], date(2024, 10, 3), "byline"),
        # without a weekday the latest year of the article's own dates
        (["Diposting oleh Bayu - (3/10)"], date(2024, 10, 3), "byline"),
        # a Sunday 31/12 under a January URL is the year before
        (
            ["Diposting oleh Bayu - Minggu (31/12)", "Salin tautan: https://b.example/2024/01/x"],
            date(2023, 12, 31),
            "byline",
        ),
        # a weekday no year fits: the byline's date as stated, in the URL's year
        (
            ["Diposting oleh Bayu - Senin (1/8)", "Salin tautan: https://b.example/2024/08/x"],
            date(2024, 8, 1),
            "byline",
        ),
    ],
)
def test_year_less_byline_dates(lines: list[str], expected: date, source: str) -> None:
    from pipeline.clean.article import clean_article
    from pipeline.clean.rules import load_rules
    from pipeline.clean.stage import resolve_date
    from tests.conftest import ROOT

    rules = load_rules(ROOT / "data/lexicons/boilerplate.yaml")
    body = (
        "Parlemen Armenia pada 1 Agustus 2024 membahas lagi perjanjian yang diteken pada 2023 "
        "dengan Uni Eropa, sementara Moskow mengkritik keputusan itu dengan keras."
    )
    cleaned = clean_article("\n".join(["Judul Berita", lines[0], body, *lines[1:]]), rules)
    assert resolve_date(None, cleaned, cleaned.printed_url) == (expected, source)


def test_a_year_less_byline_date_without_dated_years() -> None:
    from pipeline.clean.dates import complete_yearless

    text = "Parlemen Armenia membahas lagi perjanjian 2023 dengan Uni Eropa."
    assert complete_yearless((3, 10), text, weekday=1) == date(2023, 10, 3)
    assert complete_yearless((3, 10), text) is None  # no weekday, no dated year
    assert complete_yearless((3, 10), text, [2024]) == date(2024, 10, 3)


def test_a_year_less_lead_date_before_a_teaser_s_date() -> None:
    """The body's year-less "Selasa (3/10)" comes before a kept teaser's "2 Desember 2023"."""
    from pipeline.clean.article import clean_article
    from pipeline.clean.rules import load_rules
    from pipeline.clean.stage import resolve_date
    from tests.conftest import ROOT

    rules = load_rules(ROOT / "data/lexicons/boilerplate.yaml")
    page = (
        "Parlemen Armenia Sahkan Statuta Roma\n"
        "Majelis Nasional Armenia meratifikasi Statuta Roma dalam pemungutan suara pada Selasa "
        "(3/10), setelah Mahkamah Konstitusi memutuskan pada Maret 2023 bahwa dokumen itu sah.\n"
        "Kapan Piala Dunia U-17 2023 digelar? Turnamen berlangsung hingga 2 Desember 2023."
    )
    assert resolve_date(None, clean_article(page, rules), None) == (date(2023, 10, 3), "body")


def test_earliest_date_is_the_first_of_find_dates() -> None:
    import random

    from pipeline.clean.dates import earliest_date, find_dates

    parts = ["5 Okt 2023", "Oct 5, 2023", "October 05, 2023", "31/10/2020", "2023-10-05"]
    parts += ["2023/10/05", "20.01.2026", "Mar 3, 2021", "Jan. 12, 2024", "12, 2024", "x", "  "]
    parts += ["Kamis (1/8)", "7, 1999", "31-02-2020", "1/2/2023/", "Des 31, 2023", "Mei 2,2020"]
    rng = random.Random(5)
    for _ in range(5000):
        text = " ".join(rng.choice(parts) for _ in range(rng.randint(0, 6)))
        found = find_dates(text)
        assert earliest_date(text) == (found[0][:2] if found else None), text
