import random
import re

import pytest

from pipeline.blanking import blank

WORD = {"-": re.compile(r"[^\w-]|_"), "_-": re.compile(r"[^\w-]")}


@pytest.mark.parametrize("keep", ["-", "_-"])
def test_blank_is_the_word_class_of_re(keep: str) -> None:
    """Byte-wise (few odd characters) and by pattern (many): the same as ``re``'s ``\\w``."""
    rng = random.Random(1)
    pool = [chr(i) for i in range(0x20, 0x3000) if not 0xD800 <= i < 0xE000]
    for size in (1, 3, 20, 63, 64, 65, 400):
        for _ in range(20):
            text = "".join(rng.choice(pool) for _ in range(size)) + " a_b-c ’é"
            got = blank(text, keep)
            assert len(got) == len(text)
            assert got == WORD[keep].sub(" ", text), text
