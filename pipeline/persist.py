"""Models as skops files (no pickle), written byte for byte the same for the same model."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _canonical(data: bytes) -> bytes:
    """The skops archive with memory ids renumbered in order and fixed zip timestamps.

    skops names arrays after ``id()`` of the objects and stamps members with the current time;
    both change from run to run although the model does not.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        schema = src.read("schema.json").decode("utf-8")
        members = {n: src.read(n) for n in src.namelist() if n != "schema.json"}
    ids: dict[str, str] = {}

    def renumber(match: re.Match[str]) -> str:
        return ids.setdefault(match.group(0), str(len(ids) + 1))

    ids_in_order = re.compile(r"(?<=\"__id__\": )\d+|(?<=\"file\": \")\d+(?=\.npy\")")
    schema = ids_in_order.sub(renumber, schema)
    json.loads(schema)  # still valid
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:

        def put(name: str, payload: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, payload, compresslevel=9)

        put("schema.json", schema.encode("utf-8"))
        for name in sorted(members, key=lambda n: int(ids.get(n.removesuffix(".npy"), 0))):
            new = f"{ids[name.removesuffix('.npy')]}.npy" if name.endswith(".npy") else name
            put(new, members[name])
    return out.getvalue()


def save_skops(obj: Any, path: str | Path) -> Path:
    """Write ``obj`` with skops, deterministically (see :func:`_canonical`)."""
    import skops.io as sio

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_canonical(sio.dumps(obj)))
    return path


def load_skops(path: str | Path) -> Any:
    """Read a skops file, trusting only scikit-learn, numpy, scipy and builtin types."""
    import skops.io as sio

    data = Path(path).read_bytes()
    unknown = sio.get_untrusted_types(data=data)
    allowed = {t for t in unknown if t.startswith(("sklearn.", "numpy.", "scipy.", "builtins."))}
    if set(unknown) - allowed:
        raise ValueError(f"{path}: untrusted types in the model: {sorted(set(unknown) - allowed)}")
    return sio.loads(data, trusted=sorted(allowed))
