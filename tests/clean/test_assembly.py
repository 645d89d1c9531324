"""The kernel-side helpers of the clean stage's assembly: reordering and packed signatures."""

import numpy as np
import pyarrow as pa
import pytest

from pipeline.clean.dedup import NUM_PERM, signature
from pipeline.clean.stage import packed_hashvalues, take_columns


def test_take_columns_equals_take() -> None:
    rng = np.random.default_rng(3)
    n = 500
    parts = [
        pa.table(
            {
                "doc_id": [f"d{i}-{k}" for i in range(n // 5)],
                "n": pa.array(rng.integers(0, 9, n // 5), pa.int64()),
                "wires": [[f"w{i % 3}"] if i % 2 else [] for i in range(n // 5)],
            }
        )
        for k in range(5)
    ]
    table = pa.concat_tables(parts)  # several chunks, as the shards' results
    order = rng.permutation(n)
    assert take_columns(table, order).equals(table.take(pa.array(order)))
    assert take_columns(table, order).schema == table.schema


def test_packed_hashvalues_round_trip_is_lossless() -> None:
    bodies = ["Armenia dan Rusia " * k + f"kata{k} lain" for k in range(1, 30)] + [""]
    values = [signature(b).hashvalues for b in bodies]
    packed = packed_hashvalues(values)
    assert packed.dtype == np.uint32 and packed.shape == (len(bodies), NUM_PERM)
    assert np.array_equal(packed.astype(np.uint64), np.vstack(values))
    assert packed_hashvalues([]).shape == (0, NUM_PERM)


def test_packed_hashvalues_refuses_wide_values() -> None:
    with pytest.raises(ValueError, match="32 bits"):
        packed_hashvalues([np.full(NUM_PERM, 1 << 33, np.uint64)])
