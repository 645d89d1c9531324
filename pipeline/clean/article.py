"""Line-level cleaning of one scraped article: body lines kept, every removal logged with its rule.

Headline, byline, author and dateline lines leave the body but feed the metadata.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate, chain

import regex

from pipeline.clean.dates import RELATIVE_RE, first_date, is_bare_date_line, yearless_date
from pipeline.clean.outlets import (
    GLUED_BYLINE,
    SITE_TOKEN,
    OutletCue,
    choose_outlet,
    credited_copy,
    credits_source,
    dateline_outlet,
    is_place,
    line_cues,
    own_url_line,
    url_cue,
)
from pipeline.clean.rules import RuleSet
from pipeline.urls import slug_words, url_words

_WS = r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]"
_WS_NOT_SPACE = r"[\t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]"
# Runs of blanks and invisible characters, except a lone plain space (nothing to replace there).
_SPACES = re.compile(rf" {_WS}+|{_WS_NOT_SPACE}{_WS}*")
_ODD_SPACE = re.compile(_WS_NOT_SPACE)
_CREDIT_LABEL = re.compile(r"^(?:Penulis|Reporter|Pewarta|Kontributor)\s*$")
_CREDIT_NAMED = re.compile(
    r"^(?:Penulis|Reporter|Pewarta|Kontributor)\s*[:：]\s*(?P<name>[A-Z][\w.'’ -]{2,60})$"
)
_PERSON_NAME = re.compile(r"^(?:[A-Z][a-z'’.-]+|[A-Z]\.)(?: (?:[A-Z][a-z'’.-]+|[A-Z]\.)){1,4}$")
_SOURCE_LINE = re.compile(r"^Sumber\s*[:：]?\s*(?P<rest>.{1,80})$")
_TIMEZONE = re.compile(r"(?=[WUG])\b(?:WIB|WITA|WIT|UTC|GMT)\b")
# "MOSKWA, KOMPAS.com - ", "TEMPO.CO, Jakarta -", "YEREVAN – ", "Jakarta, IDN Times - "
_DATELINE = re.compile(
    r"^(?P<pre>(?:[A-Z][\w.+]*(?:[ .][A-Z][\w.+]*){0,3})"
    r"(?:\s*,\s*[A-Z][\w.+]*(?:[ .][A-Z][\w.+]*){0,3})?)"
    r"(?:\s*\([A-Z][\w ./-]{1,30}\))?\s*(?:[-–—]{1,2})\s*(?=\S)"
)
_SENTENCE_END = re.compile(r"[.!?…\"”’»)]\s*$")
_METADATA_MAX_WORDS = 25
# A date stamped by the browser, printer or crawler, never the publication date.
_RENDER_CUE = re.compile(
    r"\b(?:dicetak|diakses|diunduh|dirayapi|accessed|printed|retrieved|crawled)\b", re.I
)
# A byline that names its date without a time zone: "Diposting oleh X - Rabu, 4 September 2024".
_BYLINE_CUE = re.compile(
    r"\b(?:diposting|dipublikasikan|diterbitkan|ditulis|published|posted|oleh|penulis|reporter|"
    r"pewarta|laporan)\b",
    re.I,
)
# A URL printed on the page ("URL: https://…", "Salin tautan: https://…"), a line of its own.
_PRINTED_URL = re.compile(r"^(?:[\w ]{0,30}(?:[:：]\s*|\s))?(?P<url>https?://\S+)$")
# "Artikel ini telah tayang di Tribunnews.com dengan judul ..., https://…": the page's own URL
_REPUBLISHED_URL = re.compile(
    r"\b(?:telah tayang di|tayang di|dengan judul)\b.*?(?P<url>https?://\S+)$", re.I
)


def _collapse(text: str) -> str:
    """Runs of blanks and invisible characters as one space. Most texts have none: a plain
    substring and character-class check is about 4× faster than the substitution."""
    if "  " in text or "\t" in text or (not text.isascii() and _ODD_SPACE.search(text)):
        return _SPACES.sub(" ", text)
    return text


def normalise_line(line: str) -> str:
    """Whitespace-collapsed, NFC-normalised line with invisible characters removed."""
    return _collapse(unicodedata.normalize("NFC", line)).strip()


def normalise_lines(text: str) -> list[str]:
    """``normalise_line`` of every line of ``text``, done on the whole text at once."""
    return [ln.strip() for ln in _collapse(unicodedata.normalize("NFC", text)).split("\n")]


_DIGITS = re.compile(r"\d+")
# The same with ``regex``, about 3x faster: on the Basic Multilingual Plane its \d is re's (its
# newer Unicode adds decimal digits above U+FFFF only; tests/clean/test_article.py checks).
_DIGITS_BMP = regex.compile(r"\d+")
_ASTRAL = regex.compile("[\U00010000-\U0010ffff]")


def fold_digits(text: str) -> str:
    """Every run of decimal digits (``re``'s ``\\d+``) in ``text`` as one "0"."""
    if text.isascii() or _ASTRAL.search(text) is None:
        return _DIGITS_BMP.sub("0", text)  # type: ignore[no-any-return]
    return _DIGITS.sub("0", text)


def line_key(line: str) -> str:
    """Key for corpus-level repetition counting: lower case, digits folded."""
    return fold_digits(line.lower())


def page_keys(pages: list[list[str]]) -> list[list[str]]:
    """:func:`line_key` of every line of every page ("" for an empty line), in one pass."""
    flat = list(chain.from_iterable(pages))
    joined = "\n".join(flat)
    if joined.count("\n") != max(0, len(flat) - 1):  # a line with a newline in it: one by one
        keys = [line_key(ln) if ln else "" for ln in flat]
    else:  # lower-casing and digit folding never cross or make a newline
        keys = line_key(joined).split("\n") if flat else []
    ends = list(accumulate(len(page) for page in pages))
    return [keys[a:b] for a, b in zip([0, *ends][:-1], ends, strict=True)]


def line_keys(text: str, min_chars: int = 3) -> set[str]:
    """``line_key`` of every normalised line of ``text`` with at least ``min_chars`` characters."""
    lines = normalise_lines(text)
    return {k for ln, k in zip(lines, page_keys([lines])[0], strict=True) if len(ln) >= min_chars}


@dataclass(frozen=True)
class Removal:
    line_no: int  # 1-based line number in the article text
    text: str
    rule: str
    score: float | None = None  # the line classifier's P(body), where it decided


@dataclass
class CleanedArticle:
    body: str
    removed: list[Removal] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    # byline | dateline | template (a known outlet), or cue_<kind> (pipeline.clean.outlets)
    outlet_source: str | None = None
    byline_date: date | None = None
    dateline: str | None = None
    wires: list[str] = field(default_factory=list)
    yearless: tuple[int, int] | None = None  # (day, month) of a year-less byline date
    stamp_date: date | None = None  # the first line that states only a date
    printed_url: str | None = None  # the first URL printed on it (own or credited)
    own_url: str | None = None  # the page's own URL printed on it ("URL: …"), never a credit
    outlet_cues: list[OutletCue] = field(default_factory=list)  # what the page says of itself

    @property
    def body_date(self) -> date | None:
        """The body's first date (:func:`~pipeline.clean.dates.first_date`), read on demand:
        the stage dates a page with :func:`~pipeline.clean.dates.first_body_date` instead."""
        return first_date(self.body)


def find_wires(text: str, rules: RuleSet) -> list[str]:
    """Wire agencies credited in ``text`` ("Sumber AFP", "dilansir Reuters", "kantor berita X")."""
    found = []
    # Wire names are rare: find them first, then look for a cue just before each.
    if rules.wire_literals is not None:
        spans = rules.wire_literals.spans(text)
    else:
        spans = [(m.start(), m.group(0)) for m in rules.wire_name.finditer(text)]
    for start, surface in spans:
        if not rules.cue_before.search(text, max(0, start - 64), start):
            continue
        name = rules.wire_canonical.get(surface)
        if name and name not in found:
            found.append(name)
    return found


def _wires_in(fragment: str, rules: RuleSet) -> list[str]:
    return [name for name, pat in rules.wires if pat.search(fragment)]


def detect_outlet(text: str, rules: RuleSet) -> str | None:
    """The first outlet whose name appears in ``text``, or None."""
    m = rules.outlet_any.search(text)
    if not m:
        return None
    surface = m.group(0)
    if surface not in rules.detected:
        rules.detected[surface] = next(
            (name for name, pat in rules.outlet_detect if pat.search(surface)), None
        )
    return rules.detected[surface]


def outlets_in(text: str, rules: RuleSet) -> list[str]:
    """Every outlet named anywhere in ``text``, in order of first appearance (one regex pass)."""
    found: list[str] = []
    if rules.outlet_literals is not None:
        surfaces = rules.outlet_literals.surfaces(text)
    else:
        surfaces = [m.group(0) for m in rules.outlet_any.finditer(text)]
    for surface in surfaces:
        name = detect_outlet(surface, rules)
        if name is not None and name not in found:
            found.append(name)
    return found


def furniture_cues(removed: list[Removal], rules: RuleSet, top: list[str]) -> list[OutletCue]:
    """Outlet cues of a page's removed lines: bylines, prompts, copyright, credits, site
    names, the logo text among its ``top`` lines, and every outlet of the rules file they name."""
    out: list[OutletCue] = []
    for r in removed:
        out += line_cues(r.text, rules, first=r.text in top and r.rule != "title")
        kind = "source" if credits_source(r.text) else "known"  # a republication's original
        out += [OutletCue(name, kind) for name in outlets_in(r.text, rules)]
    return out


def _teaser_start(lines: list[str]) -> int | None:
    """Index where a tail of related-article teasers ("N jam lalu" cadence) begins."""
    # The cadence starts with a digit (\d is what str.isdecimal() calls one): others skip re.
    cadence = [i for i, ln in enumerate(lines) if ln[:1].isdecimal() and RELATIVE_RE.match(ln)]
    if not cadence:
        return None
    first = cadence[0]
    if len(cadence) < 2 and first < len(lines) // 2:
        return None
    # The teaser's headline is the non-empty line just before the first cadence line.
    j = first - 1
    while j >= 0 and not lines[j]:
        j -= 1
    if j >= 0 and len(lines[j].split()) <= 30 and not lines[j].endswith("."):
        return j
    return first


# A photo caption's credit ("... Foto/Reuters", "(Foto: AP)") or a tag list ("Label: ...").
_CAPTION_OR_TAGS = re.compile(
    r"\b(?:Foto|FOTO|Ilustrasi)\s*[/:]|^(?:Label|Tags?|Kategori|Topik)\s*:", re.I
)
_TIME_OF_DAY = re.compile(r"\b\d{1,2}[.:]\d{2}\b")


def looks_like_headline(line: str) -> bool:
    """A headline has at least three words, mostly words of letters, starts with a capital
    or a digit, and is no prompt, menu, byline or date ("Find Us On Social Media :",
    "Berita", "![]() |", "Rabu, 4 September 2024 10:00 WIB" are not)."""
    words = line.split()
    if len(words) < 3 or line.endswith((":", "|", "：")) or not line[:1].isalnum():
        return False
    if not (line[:1].isupper() or line[:1].isdigit()):
        return False
    alpha = sum(1 for w in words if any(c.isalpha() for c in w))
    if alpha < 0.7 * len(words) or _TIME_OF_DAY.search(line) or first_date(line) is not None:
        return False
    if _CAPTION_OR_TAGS.search(line):
        return False
    return not _BYLINE_CUE.match(line) and not _CREDIT_NAMED.match(line)


def _headline_like(line: str, rules: RuleSet) -> bool:
    """:func:`looks_like_headline`, memoised per line in ``rules.memo``."""
    key = ("headline", line)
    if key not in rules.memo:
        rules.memo.put(key, looks_like_headline(line))
    return rules.memo[key]  # type: ignore[no-any-return]


_CONTENT_WORD = re.compile(r"\w{4,}")
MIN_HEADLINE_OVERLAP = 0.3  # tune headlines: >= 0.45 of their words in the body; menus, names less


def _overlap(line: str, body_words: set[str]) -> float:
    words = [w.lower() for w in _CONTENT_WORD.findall(line)]
    return sum(w in body_words for w in words) / len(words) if words else 0.0


MIN_SLUG_SHARE = 0.7  # of the printed URL's slug words a headline holds (slugs are made from it)
MIN_UNLABELLED_OVERLAP = 0.45  # a line the classifier called boilerplate must share more
# The lines a headline is printed next to: the byline, the author, the date, the dateline.
_DATING_RULES = frozenset({"byline", "author", "date_line", "dateline", "classifier_metadata"})


def menu_like(line: str, rules: RuleSet) -> bool:
    """True for a region or section menu ("Internasional Asia Eropa Amerika Timur Tengah
    Afrika"): most of its words are places or menu words of the rules file."""
    places = rules.places
    words = [w.casefold().strip(".,:|") for w in line.split()]
    covered, i = 0, 0
    while i < len(words):
        if i + 1 < len(words) and f"{words[i]} {words[i + 1]}" in places:
            covered, i = covered + 2, i + 2
            continue
        covered += words[i] in places or words[i] in rules.menu_words
        i += 1
    return covered >= 0.6 * len(words)


def _next_to_dating(k: int, removed: list[Removal]) -> bool:
    """True when the removed line ``k`` is printed just above or below a byline, author, date
    or dateline line (within two lines)."""
    line_no = removed[k].line_no
    return any(
        0 < abs(removed[j].line_no - line_no) <= 3 and removed[j].rule in _DATING_RULES
        for j in range(max(0, k - 2), min(len(removed), k + 3))
        if j != k
    )


def _headline(
    heads: list[tuple[int, bool]],
    removed: list[Removal],
    body: list[str],
    unlabelled: list[int] = (),  # type: ignore[assignment]
    url: str | None = None,
    rules: RuleSet | None = None,
) -> int | None:
    """The removed line that is the headline: the candidate holding most of the printed URL's
    slug words, else the first candidate before the body (else after it) that shares at least
    MIN_HEADLINE_OVERLAP of its words with the body and is no region menu (an author's name
    shares few), else a line the classifier called boilerplate that is printed next to the
    byline or date and shares MIN_UNLABELLED_OVERLAP (a headline printed after the body)."""
    slug = slug_words(url)
    if slug:
        for k in sorted([k for k, _ in heads] + list(unlabelled)):
            held = slug & url_words(removed[k].text)
            if len(held) >= MIN_SLUG_SHARE * len(slug):
                return k
    # \w{4,} never spans the newline: the words of the joined body are the paragraphs' words.
    body_words = set(map(str.lower, set(_CONTENT_WORD.findall("\n".join(body)))))
    for after in (False, True):
        for k, a in heads:
            text = removed[k].text
            near = a is after and _overlap(text, body_words) >= MIN_HEADLINE_OVERLAP
            if near and (rules is None or not menu_like(text, rules)):
                return k
    for k in unlabelled:
        text = removed[k].text
        near = _overlap(text, body_words) >= MIN_UNLABELLED_OVERLAP
        if near and _next_to_dating(k, removed) and (rules is None or not menu_like(text, rules)):
            return k
    return None


RuleHit = tuple[str, str | None]  # a boilerplate rule's name and the outlet it names, if any


def _match_rule(line: str, rules: RuleSet, outlets: tuple[str, ...]) -> RuleHit | None:
    """The boilerplate rule ``line`` matches (general, then the page's outlets), with any outlet
    (memoised per line and outlets, and per line and scope: outlets vary from page to page)."""
    key = ("rules", outlets, line)
    if key in rules.memo:
        return rules.memo[key]  # type: ignore[no-any-return]
    hit = _scope_rule(line, rules, None)
    for name in outlets:
        if hit is not None:
            break
        hit = _scope_rule(line, rules, name)
    rules.memo.put(key, hit)
    return hit


def _scope_rule(line: str, rules: RuleSet, outlet: str | None) -> RuleHit | None:
    """The rule of one scope (general for ``outlet`` None) that ``line`` matches, memoised per
    scope and line in ``rules.memo`` (templates recur on many pages)."""
    key = ("rule", outlet, line)
    if key in rules.memo:
        return rules.memo[key]  # type: ignore[no-any-return]
    alt = rules.general if outlet is None else rules.per_outlet.get(outlet)
    m = alt.find(line) if alt is not None else None
    hit = None
    if m is not None:
        # Each rule is one named branch, which closes after any group inside it: the last group.
        branch = m.lastgroup
        rule = rules.group_rule.get(branch, "boilerplate") if branch else "boilerplate"
        named = f"outlet_{branch}"
        value = m.group(named) if named in m.re.groupindex else None
        hit = rule, value.strip() if value is not None else None
    rules.memo.put(key, hit)
    return hit


LEAD_MIN_WORDS = 15  # a dateline opening a line this long opens the article's lead


def _dateline_lead(
    line: str,
    words: int,
    body: list[str],
    rules: RuleSet,
    read: Callable[[str], tuple[str | None, str | None]] | None = None,
) -> bool:
    """Whether ``line`` is the lead a dateline opens ("Yerevan - Armenia meminta ...", at least
    :data:`LEAD_MIN_WORDS` words, among the body's first lines): a rule decision, before the
    line classifier, which never removes it. ``read``: :func:`dateline_outlet` of a line with
    the rules' places (memoised by the caller)."""
    if len(body) >= 3 or words < LEAD_MIN_WORDS:
        return False
    generic, _ = read(line) if read is not None else dateline_outlet(line, rules.places)
    return (not body or bool(generic)) and _split_dateline(line, rules, generic) is not None


def _split_dateline(
    line: str, rules: RuleSet, generic: str | None = None
) -> tuple[str, str | None, str | None, str] | None:
    """Split "MOSKWA, KOMPAS.com - text" into (prefix, city, outlet, rest). The city is a part
    that names no outlet (neither the rules file's nor ``generic``, the outlet
    :func:`~pipeline.clean.outlets.dateline_outlet` read) and has no domain ending; a lone
    prefix is a city only when ``rules.places`` lists it ("YEREVAN –", not "ANTARA –")."""
    m = _DATELINE.match(line)
    if not m:
        return None
    pre = m.group("pre")
    parts = [p.strip() for p in pre.split(",")]
    outlet = city = None
    for part in parts:
        found = detect_outlet(part, rules)
        if found and rules.outlet_any.fullmatch(part):
            outlet = found
        elif part != generic and not SITE_TOKEN.fullmatch(part) and city is None:
            city = part
    # A bare prefix without a comma must be an upper-case name ("YEREVAN –") or the outlet
    # ``generic`` read ("IDXChannel -"); it is the city only when it is a known one, else an
    # unknown outlet's name (no city).
    lone = len(parts) == 1 and outlet is None
    known = is_place(pre, rules.places) or SITE_TOKEN.fullmatch(pre) or pre == generic
    if lone and not (pre.isupper() and len(pre) >= 3) and not known:
        return None
    if lone and city is not None and not is_place(city, rules.places):
        city = None
    if city is not None and not city.replace(" ", "").replace(".", "").isalpha():
        return None
    if city is not None and city.isupper():
        city = city.title()
    return m.group(0), city, outlet, line[m.end() :]


def _next_line(lines: list[str], i: int) -> str:
    """The first non-empty line after line ``i``, or ""."""
    return next((lines[j] for j in range(i + 1, len(lines)) if lines[j]), "")


def _previous_line(lines: list[str], i: int) -> str:
    """The last non-empty line before line ``i``, or ""."""
    return next((lines[j] for j in range(i - 1, -1, -1) if lines[j]), "")


# What the rule chain reads of a line alone: an author credit's name, the wires of a source
# credit and of a wire-credit line, the word count, whether it is short with digits, its date.
Wires = tuple[str, ...] | None
LineFacts = tuple[str | None, Wires, Wires, int, bool, date | None]


def _line_facts(line: str, rules: RuleSet) -> LineFacts:
    """:data:`LineFacts` of ``line``, once per distinct line (memoised in ``rules.memo``)."""
    key = ("facts", line)
    if key in rules.memo:
        return rules.memo[key]  # type: ignore[no-any-return]
    named = _CREDIT_NAMED.match(line)
    words = len(line.split())
    src = _SOURCE_LINE.match(line)
    source_wires = _wires_in(src.group("rest"), rules) if src and words <= 8 else []
    line_wires = _wires_in(line, rules) if rules.wire_line.fullmatch(line) else None
    # Every date and year-less date has digits: a short line without any has none.
    short = words <= 15 and _DIGITS.search(line) is not None
    facts = (
        named.group("name").strip() if named else None,
        tuple(source_wires) if source_wires else None,
        tuple(line_wires) if line_wires is not None else None,
        words,
        short,
        first_date(line) if short else None,
    )
    rules.memo.put(key, facts)
    return facts


def clean_article(
    text: str,
    rules: RuleSet,
    repeated: frozenset[str] = frozenset(),
    decisions: list[tuple[str, float]] | None = None,
    lines: list[str] | None = None,
    keys: list[str] | None = None,
) -> CleanedArticle:
    """Split ``text`` into body and logged boilerplate; extract headline, byline, dateline, wire.

    ``decisions`` (one ``(label, P(body))`` per line of ``text``, from the line classifier)
    decide the lines no rule decided: a rule forces its decision, the classifier the rest, and
    the log says which (``classifier_boilerplate``/``classifier_metadata`` with the score).
    Without them, the first short line before the body is the headline and the rest is body.
    ``lines`` (:func:`normalise_lines` of ``text``) and their ``keys`` (:func:`page_keys`) are
    computed here unless the caller has them.
    """
    if lines is None:
        lines = normalise_lines(text)
    if keys is None:
        keys = page_keys([lines])[0] if repeated else []
    outlets_here = tuple(outlets_in(text, rules))
    out = CleanedArticle(body="")
    body: list[str] = []
    tail = _teaser_start(lines)
    heads: list[tuple[int, bool]] = []  # (index in removed, after the body's start)

    def read_dateline(text: str) -> tuple[str | None, str | None]:
        """:func:`dateline_outlet` of a line, once per line (the lead test reads it too)."""
        key = ("dateline", text)
        if key not in rules.memo:
            rules.memo.put(key, dateline_outlet(text, rules.places))
        return rules.memo[key]  # type: ignore[no-any-return]

    unlabelled: list[int] = []  # headline-like lines the classifier called boilerplate
    for i, line in enumerate(lines):
        if not line:
            continue
        no = i + 1
        if tail is not None and i >= tail:
            out.removed.append(Removal(no, line, "related_teasers"))
            continue
        glued = GLUED_BYLINE.match(line) if not body else None
        if glued:  # "Kompas dunia | 10 November 2020, 10:15 WIBMOSKOW, KOMPAS.TV - Presiden ..."
            out.removed.append(Removal(no, glued.group("head"), "byline"))
            out.byline_date = out.byline_date or first_date(glued.group("head"))
            line = line[glued.end() :]
        hit = _match_rule(line, rules, outlets_here)
        if hit is not None:
            rule, outlet = hit
            out.removed.append(Removal(no, line, rule))
            if outlet and out.outlet is None:
                out.outlet, out.outlet_source = detect_outlet(outlet, rules) or outlet, "template"
            continue
        author, source_wires, line_wires, words, short, line_date = _line_facts(line, rules)
        if author is not None:
            out.author = out.author or author
            out.removed.append(Removal(no, line, "author"))
            continue
        if not body and _PERSON_NAME.match(line) and _CREDIT_LABEL.match(_next_line(lines, i)):
            out.author = out.author or line
            out.removed.append(Removal(no, line, "author"))
            continue
        if source_wires is not None:
            out.wires.extend(w for w in source_wires if w not in out.wires)
            out.removed.append(Removal(no, line, "source_credit"))
            continue
        if line_wires is not None:
            for w in line_wires:
                if w not in out.wires:
                    out.wires.append(w)
            out.removed.append(Removal(no, line, "wire_credit"))
            continue
        if out.own_url is None and "http" in line:
            printed = _PRINTED_URL.match(line) or _REPUBLISHED_URL.search(line)
            if printed:
                out.printed_url = out.printed_url or printed.group("url")
                if own_url_line(line, _previous_line(lines, i)):
                    out.own_url = printed.group("url")
                else:  # a credited source's address: logged, never the page's outlet
                    out.outlet_cues += url_cue(printed.group("url"), "source")
        if line_date is not None and _RENDER_CUE.search(line):
            out.removed.append(Removal(no, line, "render_date"))
            continue
        if out.yearless is None and short and out.byline_date is None:
            day_month = yearless_date(line)
            if day_month is not None and _BYLINE_CUE.search(line):
                out.yearless = day_month
                out.removed.append(Removal(no, line, "byline"))
                continue
        if line_date is not None and is_bare_date_line(line) and not _TIMEZONE.search(line):
            # A line that only states a date: the publication date when nothing better is found
            # (a byline with a time zone or a cue wins; it may be a page stamp).
            out.removed.append(Removal(no, line, "date_line"))
            out.stamp_date = out.stamp_date or line_date
            continue
        if line_date is not None and (
            _TIMEZONE.search(line)
            or (rules.outlet_any.search(line) and not body)
            or _BYLINE_CUE.search(line)
        ):
            out.removed.append(Removal(no, line, "byline"))
            out.byline_date = out.byline_date or line_date
            found = detect_outlet(line, rules)
            if found and out.outlet_source in (None, "template"):
                out.outlet, out.outlet_source = found, "byline"
            continue
        # Template lines repeated across an outlet's pages; after the metadata rules, so that a
        # byline, author or source credit (which repeat once digits are folded) still feeds them.
        if repeated and (keys[i] if line is lines[i] else line_key(line)) in repeated:
            out.removed.append(Removal(no, line, "repeated_line"))
            continue
        if decisions is not None and not _dateline_lead(line, words, body, rules, read_dateline):
            label, p_body = decisions[i]
            if label == "metadata" and words > _METADATA_MAX_WORDS:
                label = "body"  # headlines and bylines are short: a long line is never metadata
            if label != "body":
                if words <= 25 and _headline_like(line, rules):  # a headline candidate
                    if label == "metadata":
                        heads.append((len(out.removed), bool(body)))
                    else:
                        unlabelled.append(len(out.removed))
                out.removed.append(Removal(no, line, f"classifier_{label}", p_body))
                continue
        elif not body and out.title is None and words <= 25 and not _SENTENCE_END.search(line):
            out.title = line
            out.removed.append(Removal(no, line, "title"))
            continue
        if len(body) < 3:  # the dateline opens the body, perhaps after a caption kept as body
            generic, cue = read_dateline(line)
            if generic:
                out.outlet_cues.append(OutletCue(generic, cue or "dateline"))
            split = _split_dateline(line, rules, generic) if not body or generic else None
            if split is not None and out.dateline is None:
                prefix, city, outlet, rest = split
                out.removed.append(Removal(no, prefix.strip(), "dateline"))
                out.dateline = city
                if outlet and out.outlet_source in (None, "template"):
                    out.outlet, out.outlet_source = outlet, "dateline"
                line = rest
        body.append(line)
    if (heads or unlabelled) and out.title is None:
        k = _headline(heads, out.removed, body, unlabelled, out.printed_url, rules)
        if k is not None:
            r = out.removed[k]
            out.title = r.text
            out.removed[k] = Removal(r.line_no, r.text, "title", r.score)
    copied = out.outlet is not None and out.own_url is not None and out.outlet_source != "template"
    if out.outlet is None or copied:  # a known outlet's byline, dateline or template decides alone
        out.outlet_cues += furniture_cues(out.removed, rules, top=[ln for ln in lines if ln][:3])
        out.outlet_cues += url_cue(out.own_url)
    recast = credited_copy(out.outlet, out.outlet_cues, rules) if copied else None  # type: ignore[arg-type]
    if recast is not None:  # a republished copy keeps the original's dateline or byline
        out.outlet_cues, out.outlet = recast, None
    if out.outlet is None:
        out.outlet, cue = choose_outlet(out.outlet_cues, rules)
        out.outlet_source = f"cue_{cue}" if cue else None
    out.body = "\n\n".join(body)
    for w in find_wires(out.body, rules):
        if w not in out.wires:
            out.wires.append(w)
    return out
