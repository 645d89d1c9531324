import random
import re
from collections import Counter
from datetime import date

import ahocorasick
import pytest

from pipeline.entities.dictionary import Dictionary, Entity, Pattern
from pipeline.entities.tagger import (
    Mention,
    bloc_of,
    build_automaton,
    scan,
    tag_rows,
    tag_text,
)
from pipeline.matching import blank


@pytest.fixture(scope="module")
def tag(dictionary: Dictionary):
    auto = build_automaton(dictionary)

    def run(text: str, when: date | None = date(2024, 6, 13)) -> list[tuple[str, str, str, str]]:
        return [
            (m.surface, m.entity_id, m.entity_type, m.kind)
            for m in tag_text(text, when, dictionary, auto)
        ]

    return run


def test_names_aliases_and_case(tag) -> None:
    assert tag("AS dan Rusia, as well as") == [
        ("AS", "USA", "COUNTRY", "alias"),
        ("Rusia", "RUS", "COUNTRY", "name"),
    ]
    assert tag("Amerika Serikat membantu") == [("Amerika Serikat", "USA", "COUNTRY", "name")]


def test_longest_match_wins(tag) -> None:
    got = tag("Organisasi Perjanjian Keamanan Kolektif dan Pakta Pertahanan Atlantik Utara (NATO)")
    assert [g[:2] for g in got] == [
        ("Organisasi Perjanjian Keamanan Kolektif", "CSTO"),
        ("Pakta Pertahanan Atlantik Utara", "NATO"),
        ("NATO", "NATO"),
    ]


def test_word_boundaries_clitics_and_affixes(tag) -> None:
    assert [g[1] for g in tag("Rusia-nya menolak")] == ["RUS"]
    assert tag("ke-NATO-an itu") == []
    assert tag("Rusian ASEAN NATOnya") == []
    assert [g[1] for g in tag("konflik Azerbaijan-Armenia")] == ["AZE", "ARM"]


def test_metonyms_and_places(tag) -> None:
    assert tag("Kremlin menolak")[0][1:] == ("RUS", "COUNTRY", "metonym")
    assert tag("Negeri Beruang Merah marah")[0][1:] == ("RUS", "COUNTRY", "metonym")
    assert tag("Washington membantu Yerevan") == [
        ("Washington", "USA", "COUNTRY", "metonym"),
        ("Yerevan", "ARM", "COUNTRY", "metonym"),
    ]
    assert tag("Aksi protes pecah di Yerevan")[0][1:3] == ("loc:yerevan", "LOC")
    assert tag("Baku tembak terjadi") == []
    assert tag("Baku akan menempati distrik")[0][1:] == ("AZE", "COUNTRY", "metonym")


def test_brussels_resolves_by_context(tag) -> None:
    assert tag("Brussels menegaskan sikap NATO")[0][1:3] == ("NATO", "ORG")
    assert tag("Uni Eropa dan Brussels sepakat")[1][1] == "EU"
    assert tag("Brussels menolak")[0][2] == "OTHER"  # no context: left unresolved


def test_offices_resolve_to_the_holder_at_the_date(tag) -> None:
    assert tag("PM Armenia berbicara")[0][1:] == ("person:nikol-pashinyan", "PERSON", "role")
    assert tag("Menhan Rusia tiba", date(2021, 1, 1))[0][1] == "person:sergei-shoigu"
    assert tag("Menhan Rusia tiba", date(2025, 1, 1))[0][1] != "person:sergei-shoigu"
    # The name after the office carries the mention; the office is not counted twice.
    assert tag("Perdana Menteri Armenia Nikol Pashinyan hadir") == [
        ("Nikol Pashinyan", "person:nikol-pashinyan", "PERSON", "name")
    ]
    assert tag("Presiden Armenia berkata", None)[0][1:] == ("ARM", "COUNTRY", "role")


def test_apostrophe_variants(tag) -> None:
    assert (
        tag("James O’Brien dan O'Brien")[0][1]
        == tag("James O'Brien")[0][1]
        == "person:james-obrien"
    )


def test_blocs_from_params(dictionary: Dictionary) -> None:
    russia, west = frozenset({"RUS", "CSTO"}), frozenset({"USA", "NATO"})
    assert bloc_of("person:vladimir-putin", "PERSON", dictionary, "ARM", russia, west) == "russia"
    assert bloc_of("person:nikol-pashinyan", "PERSON", dictionary, "ARM", russia, west) == "focal"
    assert bloc_of("NATO", "ORG", dictionary, "ARM", russia, west) == "west"
    assert bloc_of("TUR", "COUNTRY", dictionary, "ARM", russia, west) == "none"


