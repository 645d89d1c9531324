"""Outlets the rules file does not know, found from what every news page prints about itself.

Each cue names a candidate with a weight: the outlet in a dateline ("MOSKOW, KOMPAS.TV -",
"TRIBUNNEWS.COM -", "Jakarta, IDN Times -", "Yerevan (ANTARA) -", glued to a time or a caption),
a byline ("Novita Rahmadani - detikNews", "Susanti Dewi , Jurnalis-Okezone", "Tim Okezone"), a
channel prompt ("Gabung ke Channel WhatsApp KompasTV ...", "Follow Berita Okezone di ..."), a
copyright line ("© 2024 NamaMedia"), the page's own URL, a site name with a domain ending, the
logo text at the top, a self-credit ("Sumber : Kompas TV/Reuters"); in a saved page also
``og:site_name``, the JSON-LD publisher, the canonical or ``og:url`` link, the ``<title>``
suffix ("... | Republika Online") and the host most of its links point to. Candidates that are
one name (compared case- and punctuation-blind, a longer form such as "Republika Online"
joining "Republika") add up; the best-supported name wins, spelled as its shortest form (the
rules file's canonical name when it knows that outlet). A name only the page's chrome displays
(logo, copyright, site name, title) yields to the page's own address (its URL, canonical or logo
link, its own channel) when it is no form of it, and a name only an address gives is spelled as
the address without its domain ending ("id.topwar"). A credit or a logo alone is not enough
when it is the only cue of a kind that names sources rather than the publisher; an unknown
outlet stays unknown rather than becoming a dateline city.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.clean.dates import first_date
from pipeline.clean.rules import RuleSet

WEIGHTS = {
    "meta": 4.0,  # og:site_name, JSON-LD publisher
    "dateline": 3.0,
    "byline": 3.0,
    "url": 2.0,  # the page's own address (URL given or printed, canonical link, logo link)
    "handle": 2.0,  # the page's own channel ("saluran Telegram kami: https://t.me/name")
    "prompt": 2.0,
    "copyright": 2.0,
    "title": 2.0,  # the <title> suffix
    "known": 1.0,  # a line naming an outlet of the rules file
    "site_token": 1.0,
    "links": 1.0,
    "header": 1.0,  # logo text at the top of the page
    "dateline_wire": 1.5,  # "Yerevan (ANTARA) -": the agency's own dateline, or a copy of it
    "dateline_part": 1.5,  # the capitalised first part of "VOI, Jakarta -" (or a city)
    "header_weak": 0.5,  # a short first line that may be a headline or a menu word
    "credit": 0.5,  # "Sumber : Kompas TV/Reuters": names a source, often not the publisher
    "dateline_lone": 1.0,  # "VIVA – ...": a lone capitalised word that is no known city
    # A publication the page credits as its source ("Artikel ini telah tayang di X", "dikutip
    # dari", "Sumber: https://…", "Baca selengkapnya di …"): a republication names the
    # original, not its publisher. Logged, never counted.
    "source": 0.0,
}
# Cues that do not decide against another name; a weak header still decides alone (a logo).
SUPPORT_ONLY = frozenset({"credit", "header_weak", "dateline_lone", "source"})
# The page's own address, and the article's own voice: a name only the page's chrome displays
# (logo, copyright, site name, title) yields to an address it is no form of.
ADDRESS = frozenset({"url", "handle"})
EDITORIAL = frozenset({"byline", "dateline", "dateline_wire", "dateline_part", "template"})
MAX_PER_CUE = 2  # a name counts at most this often per cue kind (menus repeat a site name)
MIN_KEY = 4  # a shorter key never absorbs a longer one ("news" does not join "newsfront")

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DOMAIN_END = (
    r"(?:co\.id|or\.id|web\.id|my\.id|com|co|id|net|tv|su|ru|org|news|info|asia|online|today)"
)
# A domain ending a key ignores; ".tv" is part of a brand ("KOMPAS.TV" is Kompas TV).
_DOMAIN_SUFFIX = re.compile(
    r"\.(?:co\.id|or\.id|web\.id|my\.id|com|co|id|net|su|ru|org|news|info|asia|online|today)$",
    re.I,
)
# "JawaPos.com", "TRIBUNNEWS.COM", "REPUBLIKA.CO.ID", "KOMPAS.TV", "Suara.Com"
SITE_TOKEN = re.compile(rf"\b[A-Za-z][\w-]{{1,30}}\.(?i:{_DOMAIN_END})\b")
_NAME = r"[A-Za-z][\w.+&'-]*(?: [A-Z0-9][\w.+&'-]*){0,3}"
# A dateline's prefix: one or two comma-separated names, an optional "(AGENCY)", a dash.
_DATELINE = re.compile(
    rf"(?P<a>{_NAME})(?:\s*,\s*(?P<b>{_NAME}))?(?:\s*\((?P<paren>[A-Za-z][\w .-]{{1,30}})\))?"
    r"\s*(?P<dash>[-–—]{1,2}|:)\s*(?=\S)"
)
# "(voinews.id) Presiden ...": the site in parentheses opening the body
_PAREN_SITE = re.compile(
    rf"\((?P<site>[A-Za-z][\w-]{{1,30}}\.(?i:{_DOMAIN_END}))\)\s*[-–—]?\s*(?=\S)"
)
# Where a dateline glued into a line may start: after a time of day (and its zone), or where a
# caption's last word runs into the capitals of the dateline ("...Zemlianichenko" + "REPUBLIKA").
_GLUE_POINT = re.compile(r"\d[.:]\d{2}\s?(?:WITA|WIB|WIT)?\s*|(?<=[a-z)\]])(?=[A-Z])")
# A site name in capitals glued into a line before a dateline: "...ZemlianichenkoREPUBLIKA.CO.ID,
# MOSKOW --", "... 10:15 WIBMOSKOW, KOMPAS.TV -" (the time zone glued to the city).
_GLUED_SITE = re.compile(
    r"(?P<site>[A-Z][A-Z0-9-]+\.(?:CO\.ID|COM|CO|ID|TV|NET))\s*(?:,\s*[A-Z][\w ]{1,30})?"
    r"\s*[-–—]{1,2}\s"
)
_GLUED_ZONE = re.compile(r"(?<=\b\d{2}[.:]\d{2} )(?:WIB|WITA|WIT)(?=[A-Z]{3})")
# A byline with a time zone glued to the dateline after it (the head, then the dateline's start).
GLUED_BYLINE = re.compile(
    r"^(?P<head>.{0,80}?\d{1,2}[.:]\d{2} ?(?:WITA|WIB|WIT)) ?"
    r"(?=[A-Z][\w.]{2,}(?: [A-Z][\w.]+)?(?:, ?[A-Z][\w.]+(?: [A-Z][\w.]+){0,2})*"
    r" ?(?:\([^)]{2,30}\) ?)?[-–—])"
)
# A brand: capitalised, or a lower-case word with a capital or a dot inside ("detikNews").
_BRAND = r"(?:[A-Z][\w.+&'-]*|[a-z][\w+&'-]*[A-Z.][\w.+&'-]*)(?: [A-Z][\w.+&'-]*){0,2}"
_PERSON = r"(?:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,4})"
_BYLINE = re.compile(
    rf"^(?:Laporan (?:Wartawan|Reporter) (?P<lap>{_NAME})\s*,\s*{_PERSON}"
    rf"|(?:Tim (?P<tim>{_NAME})|{_PERSON})\s*(?:[-–|]\s*|,\s*(?:Jurnalis|Wartawan|Reporter)[- ])"
    rf"(?P<outlet>{_BRAND}))$"
)
_PROMPT = re.compile(
    r"^(?i:gabung(?:lah)?(?: ke)?|ikuti|follow|simak|baca)\s+"
    r"(?:(?i:channel|saluran|whatsapp|telegram|berita|artikel|kanal)\s+){0,3}"
    rf"(?P<outlet>{_NAME}?)(?=\s+(?i:di|untuk|lainnya|sekarang|terbaru|hanya)\b|\s*[.!]?$)"
)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright|hak cipta)\s*(?:(?:©|\(c\)|copyright|hak cipta)\s*)*"
    r"(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?:PT\.?\s+)?"
    r"(?P<name>[A-Z][\w.&' -]{1,40}?)\s*(?:\d{4})?\s*(?:[.,|]\s|[.,|]?$|all rights|hak cipta|\()",
    re.I,
)
# A byline that names its outlet beside the date: "CNN Indonesia | Selasa, 14/06/2022 07:20 WIB",
# "Kompas.com - 31/10/2020, 18:39 WIB", "Novita Rahmadani - detikNews | Kamis, 15 Okt 2020".
_BYLINE_PARTS = re.compile(r"\s*[|·•]\s*|\s+[-–—]\s+|\s+[-–—](?=\s*\d)")
_DATED = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}[.:]\d{2}|\b(?:19|20)\d{2}\b")
_CLOCK = re.compile(r"(?<![\d.:])\d{1,2}[.:]\d{2}(?![\d.:])")
_CAMEL = re.compile(r"[a-z][A-Z]|^[A-Z]{2,}\b")
_CREDIT = re.compile(r"^Sumber\s*[:：]\s*(?P<name>[A-Z][\w .-]{1,40}?)\s*(?:[/,]|$)")
_HEADER = re.compile(r"^[A-Za-z][\w.&'-]*(?: [A-Z0-9][\w.&'-]*){0,3}$")
# Words of prompts and menus that are never an outlet's name ("Ikuti kami", "Berita", "Home").
_PRONOUNS = frozenset(
    {"kami", "kita", "us", "berita", "news", "artikel", "video", "foto", "home", "beranda"}
    | {"menu", "search", "cari", "login", "masuk", "daftar", "indeks", "index", "terkini"}
    | {"internasional", "nasional", "dunia", "world", "global", "populer", "terpopuler"}
    | {"redaksi", "editor", "penulis", "reporter", "selengkapnya", "juga", "lengkap"}
    | {"whatsapp", "youtube", "facebook", "instagram", "twitter", "tiktok", "linkedin"}
    | {"telegram", "google", "googlenews", "iphone", "android"}  # platforms, never outlets
)
# "Penulis: Tim Warta Kaukasus", "Oleh Tim Redaksi KabarKaukasus": the outlet's own team
_TEAM = re.compile(
    rf"^(?i:penulis|oleh|reporter|editor)\s*[:：]?\s*Tim (?:Redaksi )?(?P<name>{_NAME})$"
)


# "Berlangganan saluran Telegram kami ...: https://t.me/topwar_official", "Follow our
# Instagram instagram.com/warta_kaukasus": the outlet's own channel, named by its handle
_OWN_CHANNEL = re.compile(
    r"\b(?i:kami|our)\b.{0,240}?(?:https?://)?(?:www\.)?"
    r"(?i:t\.me|telegram\.me|instagram\.com|twitter\.com|x\.com|facebook\.com|tiktok\.com/@|"
    r"youtube\.com/@)/?(?P<handle>[A-Za-z][\w.]{2,40})"
)
_HANDLE_END = re.compile(r"[_.-]?(?:official|resmi|channel)$", re.I)

# A line crediting another publication as the text's source: "Sumber: https://…", "Artikel ini
# telah tayang di Kompas.com dengan judul …", "dikutip dari", "Baca selengkapnya di …".
_SOURCE_CREDIT = re.compile(
    r"^\W{0,3}(?:sumber(?: berita| artikel)?|source|referensi|rujukan|asal)\s*[:：]"
    r"|\b(?:(?:telah |sudah |pertama kali )?(?:tayang|terbit|dimuat|dipublikasikan|diterbitkan|"
    r"diunggah) (?:di|pada|dalam)|(?:di)?kutip(?:an)? dari|(?:di)?lansir(?:an)? dari|"
    r"disadur dari|diterjemahkan dari|terjemahan dari|diambil dari|dicuplik dari|"
    r"baca (?:selengkapnya|artikel asli\w*|berita asli\w*|sumber\w*)|selengkapnya (?:di|baca)|"
    r"artikel asli\w*|berita asli\w*|originally published|read (?:more|the full|the original)|"
    r"(?:first|originally) (?:published|appeared))\b",
    re.I,
)
# The page's own URL printed on it: a line of its own, or after a label of the page's own
# address ("URL: …", "Salin tautan …", "Bagikan: …"), never after a credit or "read more".
_OWN_URL = re.compile(
    r"^(?:(?i:url|link|tautan|alamat(?: artikel| halaman| berita)?|salin(?: tautan| link)?|"
    r"copy(?: link| url)?|bagikan(?: tautan| link| artikel)?|share(?: link)?|permalink|"
    r"link artikel|tautan artikel|link berita)\s*[:：]?\s*)?https?://\S+$"
)


def credits_source(line: str) -> bool:
    """True when ``line`` credits another publication as its text's source."""
    return _SOURCE_CREDIT.search(line) is not None


