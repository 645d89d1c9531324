import base64
import hashlib
from html.parser import HTMLParser

import pytest

from pipeline.report.markup import (
    content_security_policy,
    find_spans,
    highlight,
    safe_url,
    script_hash,
)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.kompas.com/a", True),
        ("http://tempo.co/x?y=1&z=2", True),
        ("  https://www.kompas.com/a  ", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("  javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("vbscript:msgbox(1)", False),
        ("data:text/html,<script>", False),
        ('https://x.com/"onmouseover="alert(1)', False),
        ("https://x.com/a b", False),
        ("https://x.com/\x00", False),
        ("https://[::1", False),
        ("//evil.com/x", False),
        ("/relative/path", False),
        ("https://", False),
        (None, False),
        (float("nan"), False),
    ],
)
def test_only_absolute_http_urls_become_links(url, ok: bool) -> None:
    assert (safe_url(url) is not None) == ok


def test_safe_url_returns_the_trimmed_url() -> None:
    assert safe_url(" https://a.id/x ") == "https://a.id/x"


def test_highlight_escapes_text_and_titles() -> None:
    html = str(highlight('<b>Rusia</b> & "NATO"', [(3, 8, "r", '<img src=x onerror="a()">')]))
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert '<mark class=r title="&lt;img src=x onerror=&#34;a()&#34;&gt;">Rusia</mark>' in html
    assert "<img" not in html


def test_highlight_quotes_and_escapes_a_class_that_is_not_a_plain_token() -> None:
    html = str(highlight("abc", [(0, 1, 'x" onclick="y', "")]))
    assert html.startswith('<mark class="x&#34; onclick=&#34;y">a</mark>')
    tags: list[tuple[str, list]] = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: tags.append((tag, attrs))  # type: ignore[method-assign]
    parser.feed(html)
    assert tags == [("mark", [("class", 'x" onclick="y')])]  # one attribute: nothing broke out


def test_highlight_drops_overlapping_and_out_of_range_spans() -> None:
    html = str(highlight("Rusia dan NATO", [(0, 5, "r", ""), (3, 8, "c", ""), (10, 99, "w", "")]))
    assert html == "<mark class=r>Rusia</mark> dan NATO"


def test_find_spans_matches_whole_words_longest_first() -> None:
    lower = "meminta bantuan militer; bantuannya; membantu"
    spans = find_spans(lower, ["bantuan", "meminta bantuan", "bantu"])
    assert spans == [(0, 15, "meminta bantuan")]
    # The coder's word definition: a hyphen joins words ("x-bantu" is one word, no "bantu").
    assert find_spans("x-bantu y", ["bantu"]) == []
    assert find_spans("bantu-membantu, bantu", ["bantu"]) == [(16, 21, "bantu")]


def test_csp_allows_exactly_the_given_script_and_no_host() -> None:
    script = "console.log(1);\n"
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert script_hash(script) == f"'sha256-{digest}'"
    csp = content_security_policy(script)
    assert "default-src 'none'" in csp
    assert f"script-src 'sha256-{digest}';" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "http" not in csp and "*" not in csp
