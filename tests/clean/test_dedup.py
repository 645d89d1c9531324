import random

import numpy as np
import pytest

from pipeline.clean.dedup import (
    _WORD,
    NUM_PERM,
    Candidate,
    _minhash,
    find_duplicates,
    signature,
    unknown_date_ord,
)

STORY = (
    "Armenia bersiap menarik diri dari aliansi militer yang dipimpin Rusia dan merapat ke Amerika "
    "Serikat setelah perdana menteri mengumumkan keputusan tersebut di parlemen pada hari Rabu "
    "sementara oposisi menuduh pemerintah mengkhianati sekutu lama negara itu di kawasan Kaukasus "
    "selatan yang bergolak sejak perang enam pekan pada tahun dua ribu dua puluh lalu."
)


def test_exact_and_near_duplicates_keep_the_earliest() -> None:
    docs = [
        Candidate("late", STORY, 738_000, "late.txt"),
        Candidate("early", STORY + " Tambahan.", 737_000, "z-early.txt"),
        Candidate(
            "edited", STORY.replace("hari Rabu", "hari Kamis") + " Sumber: AFP", 737_500, "e.txt"
        ),
        Candidate(
            "other",
            "Berita lain sama sekali tentang ekonomi Indonesia dan harga beras " * 3,
            737_100,
            "other.txt",
        ),
    ]
    dups = find_duplicates(docs, threshold=0.7)
    assert set(dups) == {"late", "edited"}
    assert dups["late"][0] == "early" and dups["edited"][0] == "early"
    assert "near duplicate" in dups["late"][1]


def test_on_one_day_the_earlier_time_then_the_first_file_is_kept_whatever_the_length() -> None:
    longer = STORY + " Pengamat menilai langkah itu berisiko bagi hubungan dengan Moskow."
    same_day = [
        Candidate("copy", longer, 737_000, "a-copy.txt", minute=15 * 60 + 42),
        Candidate("original", STORY, 737_000, "b-original.txt", minute=10 * 60 + 15),
    ]
    assert find_duplicates(same_day, threshold=0.7)["copy"][0] == "original"
    untimed = [
        Candidate("second", longer, 737_000, "b.txt"),
        Candidate("first", STORY, 737_000, "a.txt"),
    ]
    assert set(find_duplicates(untimed, threshold=0.7)) == {"second"}  # one more word loses
    timed = [untimed[0], Candidate("first", STORY, 737_000, "a.txt", minute=23 * 59)]
    assert set(find_duplicates(timed, threshold=0.7)) == {"second"}  # a stated time wins


def test_exact_copy_is_marked_exact_and_undated_copies_lose() -> None:
    docs = [
        Candidate("undated", STORY, unknown_date_ord(), "a.txt"),
        Candidate("dated", STORY, 737_000, "b.txt"),
    ]
    assert find_duplicates(docs, threshold=0.9) == {"undated": ("dated", "exact duplicate")}


def test_distinct_documents_are_not_duplicates() -> None:
    docs = [
        Candidate(str(i), f"dokumen {i} " + " ".join(f"kata{i}x{j}" for j in range(40)), i, f"{i}")
        for i in range(50)
    ]
    assert find_duplicates(docs, threshold=0.8) == {}


def _datasketch_signature(body: str) -> np.ndarray:
    """The MinHash the hashing replaced: datasketch's ``update_batch`` over the set of shingle
    byte strings, each hashed by CRC-32 inside datasketch."""
    words = _WORD.findall(body.lower())
    k = 5
    if len(words) < k:
        shingles = {" ".join(words).encode()} if words else set()
    else:
        shingles = {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}
    mh = _minhash(NUM_PERM)
    if shingles:
        mh.update_batch(sorted(shingles))
    return mh.hashvalues


@pytest.mark.parametrize("seed", [0, 1])
def test_signature_equals_datasketch_over_the_set_of_shingles(seed: int) -> None:
    rng = random.Random(seed)
    vocab = STORY.split() + ["Rusia", "ÉLITE", "ß", "kata-kata", "2024", "naïve"]
    bodies = ["", "satu", "dua kata", "empat kata saja di", "lima kata tepat di sini"]
    bodies += [STORY, STORY + " " + STORY]  # repeated shingles
    bodies += [" ".join(rng.choices(vocab, k=rng.randint(1, 80))) for _ in range(200)]
    for body in bodies:
        got = signature(body).hashvalues
        want = _datasketch_signature(body)
        assert got.dtype == want.dtype and np.array_equal(got, want), body
    assert not np.array_equal(signature(STORY).hashvalues, signature(STORY + " x").hashvalues)


def test_a_copy_as_close_to_two_kept_articles_joins_the_first_by_doc_id() -> None:
    from pipeline.clean.dedup import Signature

    x = np.arange(128, dtype=np.uint64)
    y = x.copy()
    y[48:] += 1000  # shares 48 of 128 values with x: both are kept
    z = x.copy()
    z[88:] = y[88:]  # 88 of 128 with each
    docs = [
        Candidate("b", "", 1, "x.txt", signature=Signature("dx", x)),
        Candidate("a", "", 2, "y.txt", signature=Signature("dy", y)),
        Candidate("c", "", 3, "z.txt", signature=Signature("dz", z)),
    ]
    assert find_duplicates(docs, 0.5) == {"c": ("a", "near duplicate (Jaccard 0.69)")}
    assert find_duplicates(docs, 0.7) == {}  # 0.6875 is under it