def own_url_line(line: str, previous: str = "") -> bool:
    """True when the URL ``line`` prints is the page's own: a bare URL or one after a label of
    the page's address, and no credit on it or on the label line just before it
    ("Sumber:" then the URL)."""
    if not _OWN_URL.match(line) or credits_source(line):
        return False
    return not (previous.rstrip().endswith((":", "：")) and credits_source(previous))


@dataclass(frozen=True)
class OutletCue:
    """A candidate outlet name, the kind of cue that named it, and that cue's weight."""

    name: str
    cue: str

    @property
    def weight(self) -> float:
        return WEIGHTS[self.cue]


_EDITION = re.compile(r"^[a-z]{2}\.(?=[\w-]+\.)")  # "id.news-front.su": a language edition


def name_key(name: str) -> str:
    """A name compared loosely: case, punctuation, "www.", a language edition ("id.") and a
    domain ending ignored."""
    name = _EDITION.sub("", name.strip().casefold().removeprefix("www."))
    name = re.sub(r"\.(?:blogspot|wordpress)\.com$", "", name)
    return _NON_ALNUM.sub("", _DOMAIN_SUFFIX.sub("", name))


def site_from_host(host: str | None) -> str | None:
    """The outlet a host stands for: its registered domain, keeping a two-letter language
    edition ("news.okezone.com" → "okezone.com", "id.topwar.ru" stays); None if no host."""
    from tld import get_tld

    if not host:
        return None
    host = host.lower().removeprefix("www.")
    res = get_tld(host, as_object=True, fail_silently=True, fix_protocol=True)
    if res is None or not res.fld:  # type: ignore[union-attr]
        return host or None
    fld = str(res.fld)  # type: ignore[union-attr]
    sub = str(res.subdomain or "").split(".")  # type: ignore[union-attr]
    return f"{sub[-1]}.{fld}" if len(sub[-1]) == 2 and sub[-1] != "m" else fld


