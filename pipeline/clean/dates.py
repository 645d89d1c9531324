"""Indonesian publication dates: always day-first, never relative, never from the clock."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from pipeline.clean.prefilter import with_first_chars

MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "pebruari": 2,
    "maret": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "nopember": 11,
    "desember": 12,
    "des": 12,
    # English month names and abbreviations (interface text of some sites: "05 Oct 2023")
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "aug": 8,
    "october": 10,
    "oct": 10,
    "december": 12,
    "dec": 12,
}
DAYS = r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Ahad)"
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))

# Every date starts with a digit; with_first_chars lets ``re`` skip to digits quickly.
DATE_RE = re.compile(
    with_first_chars(
        r"(?<![\d/.-])(?P<d1>\d{1,2})(?P<sep>[/.-])(?P<m1>\d{1,2})(?P=sep)(?P<y1>\d{4})(?![\d/-]|\.\d)"
        rf"|(?<!\d)(?P<d2>\d{{1,2}})\s+(?P<m2>(?i:{_MONTH_ALT}))\.?,?\s+(?P<y2>\d{{4}})(?!\d)"
        r"|(?<![\d-])(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})(?![\d-])"
        r"|(?<![\d/])(?P<y5>\d{4})/(?P<m5>\d{1,2})/(?P<d5>\d{1,2})(?![\d/])"
    )
)
# English month-first interface text ("Oct 5, 2023", "October 05, 2023"): found from its digits
# ("5, 2023"), then the month word just before them is checked (fast: digits start the search).
_DAY_YEAR_RE = re.compile(
    with_first_chars(r"(?<![\d.,/])(?P<d>\d{1,2}),?\s+(?P<y>(?:19|20)\d{2})(?![\d/.-])")
)
_MONTH_BEFORE = re.compile(r"(?<![A-Za-z])(?P<m>[A-Za-z]{3,9})\.?\s+$")
# "/2024/06/13/", "/20240613", "/20220914103512-134-..." (a date-time stamp opening a slug)
URL_DATE_RE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/-]?(?P<m>[01]\d)[/-]?(?P<d>[0-3]\d)(?:[0-2]\d[0-5]\d[0-5]\d)?(?:[/-]|\b)"
)
# "/2024/08/" (year and month only): completes a year-less date
URL_MONTH_RE = re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>[01]\d)/")
# "Kamis (1/8)", "Selasa (14/11)": a day and month without a year
YEARLESS_RE = re.compile(r"\((?P<d>\d{1,2})/(?P<m>\d{1,2})\)")
# A line that is nothing but a date (a page-render or crawl stamp).
BARE_DATE_LINE_RE = re.compile(
    rf"^(?:{DAYS},?\s*)?\(?[\d/ A-Za-z.,-]{{6,30}}\)?(?:\s*[,|•·-]?\s*(?:Pukul\s*)?"
    r"\d{1,2}[.:]\d{2}(?:\s*(?:WIB|WITA|WIT))?)?$"
)
RELATIVE_RE = re.compile(
    r"^\d{1,3}\s+(?:detik|menit|jam|hari|minggu|pekan|bulan|tahun)\s+(?:yang\s+)?lalu$", re.I
)

MIN_YEAR, MAX_YEAR = 1990, 2100


def _mk(y: str, m: str | int, d: str) -> date | None:
    month = m if isinstance(m, int) else MONTHS.get(m.lower().rstrip("."), 0)
    try:
        value = date(int(y), int(month), int(d))
    except ValueError:
        return None
    return value if MIN_YEAR <= value.year <= MAX_YEAR else None


def _from_match(m: re.Match[str]) -> date | None:
    if m.group("y1"):
        return _mk(m.group("y1"), int(m.group("m1")), m.group("d1"))
    if m.group("y2"):
        return _mk(m.group("y2"), m.group("m2"), m.group("d2"))
    if m.group("y5"):
        return _mk(m.group("y5"), int(m.group("m5")), m.group("d5"))
    return _mk(m.group("y3"), int(m.group("m3")), m.group("d3"))


def _month_first(text: str, end: int | None = None) -> list[tuple[date, int, int]]:
    out = []
    for m in _DAY_YEAR_RE.finditer(text, 0, len(text) if end is None else end):
        before = _MONTH_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if before is None or before.group("m").lower() not in MONTHS:
            continue
        value = _mk(m.group("y"), before.group("m"), m.group("d"))
        if value is not None:
            out.append((value, before.start(), m.end()))
    return out


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """All absolute calendar dates in ``text`` as ``(date, start, end)``, in order: day-first
    ("31/10/2020", "20.01.2026", "31-10-2020", "5 Okt 2023"), ISO and year-first
    ("2023-10-05", "2023/10/05"), and English month-first ("Oct 5, 2023")."""
    out = []
    for m in DATE_RE.finditer(text):
        value = _from_match(m)
        if value is not None:
            out.append((value, m.start(), m.end()))
    taken = [(s, e) for _, s, e in out]
    extra = [d for d in _month_first(text) if not any(s <= d[1] < e for s, e in taken)]
    return sorted(out + extra, key=lambda d: d[1]) if extra else out


def _first_absolute(text: str) -> tuple[date, int] | None:
    """``(date, start)`` of the first day-first, ISO or year-first date of ``text``."""
    for m in DATE_RE.finditer(text):
        value = _from_match(m)
        if value is not None:
            return value, m.start()
    return None


def earliest_date(text: str) -> tuple[date, int] | None:
    """``(date, start)`` of the first of :func:`find_dates`, without finding the others: the
    first day-first, ISO or year-first date, unless a month-first date starts before it (one
    that starts before it lies in no other date's span)."""
    first = _first_absolute(text)
    for m in _DAY_YEAR_RE.finditer(text):
        if first is not None and m.start() - 12 >= first[1]:
            break  # its month word starts at m.start() - 12 or later: not before the first
        before = _MONTH_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if before is None or before.group("m").lower() not in MONTHS:
            continue
        value = _mk(m.group("y"), before.group("m"), m.group("d"))
        if value is not None:  # month words start in order: the first one decides
            return (value, before.start()) if first is None or before.start() < first[1] else first
    return first


def first_date(text: str) -> date | None:
    """The first absolute date in ``text`` (see :func:`find_dates`), or None."""
    first = _first_absolute(text)
    # a month-first date counts only before it (searched in that prefix alone)
    early = _month_first(text, None if first is None else first[1] + 1)
    if early and (first is None or early[0][1] < first[1]):
        return early[0][0]
    return first[0] if first else None


def is_bare_date_line(line: str) -> bool:
    """True for a line that only states a date/time (e.g. a page-render stamp)."""
    return bool(BARE_DATE_LINE_RE.match(line)) and first_date(line) is not None


def date_from_url(url: str | None) -> date | None:
    """A date encoded in a URL path (``/2024/06/13/`` or ``/20240613``), or None."""
    if not url:
        return None
    m = URL_DATE_RE.search(url)
    return _mk(m.group("y"), int(m.group("m")), m.group("d")) if m else None


def year_from_url(url: str | None) -> int | None:
    """The year a URL path names (``/2024/08/...`` or a full date), or None."""
    if not url:
        return None
    full = date_from_url(url)
    if full is not None:
        return full.year
    m = URL_MONTH_RE.search(url)
    return int(m.group("y")) if m and MIN_YEAR <= int(m.group("y")) <= MAX_YEAR else None


def yearless_date(line: str) -> tuple[int, int] | None:
    """``(day, month)`` of a year-less date such as "Kamis (1/8)", or None."""
    m = YEARLESS_RE.search(line)
    if not m:
        return None
    d, mo = int(m.group("d")), int(m.group("m"))
    return (d, mo) if 1 <= d <= 31 and 1 <= mo <= 12 else None


_WEEKDAY = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "jum'at": 4,
    "sabtu": 5,
    "minggu": 6,
    "ahad": 6,
}
# "Jumat (20/12)", "Selasa, (3/10)": a weekday, then a year-less day and month
_DAY_YEARLESS_RE = re.compile(rf"\b(?P<wd>{DAYS})\s*,?\s*\((?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})\)")
_YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d{2}(?![\d/-])")


