from pipeline.clean.dedup import Candidate, find_duplicates, unknown_date_ord

STORY = (
    "Armenia bersiap menarik diri dari aliansi militer yang dipimpin Rusia dan merapat ke Amerika "
    "Serikat setelah perdana menteri mengumumkan keputusan tersebut di parlemen pada hari Rabu "
    "sementara oposisi menuduh pemerintah mengkhianati sekutu lama negara itu di kawasan Kaukasus "
    "selatan yang bergolak sejak perang enam pekan pada tahun dua ribu dua puluh lalu."
)


def test_exact_and_near_duplicates_keep_the_earliest_then_longest() -> None:
    docs = [
        Candidate("late", STORY, 738_000, 60),
        Candidate("early", STORY + " Tambahan.", 737_000, 61),
        Candidate("edited", STORY.replace("hari Rabu", "hari Kamis") + " Sumber: AFP", 737_500, 62),
        Candidate(
            "other",
            "Berita lain sama sekali tentang ekonomi Indonesia dan harga beras " * 3,
            737_100,
            30,
        ),
    ]
    dups = find_duplicates(docs, threshold=0.7)
    assert set(dups) == {"late", "edited"}
    assert dups["late"][0] == "early" and dups["edited"][0] == "early"
    assert "near duplicate" in dups["late"][1]


def test_exact_copy_is_marked_exact_and_undated_copies_lose() -> None:
    docs = [
        Candidate("undated", STORY, unknown_date_ord(), 60),
        Candidate("dated", STORY, 737_000, 60),
    ]
    assert find_duplicates(docs, threshold=0.9) == {"undated": ("dated", "exact duplicate")}


def test_distinct_documents_are_not_duplicates() -> None:
    docs = [
        Candidate(str(i), f"dokumen {i} " + " ".join(f"kata{i}x{j}" for j in range(40)), i, 41)
        for i in range(50)
    ]
    assert find_duplicates(docs, threshold=0.8) == {}
