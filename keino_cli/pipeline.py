"""The one pipeline of `assess`, `check` and `batch`: inputs -> units -> items -> writers.

* `expand` turns command-line inputs into typed units: a `FileUnit`, a `PackageUnit` (tender
  documents read as one procurement) or a `Problem` (what names nothing is a failed input in its
  place, never a reason to stop).
* `Assessor` (engine, read options, bar and budget, built once) turns one unit into one `Item`:
  the result (or its compact record and JSON line), its verdict against the bar, or the problems
  that stopped it. Whatever goes wrong with one input, including a reader's bug, a time-out or
  running out of memory, stays with that input: it is caught here, at the input boundary.
* `Runner` runs the assessor inline or in worker processes; the commands feed its items to the
  streaming writers of `keino_cli.render.stream` and take the exit code from `keino_cli.gate`.

Workers read and parse inputs themselves and send back only what the writers need (a `Record`
and a JSON line for batch formats), because pickling full results would cap the speed-up. The
classes are plain `__slots__` classes (why: keino_cli/values.py).
"""

from __future__ import annotations

import fnmatch
import gc
import glob
import os
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from keino_cli.errors import InputError, Problem
from keino_cli.readers import ReadOptions, read_inputs, readable
from keino_cli.readers.packages import DOCUMENT_SUFFIXES, Package, folder_inputs, is_description, is_document
from keino_cli.values import Value

INPUT_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", ".ndjson", ".xml")  # single inputs in folder walks
_DOCUMENT_ENDINGS = tuple(DOCUMENT_SUFFIXES)

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from keino_cli.engine import Engine
    from keino_cli.gate import Bar, Verdict
    from keino_cli.model.procurement import ProcurementInput
    from keino_cli.model.result import InputResult
    from keino_cli.portfolio import Record


# --- units -------------------------------------------------------------------------------------


class FileUnit(Value):
    """One input file (`-` is standard input), read by the reader its content calls for."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path


class PackageUnit(Value):
    """Tender documents (and at most one description) read as one procurement; `path` is the
    folder or the first document, for messages and results."""

    __slots__ = ("members", "path")

    def __init__(self, path: str, members: tuple[str, ...]) -> None:
        self.path = path
        self.members = members


Unit = FileUnit | PackageUnit | Problem


def _matches(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) for p in patterns)


def _excluded(rel: str, patterns: Sequence[str]) -> bool:
    """Whether a path relative to the walked folder, or a folder above it, matches `exclude`."""
    parts = rel.split("/")
    return any(_matches("/".join(parts[: i + 1]), parts[i], patterns) for i in range(len(parts)))


def walk(folder: str, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[Unit]:
    """The units under `folder` by the one folder rule (`readers.packages.folder_inputs`: one
    package per tender folder, descriptions and notices one by one), hidden files skipped. A
    single file is taken when it matches an `include` glob (or, without any, when a reader
    accepts it) and no `exclude` glob; globs match the file name or the path relative to
    `folder`, and an excluded folder's files are left out, package members included."""
    root = Path(folder)

    def relative(path: str) -> str:
        return Path(os.path.relpath(path, root)).as_posix()

    def wanted(path: str) -> bool:
        if not (include or exclude):  # the common case: no path to make relative
            return readable(path)
        rel = relative(path)
        if exclude and _excluded(rel, exclude):
            return False
        return _matches(rel, Path(path).name, include) if include else readable(path)

    units: list[Unit] = []
    for entry in folder_inputs(root, wanted, () if include else INPUT_SUFFIXES):
        if isinstance(entry, Package):
            members = tuple(m for m in entry.members if not (exclude and _excluded(relative(m), exclude)))
            if any(is_document(m) for m in members):
                units.append(PackageUnit(str(entry), members))
        else:
            units.append(FileUnit(str(entry)))
    return units


def _may_be_document(path: str) -> bool:
    """False only where `is_document` is: spares building a Path per input of a long batch. A path
    whose last part pathlib would drop (a trailing separator or `.`) is left to `is_document`."""
    return path.lower().endswith(_DOCUMENT_ENDINGS) or path.endswith(("/", ".", os.sep))