def stated_weekday(text: str, day_month: tuple[int, int]) -> int | None:
    """The weekday (Monday 0) ``text`` names right before the year-less ``(day, month)``
    ("Kamis (1/8)" gives 3), or None when it names none there."""
    for m in _DAY_YEARLESS_RE.finditer(text):
        if (int(m.group("d")), int(m.group("m"))) == day_month:
            return _WEEKDAY[m.group("wd").lower()]
    return None


def _on(year: int, month: int, day: int) -> date | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if MIN_YEAR <= year <= MAX_YEAR else None


def _unique_fit(day_month: tuple[int, int], years: list[int], weekday: int) -> date | None:
    """The one date within ±1 of ``years`` on which ``day_month`` is that weekday; None when
    none or more than one is."""
    d, m = day_month
    near = {y + k for y in years for k in (-1, 0, 1)}
    fits = {v for y in near if (v := _on(y, m, d)) and v.weekday() == weekday}
    return fits.pop() if len(fits) == 1 else None


def fit_year(
    day_month: tuple[int, int], years: Iterable[int], weekday: int | None = None
) -> date | None:
    """A year-less date ``(day, month)`` — always day/month, the Indonesian order — completed
    with one of ``years`` (in order of preference: the URL's, then the article's own).

    Without a weekday: the first year in which that day exists. With one (Monday 0): the first
    preferred year on which the day is that weekday, else the one year within ±1 of them that
    fits (a "Minggu (31/12)" under a January URL). None when nothing fits or more than one
    year does (nothing is guessed)."""
    order = list(dict.fromkeys(years))
    d, m = day_month
    if weekday is None:
        return next((v for y in order if (v := _on(y, m, d)) is not None), None)
    on = [v for y in order if (v := _on(y, m, d)) and v.weekday() == weekday]
    return on[0] if on else _unique_fit(day_month, order, weekday)