def domain_name(site: str) -> str:
    """How an outlet known only by its address is named: the site without its domain ending,
    keeping a language edition and a brand's ".tv" ("id.topwar.ru" → "id.topwar",
    "okezone.com" → "okezone", "beritaduniakini.blogspot.com" → "beritaduniakini")."""
    name = re.sub(r"\.(?:blogspot|wordpress)\.com$", "", site.strip().lower().removeprefix("www."))
    return _DOMAIN_SUFFIX.sub("", name) or site


def _wire_names(rules: RuleSet) -> frozenset[str]:
    return frozenset(name_key(w) for w in (*rules.wire_canonical, *rules.wire_canonical.values()))


# "Warta Ekonomi": one to three capitalised words; "IDXChannel", "Kabar24": a brand's spelling
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}")
_BRAND_WORD = re.compile(r"^(?=[A-Za-z]*[a-z])[A-Za-z][A-Za-z]*?[A-Z0-9]")


def _looks_like_city(part: str) -> bool:
    return part.isupper() or bool(re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", part))


def is_place(name: str, places: frozenset[str]) -> bool:
    """True when ``name`` is a city or region of ``places`` (case and dots aside)."""
    return " ".join(name.casefold().replace(".", " ").split()) in places


def _dateline_at(
    line: str, pos: int, places: frozenset[str], glued: bool = False
) -> tuple[str | None, str | None]:
    m = _DATELINE.match(line, pos)
    if m is None:
        return None, None
    a, b, paren = m.group("a"), m.group("b"), m.group("paren")
    for part in (a, b):
        if part and SITE_TOKEN.fullmatch(part) and not is_place(part, places):
            return part, "dateline"
    if m.group("dash") == ":":  # only a site name is sure enough there
        return None, None
    if b and not any(t.isdigit() for t in b.split()) and len(b.split()) <= 3:
        a_city, b_city = is_place(a, places), is_place(b, places)
        if glued:  # glued into a line: only "City, Outlet" with a known city
            return (b, "dateline") if a_city and not b_city else (None, None)
        if b_city and not a_city and a.isupper() and " " not in a:  # "VOI, Jakarta -"
            return a, "dateline_part"
        if b_city and not a_city and _CAPITALISED.fullmatch(a):  # "Warta Ekonomi, Jakarta -"
            return a, "dateline_part"
        if a_city and not b_city:
            return b, "dateline"
        if not (a_city or b_city) and _looks_like_city(a):
            if a.isupper() and not b.isupper() and " " not in b:
                return a, "dateline_part"
            return b, "dateline"
        return None, None
    if glued:
        return None, None
    if paren and not b:
        return paren.strip(), "dateline_wire"
    if not b and not is_place(a, places) and " " not in a and a.isupper() and len(a) >= 3:
        return a, "dateline_lone"  # "VIVA –": a name or an unlisted city; support only
    if not b and len(a.split()) <= 2 and _BRAND_WORD.search(a):
        return a, "dateline"  # "IDXChannel -", "kumparanNEWS -": a brand's spelling, no city
    return None, None


def dateline_outlet(
    line: str, places: frozenset[str] = frozenset()
) -> tuple[str | None, str | None]:
    """``(outlet, cue)`` a line's dateline names, or ``(None, None)``: the part with a domain
    ending ("MOSKOW, KOMPAS.TV -", "TEMPO.CO, Jakarta -", "TRIBUNNEWS.COM -", "(voinews.id)"),
    else the part of "City, Outlet -" that is not a city of ``places`` ("Jakarta, IDN Times -"),
    else the agency of "Yerevan (ANTARA) -"; also a dateline glued after a byline's time or a
    caption. A city is never the outlet."""
    line = _GLUED_ZONE.sub("", line, count=1)
    found = _dateline_at(line, 0, places)
    if found[0] is not None:
        return found
    if m := _PAREN_SITE.match(line):
        return m.group("site"), "dateline"
    for g in _GLUE_POINT.finditer(line, 0, 400):
        if g.end() > 0:
            found = _dateline_at(line, g.end(), places, glued=True)
            if found[0] is not None:
                return found
    glued = _GLUED_SITE.search(line[:400])
    return (glued.group("site"), "dateline") if glued else (None, None)


def brand_like(name: str, rules: RuleSet) -> bool:
    """True for a name that reads as an outlet's rather than a person's: a domain ending, a
    capital inside a word or an acronym ("detikNews", "CNN Indonesia"), or a word of
    ``rules.outlet_words`` ("Warta Kaukasus Online"); a city of ``rules.places`` never."""
    words = name.split()
    if not 1 <= len(words) <= 4 or ":" in name or is_place(name, rules.places):
        return False
    if any(w.isdigit() for w in words) or not re.match(r"[A-Za-z]", name):
        return False
    if SITE_TOKEN.fullmatch(name):
        return True
    if any(re.search(r"[A-Za-z]\d", w) for w in words):  # "Liputan6", "Kabar24"
        return True
    if not name.isupper() and any(_CAMEL.search(w) for w in words):
        return True
    return any(w.casefold().strip(".,") in rules.outlet_words for w in words)


def dated_byline_cues(line: str, rules: RuleSet) -> list[OutletCue]:
    """The outlet a dated byline names beside its date and author, if any part reads as one."""
    if len(line.split()) > 20 or not (_CLOCK.search(line) or first_date(line) is not None):
        return []
    parts = [p.strip(" ,") for p in _BYLINE_PARTS.split(line)]
    if len(parts) < 2:
        return []
    return [
        OutletCue(p, "byline")
        for p in parts
        if p and not _DATED.search(p) and p.casefold() not in _PRONOUNS and brand_like(p, rules)
    ][:1]


def line_cues(line: str, rules: RuleSet, first: bool = False) -> list[OutletCue]:
    """The outlet cues of one furniture line (``first``: the page's first line, its logo)."""
    out: list[OutletCue] = []
    if len(line) > 400:
        return out
    out += dated_byline_cues(line, rules)
    if (m := _TEAM.match(line)) and m.group("name").casefold() not in _PRONOUNS:
        out.append(OutletCue(m.group("name"), "byline"))
    if m := _BYLINE.match(line):
        name = m.group("lap") or m.group("outlet") or m.group("tim")
        if name:
            out.append(OutletCue(name, "byline"))
    m = _PROMPT.match(line)
    if m and m.group("outlet") and m.group("outlet").lower() not in _PRONOUNS:
        out.append(OutletCue(m.group("outlet"), "prompt"))
    if m := _COPYRIGHT.search(line):
        name = m.group("name").strip(" .-")
        if name:
            out.append(OutletCue(name, "copyright"))
    if m := _CREDIT.match(line):
        out.append(OutletCue(m.group("name"), "credit"))
    if "http" not in line:
        kind = "source" if credits_source(line) else "site_token"
        out += [OutletCue(t.group(0), kind) for t in SITE_TOKEN.finditer(line)]
    if (m := _OWN_CHANNEL.search(line)) and len(h := _HANDLE_END.sub("", m.group("handle"))) > 2:
        out.append(OutletCue(h, "handle"))
    if first and _HEADER.match(line) and len(line.split()) <= 4:
        # A logo's text looks like a brand ("BERITA DUNIA KINI", "detikNews", "Suara.com");
        # any other short first line (a headline, a menu word) only supports other cues.
        brand = line.isupper() or bool(re.search(r"[a-z][A-Z]|\.\w", line))
        out.append(OutletCue(line, "header" if brand else "header_weak"))
    return out


def _same_outlet(a: str, b: str, rules: RuleSet) -> bool:
    """True when two names are one outlet: one key (or a longer form of it), or one outlet of
    the rules file."""
    ka, kb = name_key(a), name_key(b)
    short, long_ = sorted((ka, kb), key=len)
    if short and (ka == kb or (len(short) >= MIN_KEY and long_.startswith(short))):
        return True
    known = _known([OutletCue(a, "source")], rules)
    return known is not None and known == _known([OutletCue(b, "source")], rules)


def credited_copy(outlet: str, cues: Iterable[OutletCue], rules: RuleSet) -> list[OutletCue] | None:
    """When ``outlet`` (named by a byline or dateline) is a source the page credits
    ("Artikel ini telah tayang di Kompas.com") and the page's own address is no form of it,
    the page is a republished copy keeping the original's dateline: ``cues`` with every cue
    naming the original turned into a ``source`` cue; else None."""
    cues = list(cues)
    own = [c.name for c in cues if c.cue in ADDRESS]
    if not own or any(_same_outlet(o, outlet, rules) for o in own):
        return None
    if not any(c.cue == "source" and _same_outlet(c.name, outlet, rules) for c in cues):
        return None
    return [OutletCue(c.name, "source") if _same_outlet(c.name, outlet, rules) else c for c in cues]


def url_cue(url: str | None, cue: str = "url") -> list[OutletCue]:
    """The outlet cue of the page's own URL, if any."""
    from urllib.parse import urlparse

    if not url or not re.match(r"^(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:[/?#]|$)", url):
        return []
    site = site_from_host(urlparse(url if "//" in url else f"//{url}").hostname)
    return [OutletCue(site, cue)] if site else []


_META = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""(\w[\w:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_LINK = re.compile(r"<link\b[^>]*>", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_LD_JSON = re.compile(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", re.I | re.S)
_HREF = re.compile(r"""<a\b[^>]*href\s*=\s*["'](https?://[^"'/]+)""", re.I)
# The logo or brand link to the site's home page: the page's own address
_A_TAG = re.compile(r"<a\b[^>]*>", re.I)
_ROOT = re.compile(r"^https?://(?P<host>[\w.-]+)/?$")
_LOGO_CLASS = re.compile(r"\b(?:logo|brand|site-?name)\b", re.I)
_TITLE_SEP = re.compile(r"\s+[-|:–—•»]\s+")


def _attrs(tag: str) -> dict[str, str]:
    return {k.lower(): html_lib.unescape(v or w) for k, v, w in _ATTR.findall(tag)}


def _publisher_names(node: object) -> Iterable[str]:
    if isinstance(node, list):
        for item in node:
            yield from _publisher_names(item)
    elif isinstance(node, dict):
        pub = node.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            yield pub["name"]
        elif isinstance(pub, list):
            for p in pub:
                if isinstance(p, dict) and isinstance(p.get("name"), str):
                    yield p["name"]
        if "@graph" in node:
            yield from _publisher_names(node["@graph"])


def html_cues(page: str) -> list[OutletCue]:
    """Outlet cues of a saved page's head and links: ``og:site_name``, the JSON-LD publisher,
    the canonical or ``og:url`` link, the ``<title>`` suffix and the most-linked host."""
    out: list[OutletCue] = []
    for tag in _META.findall(page):
        a = _attrs(tag)
        prop = (a.get("property") or a.get("name") or "").lower()
        if prop in ("og:site_name", "application-name", "twitter:site") and a.get("content"):
            out.append(OutletCue(a["content"].lstrip("@"), "meta"))
        elif prop == "og:url":
            out += url_cue(a.get("content"))
    for tag in _LINK.findall(page):
        a = _attrs(tag)
        if a.get("rel", "").lower() == "canonical":
            out += url_cue(a.get("href"))
    for tag in _A_TAG.findall(page):
        a = _attrs(tag)
        root = _ROOT.match(a.get("href", ""))
        where = f"{a.get('class', '')} {a.get('id', '')}"
        if root and _LOGO_CLASS.search(where):
            out += url_cue(root.group("host"))
            break
    for block in _LD_JSON.findall(page):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        out += [OutletCue(n, "meta") for n in _publisher_names(data) if n.strip()]
    title = _TITLE.search(page)
    if title:
        parts = _TITLE_SEP.split(html_lib.unescape(title.group(1)).strip())
        if len(parts) >= 2 and 0 < len(parts[-1].split()) <= 4:
            out.append(OutletCue(parts[-1].strip(), "title"))
    hosts: dict[str, int] = {}
    for m in _HREF.finditer(page):
        site = site_from_host(m.group(1).split("//", 1)[1])
        if site:
            hosts[site] = hosts.get(site, 0) + 1
    if hosts:
        best = max(hosts, key=lambda h: hosts[h])
        if hosts[best] >= 3:
            out.append(OutletCue(best, "links"))
    return out


_PAGE_PART = re.compile(r"^(?:Halaman|Page)\s+(?:\d+|all|semua)$", re.I)


def title_without_site(title: str, outlet: str | None) -> str:
    """``title`` without a trailing site name or page part after a separator ("... - JawaPos",
    "... | tempo.co", "... - Halaman 2 - Tribunnews.com"): a part naming ``outlet``, any name
    with a domain ending, or "Halaman N"."""
    key = name_key(outlet) if outlet else ""
    for _ in range(3):
        parts = _TITLE_SEP.split(title)
        if len(parts) < 2 or len(parts[-1].split()) > 4:
            break
        last, k = parts[-1].strip(), name_key(parts[-1])
        named = bool(key) and len(k) >= MIN_KEY and (k.startswith(key) or key.startswith(k))
        if not (named or SITE_TOKEN.fullmatch(last) or _PAGE_PART.match(last)):
            break
        title = title[: title.rfind(parts[-1])].rstrip()
        title = re.sub(r"\s*[-|:–—•»]$", "", title).rstrip()
    return title


def _known(members: list[OutletCue], rules: RuleSet) -> str | None:
    """The rules file's canonical name of the outlet a group of cues names, if it knows it."""
    from pipeline.clean.article import detect_outlet

    for c in members:
        known = detect_outlet(c.name, rules)
        if known is not None:
            return known
    for c in members:
        host = c.name.lower()
        for dom, name in rules.domains.items():
            if host == dom or host.endswith("." + dom):
                return name
    return None


def _groups(cues: Iterable[OutletCue], rules: RuleSet) -> list[tuple[str, list[OutletCue]]]:
    """Cues grouped by the name they give (one outlet: one key, or a key and a longer form of
    it), in order of first appearance; wires, menu words and places dropped."""
    wires = _wire_names(rules)
    groups: list[tuple[list[str], list[OutletCue]]] = []
    counted: dict[tuple[str, str], int] = {}
    for cue in cues:
        key = name_key(cue.name)
        if len(key) < 2:
            continue
        if key in wires and cue.cue not in ("dateline_wire", "copyright", "header", "dateline"):
            continue
        if key in _PRONOUNS or is_place(cue.name, rules.places):
            continue  # a menu word, or a dateline city: never an outlet
        n = counted.get((key, cue.cue), 0)
        if n >= MAX_PER_CUE:
            continue
        counted[(key, cue.cue)] = n + 1
        for g in groups:
            gk = g[0][0]
            short, long_ = sorted((gk, key), key=len)
            if gk == key or (len(short) >= MIN_KEY and long_.startswith(short)):
                g[1].append(cue)
                if len(key) < len(gk):
                    g[0][0] = key
                break
        else:
            groups.append(([key], [cue]))
    return [(k[0], members) for k, members in groups]


def choose_outlet(cues: Iterable[OutletCue], rules: RuleSet) -> tuple[str | None, str | None]:
    """``(outlet, cue)``: the best-supported name among ``cues`` and the strongest cue behind
    it; ``(None, None)`` when no cue that can decide names one. Wire agencies never win except
    by their own dateline or copyright (an agency's own page).

    Names that are one outlet of the rules file count together and take its canonical name.
    A name only the page's chrome displays (logo, copyright, site name, title: no byline or
    dateline behind it) yields to the page's own address when that is no form of it: the
    outlet is named after its address ("Military Review" on id.topwar.ru is ``id.topwar``),
    and a name only an address gives is spelled as :func:`domain_name` spells it."""
    merged: dict[str, list[OutletCue]] = {}
    known: dict[str, str | None] = {}
    for key, members in _groups(cues, rules):
        canonical = _known(members, rules)
        slot = f"known:{canonical}" if canonical else key
        merged.setdefault(slot, []).extend(members)
        known[slot] = canonical
    decisive = {k: m for k, m in merged.items() if not all(c.cue in SUPPORT_ONLY for c in m)}
    scores = {k: sum(c.weight for c in m) for k, m in decisive.items()}
    best = max(scores, key=lambda k: scores[k], default=None)  # the first on a tie
    if best is not None and not {c.cue for c in decisive[best]} & (ADDRESS | EDITORIAL):
        own = [k for k in decisive if {c.cue for c in decisive[k]} & ADDRESS]
        best = max(own, key=lambda k: scores[k], default=best)
    if best is None:  # nothing decisive: the page's top line, if it is a short name (a logo)
        best = next((k for k, m in merged.items() if any(c.cue == "header_weak" for c in m)), None)
    if best is None:
        return None, None
    members = merged[best]
    strongest = max(members, key=lambda c: c.weight).cue
    if known[best] is not None:
        return known[best], strongest
    # Spelled as the printed form with the most weight behind it (shorter on a tie): "detikNews"
    # from its header and byline rather than "detik.com" from its URL and links; an address
    # only when nothing else names the outlet.
    printed = [c for c in members if c.cue not in ADDRESS and c.cue != "links"]
    spelled: dict[str, float] = {}
    first: dict[str, OutletCue] = {}
    for c in printed or members:
        k = name_key(c.name)
        spelled[k] = spelled.get(k, 0.0) + c.weight
        if k not in first or c.weight > first[k].weight:
            first[k] = c
    form = first[max(spelled, key=lambda k: (spelled[k], -len(k)))]
    if form.cue in ADDRESS or form.cue == "links":
        return domain_name(form.name), strongest
    return form.name, strongest
