"""Synthetic benchmark corpus: N scraped-format articles perturbed from the seeds in data/raw/.

Each article keeps its seed's page boilerplate but gets a random date (2020-01..2025-12, in the
seed's own formats), a random outlet from ``data/lexicons/boilerplate.yaml``, shuffled, dropped
and duplicated body paragraphs, state names swapped among a small list, and occasional typos.
About 2 % of the articles are exact copies of an earlier one and 2 % near copies (one typo in the
body and a new byline time), so that deduplication has work. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"
RULES_PATH = ROOT / "data" / "lexicons" / "boilerplate.yaml"

EXACT_SHARE = 0.02
NEAR_SHARE = 0.02
FIRST_DAY, LAST_DAY = date(2020, 1, 1), date(2025, 12, 31)

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # Monday first
MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember")  # fmt: skip
_DAY = "(?:" + "|".join(DAY_NAMES) + ")"
# "31/10/2020, 18:39 WIB"
_BYLINE_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}), (\d{2}):(\d{2}) WIB")
# "Kamis (13/6/2024)"
_PAREN_DATE = re.compile(rf"\b{_DAY} \((\d{{1,2}})/(\d{{1,2}})/(\d{{4}})\)")
# "Senin, 19 September 2022"
_LONG_DATE = re.compile(rf"\b{_DAY}, (\d{{1,2}}) ({'|'.join(MONTH_NAMES)}) (\d{{4}})\b")

# Outlet names written in the seeds, replaced by another outlet's name on every page.
SEED_OUTLETS = ("Kompas.com", "KOMPAS.com", "TEMPO.CO", "Warta Ekonomi", "VIVA Militer")
_SEED_OUTLET = re.compile("|".join(re.escape(s) for s in SEED_OUTLETS))
_BARE_DATELINE = re.compile(r"^([A-Z]{3,}) – ", re.M)  # "YEREVAN – " (no outlet named)

# States whose names are swapped among themselves (the focal state, Armenia, stays).
SWAP_STATES = ("Rusia", "Azerbaijan", "Turki", "Iran", "Georgia", "Prancis", "Jerman", "Inggris",
               "Ukraina", "Belarus", "Kazakhstan", "Amerika Serikat")  # fmt: skip
_STATE = re.compile(r"\b(" + "|".join(sorted(SWAP_STATES, key=len, reverse=True)) + r")\b")
_WORD = re.compile(r"\b[a-z]{4,}\b")
_PARA_END = re.compile(r"[.!?\"”’]$")


def _outlet_surfaces(path: Path) -> list[str]:
    """Literal outlet names from the ``detect`` patterns of the boilerplate rules file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for spec in data["outlets"].values():
        for pat in spec.get("detect", []):
            surface = pat.replace("\\", "")
            if re.fullmatch(r"[A-Za-z][\w. ]*\w", surface) and re.fullmatch(pat, surface):
                out.append(surface)
    return out


def _boilerplate(path: Path) -> list[re.Pattern[str]]:
    """The general boilerplate line patterns of the rules file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [re.compile(p) for pats in data["rules"].values() for p in pats]


def _is_body(line: str, boilerplate: list[re.Pattern[str]]) -> bool:
    """A body paragraph: a long line ending a sentence that no boilerplate rule matches."""
    s = line.strip()
    return (
        len(s.split()) >= 12
        and bool(_PARA_END.search(s))
        and not any(p.search(s) for p in boilerplate)
    )


def _shift_dates(text: str, rng: random.Random) -> str:
    """Move every byline/body date of ``text`` by one offset to a random day in 2020–2025."""
    found: list[date] = []
    for pat in (_BYLINE_DATE, _PAREN_DATE):
        for m in pat.finditer(text):
            found.append(date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in _LONG_DATE.finditer(text):
        found.append(date(int(m.group(3)), MONTH_NAMES.index(m.group(2)) + 1, int(m.group(1))))
    if not found:
        return text
    first, span = min(found), max(found) - min(found)
    days = (LAST_DAY - span - FIRST_DAY).days
    offset = FIRST_DAY + timedelta(days=rng.randint(0, days)) - first
    hour, minute = rng.randint(5, 23), rng.randint(0, 59)

    def byline(m: re.Match[str]) -> str:
        d = date(int(m.group(3)), int(m.group(2)), int(m.group(1))) + offset
        return f"{d.day:02d}/{d.month:02d}/{d.year}, {hour:02d}:{minute:02d} WIB"

    def paren(m: re.Match[str]) -> str:
        d = date(int(m.group(3)), int(m.group(2)), int(m.group(1))) + offset
        return f"{DAY_NAMES[d.weekday()]} ({d.day}/{d.month}/{d.year})"

    def long(m: re.Match[str]) -> str:
        d = date(int(m.group(3)), MONTH_NAMES.index(m.group(2)) + 1, int(m.group(1))) + offset
        return f"{DAY_NAMES[d.weekday()]}, {d.day} {MONTH_NAMES[d.month - 1]} {d.year}"

    for pat, fn in ((_BYLINE_DATE, byline), (_PAREN_DATE, paren), (_LONG_DATE, long)):
        text = pat.sub(fn, text)
    return text


def _set_outlet(text: str, outlet: str) -> str:
    """Replace the seed's outlet names by ``outlet``; name it in a bare dateline if none."""
    if _SEED_OUTLET.search(text):
        return _SEED_OUTLET.sub(outlet, text)
    return _BARE_DATELINE.sub(lambda m: f"{m.group(1)}, {outlet} – ", text, count=1)