def complete_yearless(
    day_month: tuple[int, int], text: str, prefer: Iterable[int] = (), weekday: int | None = None
) -> date | None:
    """A year-less byline date completed: with the first of ``prefer`` (the URL's year) and of
    the years of ``text``'s own dates (latest first) it fits (:func:`fit_year`, the ``weekday``
    it names choosing); with no such year, the one year near the years ``text`` names on which
    it is that weekday; a weekday no year fits leaves the first year (the date as stated)."""
    dated = sorted({d.year for d, _, _ in find_dates(text)}, reverse=True)
    order = [*prefer, *dated]
    if weekday is None:
        return fit_year(day_month, order)
    if not order:
        return _unique_fit(day_month, sorted({int(y) for y in _YEAR.findall(text)}), weekday)
    return fit_year(day_month, order, weekday) or fit_year(day_month, order)


def weekday_yearless(text: str, prefer: Iterable[int] = ()) -> tuple[date, int] | None:
    """The first "Jumat (20/12)" of ``text`` a year completes, with its position: the year of
    ``prefer`` it fits (:func:`fit_year`, e.g. the URL's), else the one year near the years the
    text names (each ±1) on which it is that weekday; None when no such date is found."""
    prefer = list(prefer)
    years: list[int] | None = None  # the years the text names, read when first needed
    for m in _DAY_YEARLESS_RE.finditer(text):
        day_month, wd = (int(m.group("d")), int(m.group("m"))), _WEEKDAY[m.group("wd").lower()]
        found = fit_year(day_month, prefer, wd) if prefer else None
        if found is None and years is None:
            years = sorted({int(y) for y in _YEAR.findall(text)})
        if found is None and years:
            found = _unique_fit(day_month, years, wd)
        if found is not None:
            return found, m.start()
    return None


def first_body_date(text: str, prefer: Iterable[int] = ()) -> date | None:
    """The body's first date in reading order: an absolute date (:func:`find_dates`) or a
    year-less "Selasa (3/10)" that one year completes (:func:`weekday_yearless`), whichever
    comes first; None when the body states neither."""
    first = earliest_date(text)
    yearless = weekday_yearless(text, prefer)
    if yearless is not None and (first is None or yearless[1] < first[1]):
        return yearless[0]
    return first[0] if first else None


_LD_JSON = re.compile(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", re.I | re.S)
_META_DATE = re.compile(
    r"<meta\b[^>]*(?:property|name|itemprop)\s*=\s*[\"'](?:article:published_time|"
    r"og:published_time|datePublished|pubdate|publishdate|publish-date|date)[\"'][^>]*>",
    re.I,
)
_CONTENT = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.I)
_TIME_TAG = re.compile(r"<time\b[^>]*datetime\s*=\s*[\"']([^\"']+)[\"']", re.I)
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


def _markup_published(page: str) -> str | None:
    """The first publication time a saved page's markup states with a valid date: JSON-LD
    ``datePublished``, else a ``<meta>`` published time, else the first ``<time datetime>``."""
    found = [m.group(1) for block in _LD_JSON.findall(page) for m in _LD_DATE.finditer(block)]
    found += [c.group(1) for tag in _META_DATE.findall(page) if (c := _CONTENT.search(tag))]
    found += _TIME_TAG.findall(page)[:1]
    for value in found:
        value = value.strip()
        if value[:4].isdigit() and first_date(value[:10]) is not None:
            return value
    return None


