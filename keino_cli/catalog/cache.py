"""A cache of loaded catalogs, so a command does not re-parse and re-validate unchanged criteria.

Parsing and validating 100+ criteria costs more than assessing a procurement; the validated
`Catalog` is pickled under the platform's cache folder (`platformdirs`; `KEINO_CACHE_DIR`
overrides it, as the tests do), keyed by every source file of the package and every criteria
file (path, size and modification time: reading them all would cost more than the cache saves),
so no change to either, even in a source checkout without a new version, can revive a catalog of
an older shape or content. The file keeps its whole key and is used only when that matches; the
file name is a checksum of the key (zlib's: hashlib's import, OpenSSL's, would cost more start-up
than the cache reads), so two keys sharing a name only ever replace each other's file.
`KEINO_NO_CACHE=1` means a fresh load. A cached run of the assessing commands reads the
`records` form: the same catalog with every model instance as a plain record (model/records.py),
so it imports no pydantic model at all. The cache is only ever read from the user's own cache
folder, which holds nothing but what keino wrote there; any problem with it means a fresh load.
"""

from __future__ import annotations

import functools
import gc
import os
import pickle
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from keino_cli import __version__

T = TypeVar("T")
KEEP = 16  # catalogs kept: bundled alone, with a few user sets, across keino versions


def cache_dir() -> Path:
    explicit = os.environ.get("KEINO_CACHE_DIR")
    if explicit:
        return Path(explicit)
    import platformdirs

    return Path(platformdirs.user_cache_dir("keino", appauthor=False))


def caching() -> bool:
    return not os.environ.get("KEINO_NO_CACHE")


def _prune(folder: Path, kind: str) -> None:
    """Keep the cache small: only the most recently written catalogs (or tables) stay."""
    entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in entries[KEEP - 1 :]:
        stale.unlink(missing_ok=True)


PACKAGE = Path(__file__).resolve().parents[1]


@functools.cache
def _code() -> str:
    """Every source file of the package (path, size, modification time), once per process (the
    code a process runs is the code it loaded); walked with os.scandir, which costs a fraction
    of Path.rglob on every start."""
    parts: list[str] = []
    folders = [""]
    while folders:
        folder = folders.pop()
        with os.scandir(PACKAGE / folder) as entries:
            for entry in entries:
                name = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append(name)
                elif entry.name.endswith(".py"):
                    stat = entry.stat()
                    parts.append(f"|{name}|{stat.st_size}|{stat.st_mtime_ns}")
    return "".join(sorted(parts))


def _key(files: Sequence[tuple[Path, bool]], bundled: bool) -> str:
    parts = [f"{__version__}|{bundled}{_code()}"]
    for path, is_bundled in files:
        stat = path.stat()
        parts.append(f"|{path.resolve()}|{is_bundled}|{stat.st_size}|{stat.st_mtime_ns}")
    return "".join(parts)


def cached(
    files: Sequence[tuple[Path, bool]], bundled: bool, load: Callable[[], T], kind: str = "catalog"
) -> T:
    """`load()`'s result, from the cache when the criteria files have not changed; `kind` names
    what is kept (a `catalog` of models, its `records`, a legal `table`, a `locale.` file of the
    reports), each in files of its own."""
    if not caching():
        return load()
    try:
        key = _key(files, bundled)
        target = cache_dir() / f"{kind}-{zlib.crc32(key.encode()):08x}.pickle"
        with open(target, "rb") as handle:
            data = handle.read()
        collecting = gc.isenabled()
        gc.disable()  # tens of thousands of new objects, none of them garbage: no collection meanwhile
        try:
            stored, loaded = pickle.loads(data)  # our own cache file, see the module docstring
            if stored == key:
                # They live as long as the process: out of the cyclic GC's way, every later
                # collection would otherwise walk them again (refcounting still frees them).
                gc.freeze()
                return loaded
        finally:
            if collecting:
                gc.enable()
    except Exception:  # a missing, stale or damaged cache is only a reason to load afresh
        pass
    result = load()
    try:
        import tempfile  # only to write: a cached run never needs it

        target.parent.mkdir(parents=True, exist_ok=True)
        _prune(target.parent, kind)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False) as out:
            pickle.dump((key, result), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out.name, target)
    except (OSError, pickle.PicklingError, NameError):
        pass
    return result