# ---- Edge cases of the matcher (pipeline/matching.py) as the tagger uses it, checked against
# a plain algorithm: every Aho–Corasick match, word boundaries tested per match, taken leftmost
# first, then longest.

_OLD_LOCATIVE = re.compile(
    r"(?:\b(?:di|ke|dari|menuju|tiba di|ibu kota|ibukota|kota|kunjungan ke|berkunjung ke)\s+)$"
)


def _old_left_ok(text: str, start: int) -> bool:
    if start == 0:
        return True
    prev = text[start - 1]
    if prev.isalnum() or prev == "_":
        return False
    if prev == "-":
        m = re.search(r"(\w+)-$", text[max(0, start - 6) : start])
        return not (
            m and m.group(1) in {"ke", "se", "ber", "ter", "di", "me", "pe", "per", "pen", "pem"}
        )
    return True


def _old_right_ok(text: str, end: int) -> bool:
    if end >= len(text):
        return True
    nxt = text[end]
    if nxt.isalnum() or nxt == "_":
        return False
    if nxt == "-":
        rest = text[end + 1 : end + 5]
        if rest[:1].isupper() or rest[:1].isdigit():
            return True
        return rest.startswith(("nya", "lah", "kah", "pun"))
    return True


_OLD_AUTOMATA: dict[int, tuple[Dictionary, ahocorasick.Automaton]] = {}


def _old_scan(text: str, dictionary: Dictionary) -> list[tuple[int, int, Pattern]]:
    if id(dictionary) not in _OLD_AUTOMATA:
        auto = ahocorasick.Automaton()
        for surface, pat in dictionary.patterns.items():
            auto.add_word(surface, pat)
        auto.make_automaton()
        _OLD_AUTOMATA[id(dictionary)] = (dictionary, auto)
    auto = _OLD_AUTOMATA[id(dictionary)][1]
    found = []
    for last, pat in auto.iter(text):
        start, end = last - len(pat.surface) + 1, last + 1
        if _old_left_ok(text, start) and _old_right_ok(text, end):
            found.append((start, end, pat))
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    taken: list[tuple[int, int, Pattern]] = []
    for m in found:
        if not taken or m[0] >= taken[-1][1]:
            taken.append(m)
    return taken


def _old_tag(text: str, when: date | None, dictionary: Dictionary) -> list[tuple]:
    """The tagger before the fast scan, as (start, end, surface, id, type, kind, method)."""
    ents, stop = dictionary.entities, dictionary.stoplist

    def next_word(end: int) -> str:
        m = re.match(r"\s+(\w+)", text[end : end + 40])
        return m.group(1).lower() if m else ""

    raw = [
        m
        for m in _old_scan(text, dictionary)
        if m[2].surface not in stop or next_word(m[1]) not in stop[m[2].surface]
    ]
    named = Counter(p.target for _, _, p in raw if p.kind in ("name", "alias", "metonym"))
    out = []
    for i, (s, e, pat) in enumerate(raw):
        surface = text[s:e]
        if pat.place and _OLD_LOCATIVE.search(text[max(0, s - 20) : s]):
            slug = re.sub(r"[^a-z0-9]+", "-", surface.lower()).strip("-")
            out.append((s, e, surface, f"loc:{slug}", "LOC", "name", "dictionary+locative"))
        elif pat.kind == "ambiguous":
            cands = pat.target.split("|")
            best = max(cands, key=lambda c: (named[c], -cands.index(c)))
            if named[best] == 0:
                out.append((s, e, surface, pat.target, "OTHER", "metonym", "dictionary+unresolved"))
            else:
                out.append((s, e, surface, best, ents[best].type, "metonym", "dictionary+context"))
        elif pat.kind == "role":
            if i + 1 < len(raw):
                ns, _, npat = raw[i + 1]
                if (
                    npat.kind in ("name", "alias")
                    and ents[npat.target].type == "PERSON"
                    and re.fullmatch(r"[\s,]*", text[e:ns])
                ):
                    continue
            role, of = pat.target.split("@", 1)
            holder = dictionary.holder_at(role, of, when)
            in_text = [p for p in dictionary.holders(role, of) if named[p.id]]
            if holder is not None:
                out.append((s, e, surface, holder.id, "PERSON", "role", "dictionary+role@date"))
            elif when is None and len(in_text) == 1:
                out.append(
                    (s, e, surface, in_text[0].id, "PERSON", "role", "dictionary+role@named")
                )
            else:
                out.append((s, e, surface, of, ents[of].type, "role", "dictionary+role"))
        else:
            ent = ents[pat.target]
            out.append((s, e, surface, ent.id, ent.type, pat.kind, "dictionary"))
    return out