def html_published(page: str) -> str | None:
    """The publication date a saved page's markup states, as its ``yyyy-mm-dd`` in the page's
    own time zone; None when the markup states none (nothing is guessed)."""
    value = _markup_published(page)
    day = first_date(value[:10]) if value else None
    return day.isoformat() if day else None


# The UTC offset ending an ISO 8601 time: "…T11:40:00+07:00", "…T04:40Z", "…11:40:00.000+0700"
_ISO_OFFSET = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*"
    r"(?:(?P<z>Z)|(?P<sign>[+-])(?P<h>\d{2}):?(?P<m>\d{2})?)$"
)


def iso_zone(value: str | None) -> str | None:
    """The zone an ISO 8601 timestamp states, written as :func:`stated_zone` writes it: "UTC"
    for ``Z`` or ``+00:00``, "UTC+7" for ``+07:00``, "UTC+5:30"; None without a time and an
    offset (a bare date or a local time states no zone)."""
    m = _ISO_OFFSET.search((value or "").strip())
    if m is None:
        return None
    if m.group("z"):
        return "UTC"
    hours, minutes = int(m.group("h")), int(m.group("m") or 0)
    if hours > 14 or minutes >= 60:
        return None
    if hours == minutes == 0:
        return "UTC"
    return f"UTC{m.group('sign')}{hours}" + (f":{minutes:02d}" if minutes else "")


def html_zone(page: str) -> str | None:
    """The zone of the publication time a saved page's markup states (``article:published_time``
    "2023-09-09T11:40:00+07:00" gives "UTC+7"), from the value :func:`html_published` reads."""
    return iso_zone(_markup_published(page))


def parse_date_field(value: object) -> date | None:
    """A publication date given as metadata (ISO, day-first Indonesian, or a timestamp).

    Unparseable values give None; relative expressions ("3 hari lalu") are never resolved.
    """
    if value is None:
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text or text.lower() in {"nan", "none", "null", "nat"}:
        return None
    if RELATIVE_RE.match(text):
        return None
    found = first_date(text)
    if found is not None:
        return found
    import dateparser  # slow import; only for unusual metadata formats

    parsed = dateparser.parse(
        text,
        languages=["id", "en"],
        settings={
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day", "month", "year"],
            # No relative-time parser: "kemarin" must not become a date relative to the clock.
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
        },
    )
    if parsed is None or not (MIN_YEAR <= parsed.year <= MAX_YEAR):
        return None
    return parsed.date()


# A time of day and the zone stated right after it: "18:39 WIB", "10.15 WITA", "09:00 WIT",
# "14:05 UTC+7", "07:00 GMT+07:00", "(GMT +0700)"; a zone glued to the next word ("WIBMOSKOW").
_TIME_ZONE_RE = re.compile(
    r"(?<![\d.:])(?:[01]?\d|2[0-3])[.:][0-5]\d(?![\d.:])\s*\(?\s*"
    r"(?P<zone>WITA|WIB|WIT|UTC|GMT)(?![a-z])"
    r"(?:\s?(?P<sign>[+\-−])\s?(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)?"
)
ZONE_OFFSETS = {"WIB": 7 * 60, "WITA": 8 * 60, "WIT": 9 * 60}  # minutes ahead of UTC


def stated_zone(line: str) -> str | None:
    """The time zone ``line`` states after a time of day, as the page states it: "WIB", "WITA",
    "WIT", or "UTC"/"GMT" with its offset in hours ("UTC+7", "GMT-3", "UTC+5:30"); None when
    no time of day carries a zone (a zone without a time, "WIB" in prose, is not a stamp)."""
    m = _TIME_ZONE_RE.search(line)
    if m is None:
        return None
    zone = m.group("zone")
    if zone in ZONE_OFFSETS or m.group("sign") is None:
        return zone
    sign = "-" if m.group("sign") in "-−" else "+"
    hours, minutes = int(m.group("h")), int(m.group("m") or 0)
    if hours > 14 or minutes >= 60:
        return zone
    return f"{zone}{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def zone_offset(zone: str | None) -> int | None:
    """Minutes ahead of UTC of a zone :func:`stated_zone` gives; None for None."""
    if zone is None:
        return None
    if zone in ZONE_OFFSETS:
        return ZONE_OFFSETS[zone]
    m = re.fullmatch(r"(?:UTC|GMT)(?:(?P<sign>[+-])(?P<h>\d{1,2})(?::(?P<m>\d{2}))?)?", zone)
    if m is None or m.group("sign") is None:
        return 0
    value = int(m.group("h")) * 60 + int(m.group("m") or 0)
    return -value if m.group("sign") == "-" else value
