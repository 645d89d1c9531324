"""Parse an HTML page the way a browser tokenises it and list what could be live in it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

# Attributes whose value a browser may load or navigate to.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}


@dataclass
class Page:
    """Every element with its attributes, the scripts' contents, the data blocks (``<script
    type="application/json">``: never executed), and the visible text."""

    elements: list[tuple[str, list[tuple[str, str | None]]]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    data: dict[str, str] = field(default_factory=dict)  # data blocks by id
    text: str = ""

    def data_strings(self) -> list[str]:
        """Every string in the JSON data blocks (what the report's script shows)."""
        out: list[str] = []

        def walk(v: Any) -> None:
            if isinstance(v, str):
                out.append(v)
            elif isinstance(v, list | dict):
                for x in v.values() if isinstance(v, dict) else v:
                    walk(x)

        for block in self.data.values():
            walk(json.loads(block))
        return out

    def data_rows(self, block: str = "explorer-data") -> list[dict[str, Any]]:
        """The rows of a data block of the form ``{"fields": [...], "rows": [[...], ...]}``."""
        data = json.loads(self.data[block])
        return [dict(zip(data["fields"], r, strict=True)) for r in data["rows"]]

    def attributes(self) -> list[tuple[str, str, str]]:
        """``(tag, attribute, value)`` for every attribute of every element."""
        return [(tag, a, v or "") for tag, attrs in self.elements for a, v in attrs]

    def event_handlers(self) -> list[tuple[str, str, str]]:
        """Attributes that run code (``onerror``, ``onclick``, …)."""
        return [x for x in self.attributes() if x[1].lower().startswith("on")]

    def script_urls(self) -> list[tuple[str, str, str]]:
        """URL attributes whose scheme would run code (``javascript:``, ``vbscript:``)."""
        out = []
        for tag, a, v in self.attributes():
            scheme = "".join(c for c in v if c > " ").lower()
            if a.lower() in URL_ATTRIBUTES and scheme.startswith(("javascript:", "vbscript:")):
                out.append((tag, a, v))
        return out

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [dict(attrs) for tag, attrs in self.elements if tag == name]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_script = False
        self._data_id: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.elements.append((tag, attrs))
        if tag == "script":
            a = dict(attrs)
            if a.get("type") == "application/json":
                self._data_id = str(a.get("id"))
                self.page.data[self._data_id] = ""
            else:
                self._in_script = True
                self.page.scripts.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.elements.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
            self._data_id = None

    def handle_data(self, data: str) -> None:
        if self._data_id is not None:
            self.page.data[self._data_id] += data
        elif self._in_script:
            self.page.scripts[-1] += data
        else:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = "".join(self._text)


def parse(html: str) -> Page:
    """The elements, scripts and text of ``html``."""
    p = _Parser()
    p.feed(html)
    p.close()
    return p.page