def _typo(word: str, rng: random.Random) -> str:
    """Swap two adjacent letters, drop one, or double one."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def _add_typos(para: str, k: int, rng: random.Random) -> str:
    words = list(_WORD.finditer(para))
    for m in sorted(rng.sample(words, min(k, len(words))), key=lambda m: -m.start()):
        para = para[: m.start()] + _typo(m.group(0), rng) + para[m.end() :]
    return para


def _swap_map(text: str, rng: random.Random) -> Callable[[str], str]:
    """Rotate 1–3 states named in ``text`` with 1–2 others of :data:`SWAP_STATES` (a bijection)."""
    present = sorted(set(_STATE.findall(text)))
    absent = [s for s in SWAP_STATES if s not in present]
    cycle = rng.sample(present, rng.randint(1, min(3, len(present)))) if present else []
    cycle += rng.sample(absent, rng.randint(1, 2))
    mapping = dict(zip(cycle, cycle[1:] + cycle[:1], strict=True))

    def swap(line: str) -> str:
        return _STATE.sub(lambda m: mapping.get(m.group(0), m.group(0)), line)

    return swap


def _perturb_body(lines: list[str], body_idx: list[int], rng: random.Random) -> list[str]:
    """The seed's lines with its body paragraphs shuffled, dropped, duplicated and misspelt."""
    paras = [lines[i] for i in body_idx]
    lead, rest = paras[0], paras[1:]
    rng.shuffle(rest)
    kept = [p for p in rest if rng.random() >= 0.35] or rest[:2]
    for p in [p for p in kept if rng.random() < 0.08]:
        kept.insert(rng.randrange(len(kept) + 1), p)
    new = [lead, *kept]
    if rng.random() < 0.6:
        for _ in range(rng.randint(1, 4)):
            j = rng.randrange(len(new))
            new[j] = _add_typos(new[j], 1, rng)
    # Refill the body slots in order; the last slot takes any extra paragraphs.
    sep = "\n\n" if any(not lines[i + 1].strip() for i in body_idx[:-1]) else "\n"
    body_set, last = set(body_idx), body_idx[-1]
    out: list[str] = []
    skip_blank = False
    for i, line in enumerate(lines):
        if skip_blank and not line.strip():
            skip_blank = False
            continue
        skip_blank = False
        if i not in body_set:
            out.append(line)
        elif i == last and new:
            out.append(sep.join(new))
            new = []
        elif new:
            out.append(new.pop(0))
        else:
            skip_blank = True
    return out


def _near_copy(text: str, boilerplate: list[re.Pattern[str]], rng: random.Random) -> str:
    """``text`` with one typo in one body paragraph and a new byline time (same date)."""
    lines = text.split("\n")
    body = [i for i, ln in enumerate(lines) if _is_body(ln, boilerplate)]
    for _ in range(10):
        i = rng.choice(body)
        changed = _add_typos(lines[i], 1, rng)
        if changed != lines[i]:
            lines[i] = changed
            break
    hour, minute = rng.randint(5, 23), rng.randint(0, 59)
    return _BYLINE_DATE.sub(
        lambda m: f"{m.group(1)}/{m.group(2)}/{m.group(3)}, {hour:02d}:{minute:02d} WIB",
        "\n".join(lines),
    )


def _fresh(seed: tuple[list[str], list[int]], outlets: list[str], rng: random.Random) -> str:
    lines, body_idx = seed
    swap = _swap_map("\n".join(lines[i] for i in body_idx), rng)
    lines = [swap(ln) if i in body_idx else ln for i, ln in enumerate(lines)]
    text = "\n".join(_perturb_body(lines, body_idx, rng))
    return _set_outlet(_shift_dates(text, rng), rng.choice(outlets))


def generate(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` synthetic articles as ``(filename, text)``; the same ``seed`` gives the same corpus."""
    boilerplate = _boilerplate(RULES_PATH)
    outlets = _outlet_surfaces(RULES_PATH)
    seeds = []
    for path in sorted(RAW_DIR.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        seeds.append((lines, [i for i, ln in enumerate(lines) if _is_body(ln, boilerplate)]))
    rng = random.Random(seed)
    n_exact, n_near = round(n * EXACT_SHARE), round(n * NEAR_SHARE)
    copies = rng.sample(range(1, n), n_exact + n_near) if n > n_exact + n_near else []
    kind = {i: "exact" for i in copies[:n_exact]} | {i: "near" for i in copies[n_exact:]}
    width = max(3, len(str(n - 1)))
    texts: list[str] = []
    originals: list[int] = []  # indices of freshly generated articles
    for i in range(n):
        if kind.get(i) and originals:
            src = texts[rng.choice(originals)]
            text = src if kind[i] == "exact" else _near_copy(src, boilerplate, rng)
        else:
            text = _fresh(seeds[i % len(seeds)], outlets, rng)
            originals.append(i)
        texts.append(text)
    return [
        (f"{i:0{width}d}_{hashlib.sha256(t.encode()).hexdigest()[:16]}.txt", t)
        for i, t in enumerate(texts)
    ]


def main(argv: list[str] | None = None) -> int:
    """Write the corpus as .txt files."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="number of articles (default 5000)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "corpus")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    docs = generate(args.n, args.seed)
    for name, text in docs:
        (args.out / name).write_text(text, encoding="utf-8")
    words = sum(len(t.split()) for _, t in docs)
    print(f"wrote {len(docs)} articles ({words:,} words) to {args.out}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
