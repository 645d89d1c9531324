"""One run of the whole pipeline on the seed corpus plus two hostile articles, shared by the
hostile-article, browser and DVC-plots tests (copy the repository, add the articles to
``data/raw/``, ``dvc repro`` there: the approach of ``tests/test_e2e.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.repo import copy_repository, run

# Each payload would set document.title to its marker if it ever ran.
PAYLOADS = {
    "script": '<script>document.title="PWNED-script"</script>',
    "onerror": '<img src="x-onerror.png" onerror="document.title=\'PWNED-onerror\'">',
    "javascript": (
        "<a href=\"javascript:document.title='PWNED-href'\" "
        "onclick=\"document.title='PWNED-onclick'\">klik di sini</a>"
    ),
}
HOSTILE_JSONL = {
    "text": (
        "Yerevan - Armenia meminta bantuan militer dari Rusia setelah serangan di perbatasan, "
        f"kata pejabat pemerintah pada Senin. {PAYLOADS['script']} Perdana Menteri Armenia Nikol "
        "Pashinyan mengatakan negaranya akan bekerja sama dengan NATO dalam latihan bersama "
        f"tahun depan. {PAYLOADS['onerror']}\n\n"
        "Para analis menilai langkah itu menunjukkan Armenia mulai menjauh dari Rusia dan "
        "mendekat ke Barat, meskipun Moskow tetap menjadi mitra dagang terbesar negara tersebut "
        f"di kawasan Kaukasus Selatan. {PAYLOADS['javascript']}\n\n"
        "Pemerintah Armenia juga membekukan keanggotaan dalam CSTO dan menyatakan bahwa aliansi "
        "itu gagal melindungi kedaulatan negara ketika pasukan Azerbaijan menyerang wilayahnya "
        "pada tahun lalu."
    ),
    "url": "javascript:document.title='PWNED-url'",
    "outlet": "<b onmouseover=\"document.title='PWNED-outlet'\">Kabar Jahat</b>",
    "published": "2023-09-20",
    "title": (
        '<script>document.title="PWNED-title"</script>Armenia '
        "<img src=y onerror=\"document.title='PWNED-title-img'\"> Minta Bantuan"
    ),
}
HOSTILE_HTML = """<!DOCTYPE html><html><head>
<title>&lt;script&gt;document.title='PWNED-htmltitle'&lt;/script&gt; Armenia dan Uni Eropa</title>
<link rel="canonical" href="javascript:document.title='PWNED-canonical'">
<meta property="og:url" content="javascript:document.title='PWNED-og'">
<script>document.title='PWNED-raw-script'</script></head>
<body onload="document.title='PWNED-onload'"><article>
<h1>Armenia dan Uni Eropa &lt;img src=z onerror="document.title='PWNED-h1'"&gt;</h1>
<p>Yerevan - Armenia menandatangani kesepakatan kemitraan baru dengan Uni Eropa pada Selasa,
sebuah langkah yang oleh para pengamat dianggap sebagai sinyal bahwa negara itu menjauh dari
Rusia. &lt;script&gt;document.title='PWNED-escaped'&lt;/script&gt;</p>
<p onclick="document.title='PWNED-p'">Menteri Luar Negeri Armenia Ararat Mirzoyan mengatakan
kerja sama dengan Uni Eropa akan diperluas ke bidang keamanan dan energi, sementara Moskow
mengkritik keputusan tersebut dengan keras.
<a href="javascript:document.title='PWNED-a'">tautan</a></p>
<p>Kremlin menyebut langkah Armenia itu sebagai kesalahan besar dan memperingatkan bahwa
hubungan kedua negara akan memburuk jika Yerevan terus mendekat ke Barat dan NATO dalam
beberapa bulan ke depan.</p>
</article></body></html>
"""
HOSTILE_FILES = {"hostile.jsonl": json.dumps(HOSTILE_JSONL) + "\n", "hostile.html": HOSTILE_HTML}


@pytest.fixture(scope="session")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory, root: Path) -> Path:
    """A copy of the repository with the hostile articles in data/raw/, after `dvc repro`."""
    dest = tmp_path_factory.mktemp("hostile") / "haluan"
    copy_repository(root, dest)
    for name, content in HOSTILE_FILES.items():
        (dest / "data" / "raw" / name).write_text(content, encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    run(["git", "init", "-q"], dest)
    run([*git, "add", "-A"], dest)
    run([*git, "commit", "-qm", "copy with hostile articles"], dest)
    run(["dvc", "repro"], dest)
    return dest
