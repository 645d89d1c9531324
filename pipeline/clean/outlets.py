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
rules file's canonical name when it knows that outlet). A credit or a logo alone is not enough
when it is the only cue of a kind that names sources rather than the publisher; an unknown
outlet stays unknown rather than becoming a dateline city.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.clean.rules import RuleSet

WEIGHTS = {
    "meta": 4.0,  # og:site_name, JSON-LD publisher
    "dateline": 3.0,
    "byline": 3.0,
    "url": 2.0,  # the page's own URL (given, printed, canonical)
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
}
# Cues that do not decide against another name; a weak header still decides alone (a logo).
SUPPORT_ONLY = frozenset({"credit", "header_weak"})
MAX_PER_CUE = 2  # a name counts at most this often per cue kind (menus repeat a site name)
MIN_KEY = 4  # a shorter key never absorbs a longer one ("news" does not join "newsfront")

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DOMAIN_END = r"(?:co\.id|or\.id|web\.id|my\.id|com|co|id|net|tv|su|ru|org|news)"
# A domain ending a key ignores; ".tv" is part of a brand ("KOMPAS.TV" is Kompas TV).
_DOMAIN_SUFFIX = re.compile(
    r"\.(?:co\.id|or\.id|web\.id|my\.id|com|co|id|net|su|ru|org|news)$", re.I
)
# "JawaPos.com", "TRIBUNNEWS.COM", "REPUBLIKA.CO.ID", "KOMPAS.TV", "Suara.Com"
SITE_TOKEN = re.compile(rf"\b[A-Za-z][\w-]{{1,30}}\.(?i:{_DOMAIN_END})\b")
_NAME = r"[A-Za-z][\w.+&'-]*(?: [A-Z0-9][\w.+&'-]*){0,3}"
# A dateline's prefix: one or two comma-separated names, an optional "(AGENCY)", a dash.
_DATELINE = re.compile(
    rf"^(?P<a>{_NAME})(?:\s*,\s*(?P<b>{_NAME}))?(?:\s*\((?P<paren>[A-Za-z][\w .-]{{1,30}})\))?"
    r"\s*[-–—]{1,2}\s*(?=\S)"
)
# A site name in capitals glued into a line before a dateline: "...ZemlianichenkoREPUBLIKA.CO.ID,
# MOSKOW --", "... 10:15 WIBMOSKOW, KOMPAS.TV -" (the time zone glued to the city).
_GLUED_SITE = re.compile(
    r"(?P<site>[A-Z][A-Z0-9-]+\.(?:CO\.ID|COM|CO|ID|TV|NET))\s*(?:,\s*[A-Z][\w ]{1,30})?"
    r"\s*[-–—]{1,2}\s"
)
_GLUED_ZONE = re.compile(r"(?<=\b\d{2}[.:]\d{2} )(?:WIB|WITA|WIT)(?=[A-Z]{3})")
# A byline with a time zone glued to the dateline after it (the head, then the dateline's start).
GLUED_BYLINE = re.compile(
    r"^(?P<head>.{0,80}?\d{1,2}[.:]\d{2} ?(?:WIB|WITA|WIT))(?=[A-Z]{3,}[\w.]*(?:, ?[A-Z][\w.]+)*"
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
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
    r"(?P<name>[A-Z][\w.&' -]{1,40}?)\s*(?:\d{4})?\s*(?:[.,|]\s|[.,|]?$|all rights|hak cipta|\()",
    re.I,
)
_CREDIT = re.compile(r"^Sumber\s*[:：]\s*(?P<name>[A-Z][\w .-]{1,40}?)\s*(?:[/,]|$)")
_HEADER = re.compile(r"^[A-Za-z][\w.&'-]*(?: [A-Z0-9][\w.&'-]*){0,3}$")
# Words of prompts and menus that are never an outlet's name ("Ikuti kami", "Berita", "Home").
_PRONOUNS = frozenset(
    {"kami", "kita", "us", "berita", "news", "artikel", "video", "foto", "home", "beranda"}
    | {"menu", "search", "cari", "login", "masuk", "daftar", "indeks", "index", "terkini"}
    | {"internasional", "nasional", "dunia", "world", "global", "populer", "terpopuler"}
)


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


def _wire_names(rules: RuleSet) -> frozenset[str]:
    return frozenset(name_key(w) for w in (*rules.wire_canonical, *rules.wire_canonical.values()))


