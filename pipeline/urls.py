"""Words of a page's URL (the clean stage reads headlines from them, evaluation compares them)."""

from __future__ import annotations

import re

_SLUG_WORD = re.compile(r"[0-9a-z]+", re.I)


def slug_words(url: object) -> set[str]:
    """Words of a URL's slug (its path segment with the most hyphens), ids left out."""
    if not isinstance(url, str) or "/" not in url:
        return set()
    parts = url.split("?", 1)[0].split("#", 1)[0].rstrip("/").split("/")[3:]
    if not parts:
        return set()
    slug = max(parts, key=lambda p: p.count("-")).removesuffix(".html")
    words = _SLUG_WORD.findall(slug.casefold())
    return {t for t in words if not (t.isdigit() and len(t) >= 5)}


def url_words(text: str) -> set[str]:
    """The words of ``text`` as a slug spells them (letters and digits, lower case)."""
    return {w.lower() for w in _SLUG_WORD.findall(text)}
