"""Batch scoring: gather inputs, assess them in worker processes, stream compact items back.

Why this shape: parsing dominates the cost of an input, so workers read and parse the files
themselves and send back only a `Record` (for summaries, CSV and tables) and, when asked, the
result already serialised as one JSON line; pickling a full result would cap the speed-up. Each
worker builds the catalog and engine once (pool initializer) and then freezes them out of the
cyclic garbage collector (`gc.freeze()`), which otherwise rescans those long-lived objects on
every collection (performance-floor.md §8). Results are never accumulated here: the caller
decides what to keep.
"""

from __future__ import annotations

import fnmatch
import gc
import glob
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from keino_cli.errors import InputError, Problem
from keino_cli.jsonsource import loads_line
from keino_cli.portfolio import Record, record
from keino_cli.readers import read_input, readable
from keino_cli.render.jsonl import dumps

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from keino_cli.engine import Engine


@dataclass(frozen=True, slots=True)
class Settings:
    """What a worker needs to build its own engine (picklable, unlike the engine itself)."""

    criteria: tuple[Path, ...] = ()
    bundled: bool = True
    profile: Path | None = None
    lang: str = "en"
    lines: bool = False  # also serialise each result as a JSON line (jsonl and json formats)


@dataclass(slots=True)
class Item:
    """One input's outcome: a record (and its JSON line when asked), or the problems that stopped it."""

    path: str
    record: Record | None = None
    line: str | None = None
    problems: list[Problem] = field(default_factory=list)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _matches(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) for p in patterns)


def walk(folder: str, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[str]:
    """Files under `folder`, sorted, hidden ones skipped. A file is taken when it matches an
    `include` glob (or, without any, when a reader accepts it) and no `exclude` glob. Globs match
    the file name or the path relative to `folder`; an excluded folder is not entered."""
    found: list[str] = []
    for top, dirs, files in os.walk(folder):
        rel_top = os.path.relpath(top, folder)
        rel_top = "" if rel_top == "." else rel_top.replace(os.sep, "/") + "/"
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _matches(rel_top + d, d, exclude))
        for name in sorted(files):
            rel = rel_top + name
            path = os.path.join(top, name)
            if name.startswith(".") or _matches(rel, name, exclude):
                continue
            if _matches(rel, name, include) if include else readable(path):
                found.append(path)
    return found


def read_list(list_file: str) -> list[str]:
    """Paths from a list file (or `-`): one a line; blank lines and `#` comments are skipped."""
    try:
        text = sys.stdin.read() if list_file == "-" else Path(list_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError.single(list_file, f"cannot read the list: {error}") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def collect(
    args: Iterable[str], include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> list[str | Problem]:
    """Input paths in order, each once: files as given, folders walked, glob patterns expanded.
    What names nothing becomes a `Problem` in its place (a failed input), never a reason to stop."""
    entries: dict[str, str | Problem] = {}
    for arg in args:
        if arg == "-":
            problem = Problem(arg, "standard input cannot be batched; use --from-list - for paths")
            entries[arg] = problem
        elif os.path.isfile(arg):
            entries.setdefault(arg, arg)
        elif os.path.isdir(arg):
            found = walk(arg, include, exclude)
            for path in found:
                entries.setdefault(path, path)
            if not found:
                entries[arg] = Problem(arg, "folder holds no input files")
        elif glob.has_magic(arg):
            matches = [m for m in sorted(glob.glob(arg, recursive=True)) if os.path.isfile(m)]
            for path in matches:
                entries.setdefault(path, path)
            if not matches:
                entries[arg] = Problem(arg, "pattern matches no file")
        else:
            entries[arg] = Problem(arg, "no such file")
    return list(entries.values())


@dataclass(slots=True)
class Resume:
    """What an earlier JSONL output holds: inputs with a result, and where its last whole line ends."""

    done: set[str] = field(default_factory=set)
    lines: list[dict] = field(default_factory=list)  # result lines, kept only when asked for
    size: int = 0
    bad_lines: int = 0


def read_resume(path: str, keep: bool = False) -> Resume:
    """Read an earlier JSONL output. A torn last line (no newline: the run was killed while
    writing) is left out, and `size` says where to cut it off before appending."""
    state = Resume()
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except FileNotFoundError:
        return state
    except OSError as error:
        raise InputError.single(path, f"cannot read: {error.strerror or error}") from None
    with handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                break
            state.size += len(raw)
            try:
                data = loads_line(raw)
                input_path = data["input"]["path"]
            except (ValueError, KeyError, TypeError):
                state.bad_lines += 1
                continue
            if "errors" not in data:
                state.done.add(input_path)
                if keep:
                    state.lines.append(data)
    return state


_ENGINE: Engine | None = None
_LINES = False


def build_engine(settings: Settings) -> Engine:
    from keino_cli.api import load_catalog, load_profile
    from keino_cli.engine import Engine

    catalog = load_catalog(list(settings.criteria), bundled=settings.bundled)
    return Engine(catalog, load_profile(settings.profile), settings.lang)


def _start(engine: Engine, lines: bool) -> None:
    """Make `engine` this process's engine, then keep everything loaded so far out of the GC's way."""
    global _ENGINE, _LINES
    _ENGINE, _LINES = engine, lines
    gc.collect()
    gc.freeze()


def _init_worker(settings: Settings) -> None:
    _start(build_engine(settings), settings.lines)


def assess_one(path: str) -> Item:
    """Read and assess one input in this process; nothing that goes wrong with it stops the run."""
    assert _ENGINE is not None, "call _start or run inside a Runner"
    try:
        data = _ENGINE.assess(read_input(path)).to_dict(compact=True)
    except InputError as error:
        return Item(path, problems=error.problems)
    except Exception as error:  # a reader's bug must not lose the other inputs' results
        return Item(path, problems=[Problem(path, f"internal error: {type(error).__name__}: {error}")])
    return Item(path, record(data), dumps(data) if _LINES else None)


class Runner:
    """Assess many inputs with `jobs` worker processes (in this process when `jobs` is 1).

    Use as a context manager: the pool starts on entry, before any thread (the progress bar)
    exists, because forking a process that runs threads can deadlock.
    """

    def __init__(self, settings: Settings, jobs: int, engine: Engine | None = None) -> None:
        self.settings = settings
        self.jobs = max(1, jobs)
        self.engine = engine
        self.pool: Pool | None = None

    def __enter__(self) -> Runner:
        if self.jobs == 1:
            _start(self.engine or build_engine(self.settings), self.settings.lines)
        else:
            self.pool = multiprocessing.Pool(self.jobs, _init_worker, (self.settings,))
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def map(self, paths: Sequence[str], ordered: bool = True) -> Iterator[Item]:
        """Items in input order, or (`ordered=False`) as they finish, which keeps memory flat."""
        if self.pool is None:
            return map(assess_one, paths)
        chunksize = max(1, min(64, len(paths) // (self.jobs * 16)))
        mapper = self.pool.imap if ordered else self.pool.imap_unordered
        return mapper(assess_one, paths, chunksize)

    def items(self, entries: Sequence[str | Problem], ordered: bool = True) -> Iterator[Item]:
        """An item for every entry of `collect`: problems in their place (first when unordered)."""
        results = self.map([e for e in entries if isinstance(e, str)], ordered)
        if not ordered:
            yield from (Item(e.path, problems=[e]) for e in entries if isinstance(e, Problem))
            yield from results
            return
        for entry in entries:
            yield Item(entry.path, problems=[entry]) if isinstance(entry, Problem) else next(results)
