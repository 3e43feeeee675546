"""A content-addressed cache for per-report work, so that rebuilding a grown corpus
re-does only what changed.

Keys hash the inputs of the work and the *code version* (a hash of the package's own
source files), so any change to the code or to the input invalidates exactly the
affected entries. Entries are pickles written atomically; an unreadable entry is a
miss, never an error. The cache never changes what a build produces.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

import kg


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of every source and asset file of the ``kg`` package."""
    root = Path(kg.__file__).parent
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def key_of(*parts: str | bytes) -> str:
    h = hashlib.sha256(code_version().encode("ascii"))
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


class Cache:
    """Pickled values under ``root/<kind>/<key[:2]>/<key>``; ``root=None`` disables it."""

    def __init__(self, root: Path | None) -> None:
        self.root = Path(root) if root is not None else None

    def _path(self, kind: str, key: str) -> Path:
        assert self.root is not None
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str) -> object | None:
        if self.root is None:
            return None
        try:
            with open(self._path(kind, key), "rb") as fh:
                return pickle.load(fh)
        except Exception:  # a missing, truncated or foreign entry is a miss
            return None

    def put(self, kind: str, key: str, value: object) -> None:
        if self.root is None:
            return
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            return  # a cache that cannot be written only makes the next build slower