def _tiny(patterns: dict[str, tuple[str, str]], stop: dict[str, frozenset[str]] | None = None):
    """A dictionary of ``surface: (kind, target)`` over entities A, B, C, D (states)."""
    ents = {i: Entity(i, "COUNTRY", i) for i in ("AAA", "BBB", "CCC", "DDD")}
    pats = {s: Pattern(s, kind, target) for s, (kind, target) in patterns.items()}
    d = Dictionary("test", ents, pats, stop or {})
    return d, build_automaton(d)


def test_crossing_matches_are_leftmost_then_longest() -> None:
    d, auto = _tiny({"Ab Bc": ("name", "AAA"), "Bc Cd De": ("name", "BBB"), "Ab": ("name", "CCC")})
    # "Ab Bc" (the leftmost, and the longest there) wins over the longer, crossing "Bc Cd De".
    got = tag_text("x Ab Bc Cd De y", None, d, auto)
    assert [(m.surface, m.entity_id) for m in got] == [("Ab Bc", "AAA")]
    assert [tuple(m) for m in got] == _old_tag("x Ab Bc Cd De y", None, d)
    # Equal lengths: the leftmost wins.
    d, auto = _tiny({"Ab Bc": ("name", "AAA"), "Bc Cd": ("name", "BBB")})
    assert [m.surface for m in tag_text("Ab Bc Cd", None, d, auto)] == ["Ab Bc"]
    assert [(s, e, p.surface) for s, e, p in scan("Ab Bc Cd", auto)] == [(0, 5, "Ab Bc")]


def test_nested_matches_and_stoplisted_spans() -> None:
    d, auto = _tiny(
        {"Ab": ("name", "AAA"), "Ab Bc": ("name", "BBB"), "Bc": ("name", "CCC")},
        {"Ab Bc": frozenset({"zz"})},
    )
    assert [m.surface for m in tag_text("Ab Bc, Bc Ab", None, d, auto)] == ["Ab Bc", "Bc", "Ab"]
    # A stoplisted match still covers its span: "Ab" and "Bc" inside it are not mentions either.
    assert tag_text("Ab Bc zz", None, d, auto) == []
    assert [m.surface for m in tag_text("Ab Bc yy", None, d, auto)] == ["Ab Bc"]


def test_office_before_a_stoplisted_name() -> None:
    ents = {
        "AAA": Entity("AAA", "COUNTRY", "A"),
        "person:nikol": Entity("person:nikol", "PERSON", "Nikol", "AAA"),
    }
    pats = {
        "Kepala Ab": Pattern("Kepala Ab", "role", "kepala@AAA"),
        "Nikol": Pattern("Nikol", "alias", "person:nikol"),
    }
    d = Dictionary("test", ents, pats, {"Nikol": frozenset({"zz"})})
    auto = build_automaton(d)
    # The stoplisted "Nikol" is no mention, so the office is one (of AAA: nobody holds it).
    for text in (
        "Kepala Ab Nikol zz",
        "Kepala Ab Nikol yy",
        "Kepala Ab, Nikol",
        "Kepala Ab -Nikol",
    ):
        assert [tuple(m) for m in tag_text(text, None, d, auto)] == _old_tag(text, None, d), text
    assert [m.kind for m in tag_text("Kepala Ab Nikol zz", None, d, auto)] == ["role"]
    assert [m.kind for m in tag_text("Kepala Ab Nikol yy", None, d, auto)] == ["alias"]


def test_edges_of_the_text_and_hyphens(tag) -> None:
    assert [g[0] for g in tag("Rusia")] == ["Rusia"]
    assert [g[0] for g in tag("Rusia-nya")] == ["Rusia"]
    assert [g[0] for g in tag("-Rusia-")] == []  # "-" before the end: no clitic, no capital
    assert [g[0] for g in tag("(Rusia)")] == ["Rusia"]
    assert [g[0] for g in tag("pro-Rusia dan anti-NATO")] == ["Rusia", "NATO"]
    assert tag("se-Rusia, ke-NATO-an, di-AS-kan, NATO-an") == []
    assert [g[0] for g in tag("Rusia-Ukraina-nya, AS-2")] == ["Rusia", "Ukraina", "AS"]
    assert [g[0] for g in tag("Perserikatan Bangsa-Bangsa")] == ["Perserikatan Bangsa-Bangsa"]
    assert [g[0] for g in tag("Nagorno-Karabakh dan Karabakh")] == ["Nagorno-Karabakh", "Karabakh"]