def _looks_like_city(part: str) -> bool:
    return part.isupper() or bool(re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", part))


def dateline_outlet(line: str) -> tuple[str | None, str | None]:
    """``(outlet, cue)`` a line's dateline names, or ``(None, None)``: the part with a domain
    ending ("MOSKOW, KOMPAS.TV -", "TEMPO.CO, Jakarta -", "TRIBUNNEWS.COM -"), else the second
    of "City, Outlet -" ("Jakarta, IDN Times -"), else the agency of "Yerevan (ANTARA) -"."""
    line = _GLUED_ZONE.sub("", line, count=1)
    m = _DATELINE.match(line)
    if m is None:
        glued = _GLUED_SITE.search(line[:400])
        return (glued.group("site"), "dateline") if glued else (None, None)
    a, b, paren = m.group("a"), m.group("b"), m.group("paren")
    for part in (a, b):
        if part and SITE_TOKEN.fullmatch(part):
            return part, "dateline"
    if b and _looks_like_city(a) and not re.search(r"\d", b) and len(b.split()) <= 3:
        if a.isupper() and not b.isupper() and " " not in b:  # "VOI, Jakarta -": outlet first
            return a, "dateline_part"
        return b, "dateline"
    if paren and not b:
        return paren.strip(), "dateline_wire"
    return None, None


def line_cues(line: str, rules: RuleSet, first: bool = False) -> list[OutletCue]:
    """The outlet cues of one furniture line (``first``: the page's first line, its logo)."""
    out: list[OutletCue] = []
    if len(line) > 400:
        return out
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
        out += [OutletCue(t.group(0), "site_token") for t in SITE_TOKEN.finditer(line)]
    if first and _HEADER.match(line) and len(line.split()) <= 4:
        # A logo's text looks like a brand ("BERITA DUNIA KINI", "detikNews", "Suara.com");
        # any other short first line (a headline, a menu word) only supports other cues.
        brand = line.isupper() or bool(re.search(r"[a-z][A-Z]|\.\w", line))
        out.append(OutletCue(line, "header" if brand else "header_weak"))
    return out


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


def choose_outlet(cues: Iterable[OutletCue], rules: RuleSet) -> tuple[str | None, str | None]:
    """``(outlet, cue)``: the best-supported name among ``cues`` and the strongest cue behind
    it; ``(None, None)`` when no cue that can decide names one. Wire agencies never win except
    by their own dateline or copyright (an agency's own page)."""
    wires = _wire_names(rules)
    groups: list[dict[str, object]] = []
    counted: dict[tuple[str, str], int] = {}
    for cue in cues:
        key = name_key(cue.name)
        if len(key) < 2:
            continue
        if key in wires and cue.cue not in ("dateline_wire", "copyright", "header", "dateline"):
            continue
        if key in _PRONOUNS:
            continue
        n = counted.get((key, cue.cue), 0)
        if n >= MAX_PER_CUE:
            continue
        counted[(key, cue.cue)] = n + 1
        for g in groups:
            gk = str(g["key"])
            short, long_ = sorted((gk, key), key=len)
            if gk == key or (len(short) >= MIN_KEY and long_.startswith(short)):
                g["cues"].append(cue)  # type: ignore[attr-defined]
                if len(key) < len(gk):
                    g["key"] = key
                break
        else:
            groups.append({"key": key, "cues": [cue]})
    best, best_score = None, 0.0
    for g in groups:
        members: list[OutletCue] = g["cues"]  # type: ignore[assignment]
        if all(c.cue in SUPPORT_ONLY for c in members):
            continue
        score = sum(c.weight for c in members)
        if score > best_score:
            best, best_score = g, score
    if best is None:  # nothing decisive: the page's top line, if it is a short name (a logo)
        best = next((g for g in groups if any(c.cue == "header_weak" for c in g["cues"])), None)  # type: ignore[attr-defined]
    if best is None:
        return None, None
    members = best["cues"]  # type: ignore[assignment]
    from pipeline.clean.article import detect_outlet

    for c in members:
        known = detect_outlet(c.name, rules)
        if known is not None:
            return known, max(members, key=lambda c: c.weight).cue
    for c in members:
        host = c.name.lower()
        for dom, name in rules.domains.items():
            if host == dom or host.endswith("." + dom):
                return name, max(members, key=lambda c: c.weight).cue
    # Spelled as the form with the most weight behind it (shorter on a tie): "detikNews" from
    # its header and byline rather than "detik.com" from its links.
    spelled: dict[str, float] = {}
    first: dict[str, OutletCue] = {}
    for c in members:
        k = name_key(c.name)
        spelled[k] = spelled.get(k, 0.0) + c.weight
        if k not in first or c.weight > first[k].weight:
            first[k] = c
    key = max(spelled, key=lambda k: (spelled[k], -len(k)))
    return first[key].name, max(members, key=lambda c: c.weight).cue