def _group_documents(units: list[Unit]) -> list[Unit]:
    """Document files named one by one become one package, with the single description if any."""
    files = [u.path for u in units if isinstance(u, FileUnit)]
    documents = [p for p in files if _may_be_document(p) and is_document(p)]
    if not documents:
        return units
    descriptions = [p for p in files if is_description(p)]
    if len(documents) < 2 and len(descriptions) != 1:
        return units
    partner = descriptions if len(descriptions) == 1 else []
    package = PackageUnit(documents[0], (*partner, *documents))
    taken = {*documents, *partner}
    grouped: list[Unit] = []
    for unit in units:
        if isinstance(unit, FileUnit) and unit.path in taken:
            if package not in grouped:
                grouped.append(package)
        else:
            grouped.append(unit)
    return grouped


def expand(args: Iterable[str], include: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[Unit]:
    """Units in input order, each once: files as given, folders walked (see `walk`), glob
    patterns expanded, `-` standard input; tender documents named together form one package."""
    units: dict[str, Unit] = {}
    for arg in args:
        found: list[Unit]
        if arg == "-" or os.path.isfile(arg) or Path(arg).is_file():  # pathlib also takes `file/`
            found = [FileUnit(arg)]
        elif Path(arg).is_dir():
            found = walk(arg, include, exclude) or [Problem(arg, "folder holds no input files")]
        elif glob.has_magic(arg):
            matches = [m for m in sorted(glob.glob(arg, recursive=True)) if os.path.isfile(m)]
            found = [FileUnit(m) for m in matches] or [Problem(arg, "pattern matches no file")]
        else:
            found = [Problem(arg, "no such file")]
        for unit in found:
            units.setdefault(unit.path, unit)
    return _group_documents(list(units.values()))


def read_unit(
    unit: FileUnit | PackageUnit, options: ReadOptions, input_format: str | None = None
) -> list[ProcurementInput]:
    """The procurements a unit holds: one, except for a file that publishes several."""
    if isinstance(unit, PackageUnit):
        from keino_cli.readers.documents import read_documents

        return [read_documents(list(unit.members), options)]
    return read_inputs(unit.path, options, input_format)


# --- budget ------------------------------------------------------------------------------------

DEFAULT_TIME_LIMIT = 60.0  # seconds per input: generous for a 50 MiB notice, short for a hang
DEFAULT_MEMORY_LIMIT = 2048  # MiB per input, on top of what the process holds before it


class Budget:
    """What one input may cost; `None` (or 0) lifts a limit."""

    __slots__ = ("memory_mib", "seconds")

    def __init__(
        self, seconds: float | None = DEFAULT_TIME_LIMIT, memory_mib: int | None = DEFAULT_MEMORY_LIMIT
    ) -> None:
        self.seconds = seconds
        self.memory_mib = memory_mib


class _TimeUp(BaseException):
    """Raised by the alarm inside whatever the reader is doing; a BaseException so that a
    reader's own `except Exception` cannot swallow it."""


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """An interval timer that raises `_TimeUp` in the block (main thread only: signals are
    delivered there). It interrupts Python code, and C code when it returns to Python."""
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def time_up(signum: int, frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _memory_limit(mib: int | None) -> Iterator[None]:
    """The address-space limit lowered to what the process holds now plus `mib`, so an
    allocation past it raises `MemoryError`; restored afterwards (POSIX with /proc only)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    held = _address_space() if mib else None
    previous = None
    if held is not None:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = held + int(mib or 0) * 2**20
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        if soft == resource.RLIM_INFINITY or wanted < soft:
            try:
                resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
                previous = (soft, hard)
            except (ValueError, OSError):
                previous = None
    try:
        yield
    finally:
        if previous is not None:
            resource.setrlimit(resource.RLIMIT_AS, previous)


@contextmanager
def within(budget: Budget) -> Iterator[None]:
    """Run the block under the budget: time (`_TimeUp`) and memory (`MemoryError`)."""
    with _time_limit(budget.seconds), _memory_limit(budget.memory_mib):
        yield


# --- assessing one unit ------------------------------------------------------------------------


class Needs:
    """What the writers of a run need from each assessed input (workers send only that)."""

    __slots__ = ("line", "record", "result")

    def __init__(self, result: bool = False, record: bool = False, line: bool = False) -> None:
        self.result = result  # the whole `InputResult` (terminal reports, SARIF, full JSON ...)
        self.record = record  # a portfolio `Record` (summaries, CSV, overview table)
        self.line = line  # the compact JSON line (JSONL, batch JSON)

    def __or__(self, other: Needs) -> Needs:
        return Needs(self.result or other.result, self.record or other.record, self.line or other.line)


class Item:
    """One input's outcome: what the writers need and the verdict, or the problems that stopped it."""

    __slots__ = ("line", "path", "problems", "record", "result", "verdict")

    def __init__(
        self,
        path: str,
        result: InputResult | None = None,
        record: Record | None = None,
        line: str | None = None,
        verdict: Verdict | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.path = path
        self.result = result
        self.record = record
        self.line = line
        self.verdict = verdict
        self.problems = [] if problems is None else problems

    @property
    def failed(self) -> bool:
        return bool(self.problems)


class Assessor:
    """Engine, read options, bar and budget, built once; `assess(unit)` never raises for an input."""

    def __init__(
        self,
        engine: Engine,
        options: ReadOptions,
        bar: Bar,
        budget: Budget | None = None,
        input_format: str | None = None,
        needs: Needs | None = None,
    ) -> None:
        if options.catalog is None:  # document readers find evidence with the engine's criteria
            options = replace(options, catalog=engine.catalog)
        self.needs = needs or Needs(result=True)
        # No description models where the input is plainly valid (readers/plain.py): the results are
        # the same, and a cached run then imports no model at all (model/records.py).
        options = replace(options, plain=True)
        self.engine = engine
        self.options = options
        self.bar = bar
        self.budget = budget or Budget()
        self.input_format = input_format

    def assess(self, unit: Unit) -> list[Item]:
        """One item per procurement the unit holds, or one with the problems that stopped it."""
        if isinstance(unit, Problem):
            return [Item(unit.path, problems=[unit])]
        try:
            with within(self.budget):
                return [self._assess(data) for data in read_unit(unit, self.options, self.input_format)]
        except InputError as error:
            return [Item(unit.path, problems=error.problems)]
        except _TimeUp:
            message = f"took too long: stopped after {self.budget.seconds:g} s (the time limit per input)"
        except MemoryError:
            gc.collect()
            message = f"too large: needs more than {self.budget.memory_mib} MiB (the memory limit per input)"
        except RecursionError:
            message = "too deeply nested to read"
        except Exception as error:  # a reader's bug must not lose the other inputs' results
            message = f"internal error while reading this input: {type(error).__name__}: {error}"
        return [Item(unit.path, problems=[Problem(unit.path, message)])]

    def _assess(self, data: ProcurementInput) -> Item:
        from keino_cli.gate import evaluate

        try:
            result = self.engine.assess(data)
        except InputError as error:  # this procurement's facts; the unit's others still count
            return Item(data.path, problems=error.problems)
        item = Item(data.path, result if self.needs.result else None, verdict=evaluate(result, self.bar))
        if self.needs.record or self.needs.line:
            from keino_cli.portfolio import record
            from keino_cli.render.stream import compact_line

            compact = result.to_dict(compact=True)
            item.record = record(compact) if self.needs.record else None
            item.line = compact_line(compact) if self.needs.line else None
        return item


# --- running many ------------------------------------------------------------------------------


class Spec:
    """What a worker process needs to build its own `Assessor` (picklable, unlike the engine)."""

    __slots__ = (
        "bar",
        "budget",
        "bundled",
        "country",
        "criteria",
        "input_format",
        "lang",
        "needs",
        "options",
        "profile",
    )

    def __init__(
        self,
        *,
        criteria: tuple[Path, ...],
        bundled: bool,
        profile: Path | None,
        lang: str,
        options: ReadOptions,
        bar: Bar,
        budget: Budget,
        input_format: str | None,
        needs: Needs,
        country: str | None = None,
    ) -> None:
        self.criteria = criteria
        self.bundled = bundled
        self.profile = profile
        self.lang = lang
        self.options = options
        self.bar = bar
        self.budget = budget
        self.input_format = input_format
        self.needs = needs
        self.country = country

    def build(self) -> Assessor:
        from keino_cli.api import load_catalog, load_profile
        from keino_cli.engine import Engine

        catalog = load_catalog(list(self.criteria), bundled=self.bundled)
        engine = Engine(catalog, load_profile(self.profile, catalog, self.country), self.lang)
        return Assessor(engine, self.options, self.bar, self.budget, self.input_format, self.needs)


_ASSESSOR: Assessor | None = None


def _init_worker(spec: Spec) -> None:
    """A spawned worker (no fork on this platform) builds its own assessor from the spec, then
    keeps everything loaded out of the cyclic GC's way (it would rescan the catalog on every
    collection)."""
    global _ASSESSOR
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: no worker traceback
    _ASSESSOR = spec.build()
    gc.collect()
    gc.freeze()


def _init_forked(assessor: Assessor) -> None:
    """A forked worker starts with the parent's assessor, catalog and engine already built; freezing
    (not collecting) keeps the GC off the inherited objects, so their pages stay shared."""
    global _ASSESSOR
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent's SIGTERM handler (keino_cli.output, while its temporary file exists) raises; in a
    # worker it would turn `Pool.terminate()` into an exception that can leave a queue lock held,
    # and the other worker and the parent's join waiting forever. A worker just ends.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _ASSESSOR = assessor
    gc.freeze()


def _assess_in_worker(chunk: list[Unit]) -> list[list[Item]]:
    assert _ASSESSOR is not None, "the pool initializer builds the assessor"
    return [_ASSESSOR.assess(unit) for unit in chunk]


MAX_CHUNK = 64  # units per task: few enough messages between processes, short enough to balance


def chunks(units: Sequence[Unit], jobs: int) -> Iterator[list[Unit]]:
    """Consecutive runs of `units` for the workers, shrinking towards the end (each about a
    quarter of a worker's share of what is left), so no worker waits long on the last one."""
    start = 0
    while start < len(units):
        size = max(1, min(MAX_CHUNK, (len(units) - start) // (jobs * 4)))
        yield list(units[start : start + size])
        start += size


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _local(unit: Unit) -> bool:
    """Whether a unit is assessed in this process: a problem needs no worker, stdin is this one's."""
    return isinstance(unit, Problem) or unit.path == "-"


class Runner:
    """Assess units with `jobs` worker processes, or inline in this process when `jobs` is 1.

    Use as a context manager: the pool starts on entry, before any thread (the progress bar)
    exists, because forking a process that runs threads can deadlock. Before forking, the first
    of `units` is assessed here, so every worker starts with what a first assessment loads
    (reader modules, compiled patterns, models built on first use) instead of loading it again."""

    def __init__(
        self, assessor: Assessor, spec: Spec | None = None, jobs: int = 1, units: Sequence[Unit] = ()
    ) -> None:
        self.assessor = assessor
        self.spec = spec
        self.jobs = max(1, jobs) if spec is not None else 1
        self.units = units
        self.pool: Pool | None = None
        self.first: tuple[Unit, list[Item]] | None = None  # assessed before forking

    def __enter__(self) -> Runner:
        if self.jobs > 1:
            import multiprocessing  # only for worker processes: a start-up cost otherwise

            context = multiprocessing.get_context()
            if context.get_start_method() == "fork":  # the assessor is inherited, not pickled
                first = next((u for u in self.units if not _local(u)), None)
                if first is not None:
                    self.first = (first, self.assessor.assess(first))
                self.pool = context.Pool(self.jobs, _init_forked, (self.assessor,))
            else:
                self.pool = context.Pool(self.jobs, _init_worker, (self.spec,))
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def items(self, units: Sequence[Unit], ordered: bool = True) -> Iterator[list[Item]]:
        """The items of each unit: in input order, or (`ordered=False`) as they finish, which
        keeps memory flat; problems and standard input are handled here, first when unordered."""
        if self.pool is None:
            yield from map(self.assessor.assess, units)
            return
        here = [u for u in units if _local(u)]
        there = [u for u in units if not _local(u)]
        done: dict[Unit, list[Item]] = {}
        if self.first is not None and there and there[0] == self.first[0]:
            done[there.pop(0)] = self.first[1]
        mapper = self.pool.imap if ordered else self.pool.imap_unordered
        results = (items for chunk in mapper(_assess_in_worker, chunks(there, self.jobs)) for items in chunk)
        if not ordered:
            yield from done.values()
            yield from map(self.assessor.assess, here)
            yield from results
            return
        for unit in units:
            if _local(unit):
                yield self.assessor.assess(unit)
            else:
                yield done.pop(unit) if unit in done else next(results)