def test_non_ascii_neighbours(tag) -> None:
    for text in ("Rusia’s", "«Rusia»", "“Rusia”", "Rusia…", "\u00a0Rusia\u00a0", "Rusia—AS"):
        assert [g[1] for g in tag(text)][:1] == ["RUS"], text
    for text in ("éRusia", "Rusiaé", "Rusia_", "_Rusia", "Rusia2", "ИRusia"):
        assert tag(text) == [], text
    assert [g[1] for g in tag("Rusia\u0301")] == ["RUS"]  # a combining mark is no word character
    assert [g[1] for g in tag("Rusia😀AS")] == ["RUS", "USA"]
    # Spaces inside a surface must be the same characters in the text.
    assert tag("Amerika\nSerikat")[0][0] == "Amerika"
    assert [g[0] for g in tag("Amerika Serikat")] == ["Amerika Serikat"]


def test_blank_is_the_word_class_of_re() -> None:
    every = "".join(map(chr, range(0x110000)))
    assert blank(every) == re.sub(r"[^\w-]", " ", every)
    for i in range(0x80, 0x110000, 4099):  # a few non-ASCII characters at a time, sampled
        text = f"a-{every[i : i + 5]}_ b.{every[i : i + 3]}"
        assert blank(text) == re.sub(r"[^\w-]", " ", text), hex(i)


def test_same_mentions_as_the_plain_algorithm(dictionary: Dictionary) -> None:
    """Random texts of surfaces, affixes and punctuation: the same Mentions, in the same order."""
    rng = random.Random(5)
    surfaces = sorted(dictionary.patterns)
    words = [
        *rng.sample(surfaces, 150),
        *[s for s in surfaces if s.split()[0] in ("Brussels", "Presiden", "Perdana", "PM")],
        *dictionary.stoplist,
        *["Nikol Pashinyan", "Amerika Serikat", "Baku", "Yerevan", "Moskow", "Washington"],
        *["di", "ke", "ibu kota", "dan", "tembak", "Latin", "Post", "yang", "Rusian", "ASEAN"],
    ]
    seps = [" ", " ", " ", "  ", "\n", ", ", "-", "(", ")", "’", "«", "»", "é", "_", "", ".", "—"]
    seps += ["ke-", "se-", "-nya", "-an", "\u00a0", "’s ", " di ", " ke ", "-Rusia-"]
    auto = build_automaton(dictionary)
    for k in range(3000):
        parts = [rng.choice(seps)]
        for _ in range(rng.randint(1, 14)):
            parts += [rng.choice(words), rng.choice(seps)]
        text = "".join(parts[rng.randint(0, 1) : len(parts) - rng.randint(0, 1)])
        when = rng.choice([None, date(2019, 5, 1), date(2021, 1, 1), date(2025, 1, 1)])
        got = tag_text(text, when, dictionary, auto)
        assert all(type(m) is Mention for m in got)
        assert [tuple(m) for m in got] == _old_tag(text, when, dictionary), (k, text)
        rows = tag_rows(text, when, dictionary, auto)
        assert all(type(r) is tuple for r in rows) and rows == got
        assert scan(text, auto) == _old_scan(text, dictionary), (k, text)


def test_rows_are_plain_tuples_the_collector_stops_tracking(dictionary: Dictionary) -> None:
    """The point of tag_rows: after one collection its rows cost the collector nothing (a
    NamedTuple, or a row holding a tracked object, stays tracked for its whole life)."""
    import gc

    text = "Presiden Rusia, Brussels, PM Armenia Nikol Pashinyan, di Yerevan, dan AS menolak"
    rows = tag_rows(text, None, dictionary, build_automaton(dictionary))
    methods = {r[6] for r in rows}
    assert {"dictionary", "dictionary+role", "dictionary+locative"} <= methods
    assert "dictionary+unresolved" in methods  # "Brussels" with neither the EU nor NATO named
    gc.collect()
    assert rows and not any(gc.is_tracked(r) for r in rows)
    assert gc.is_tracked(Mention._make(rows[0]))
