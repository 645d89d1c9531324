"""Safe HTML fragments built from untrusted article text, and the report's script policy.

Everything taken from articles (text, titles, outlets, URLs) is untrusted. These helpers escape
every character of it; only absolute http(s) URLs without quoting characters become links.
Cues are found in a sentence as the stance coder finds them (:func:`pipeline.matching.find_spans`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from urllib.parse import urlparse

from markupsafe import Markup, escape

from pipeline.matching import find_spans

__all__ = ["Span", "content_security_policy", "find_spans", "highlight", "safe_url", "script_hash"]

# A span to wrap: (start, end, css class, title). An empty title adds no attribute.
Span = tuple[int, int, str, str]

_UNSAFE_IN_URL = frozenset("\"'<>`\\ \n\r\t")
_PLAIN_CLASS = re.compile(r"[a-z][a-z0-9-]*")  # needs no quotes as an attribute value


def safe_url(url: object) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None (never ``javascript:`` and the like)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parsed = urlparse(url)
    except ValueError:
        return None
    if (
        parsed.scheme.lower() in ("http", "https")
        and parsed.netloc
        and not any(c in _UNSAFE_IN_URL or ord(c) < 32 for c in url)
    ):
        return url
    return None


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """Escape ``text`` and wrap ``(start, end, css_class, title)`` spans; overlaps are dropped."""
    out: list[str] = []
    pos = 0
    for s, e, cls, title in sorted(spans):
        if s < pos or e <= s or e > len(text):
            continue
        out.append(escape(text[pos:s]))
        attr = f' title="{escape(title)}"' if title else ""
        css = cls if _PLAIN_CLASS.fullmatch(cls) else f'"{escape(cls)}"'
        out.append(f"<mark class={css}{attr}>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:]))
    return Markup("".join(out))


def script_hash(script: str) -> str:
    """The CSP source (``'sha256-…'``) that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(script: str) -> str:
    """No request to any host; images only as data URIs; only the report's own script runs."""
    return (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src {script_hash(script)}; base-uri 'none'; form-action 'none'"
    )
