"""Where reports go: standard output, a device or pipe written directly, or a regular file
replaced atomically — and every fault one clear line naming the user's path.

A CI step reads `keino.sarif` while another writes it, so a regular file is written to a
temporary file beside it and renamed over it: readers see the old report or the new one, never
half of one. Only regular files are replaced that way: `/dev/null`, `/dev/stdout`, a named pipe
or a terminal is opened and written in place (renaming over a device as root would replace the
device with a file). New files get the permissions the umask gives (a later CI step must be able
to read them); a replaced file keeps its own.

Temporary files are named `.keino-tmp-<pid>-…` and removed on any failure and on SIGTERM; one
left by a killed run (`kill -9`) is removed by a later run writing into the same folder.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import TextIO

from keino_cli.errors import InputError, Problem

TEMP_PREFIX = ".keino-tmp-"
STALE_SECONDS = 10 * 60  # an untouched temporary file of a dead process this old is left over

_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.ENOSPC: "no space left on the device",
    errno.EFBIG: "file too large (file size limit)",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.EISDIR: "is a folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EDQUOT: "disk quota exceeded",
    errno.EBADF: "closed",
}


class OutputError(InputError):
    """An output that cannot be written: one problem naming the user's path."""

    def __init__(self, target: str, reason: str) -> None:
        super().__init__([Problem(target, f"cannot write: {reason}")])


def reason(error: OSError) -> str:
    """A short, stable description of an OS error (no temporary file names)."""
    return _REASONS.get(error.errno or 0) or (error.strerror or type(error).__name__).lower()


def prepare_standard_streams() -> None:
    """Make stdout and stderr unable to crash on a character: UTF-8 when they are not a console
    (a Windows redirect uses the ANSI code page), and replacement characters on a console whose
    encoding lacks one. Call once at start-up."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not isinstance(stream, io.TextIOWrapper):
            continue
        try:
            if stream.isatty():
                stream.reconfigure(errors="replace")
            else:
                stream.reconfigure(encoding="utf-8", errors="replace")
        except (OSError, ValueError):  # a closed or detached stream: writes report it later
            continue


def _is_regular_or_absent(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        return True


def _new_file_mode(existing: Path) -> int:
    try:
        return stat.S_IMODE(existing.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary files that killed runs left in `folder` (best effort, never raises)."""
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        pid_text = entry.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        with contextlib.suppress(OSError, ValueError):
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_SECONDS or _alive(int(pid_text)):
                continue
            os.unlink(entry.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


class _Terminated(SystemExit):
    """SIGTERM while a temporary file is open: unwinds so the `finally` removes it."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Terminated(128 + signum)


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """While a temporary file exists, SIGTERM raises instead of killing the process outright."""
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: signals cannot be handled here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def atomic_file(target: str) -> Iterator[TextIO]:
    """A text stream for `target`: a regular (or new) file is written beside it and renamed over it
    when complete; anything else (device, pipe) is written in place. Raises `OutputError`."""
    path = Path(target)
    if path.is_dir():
        raise OutputError(target, "is a folder")
    if not _is_regular_or_absent(path):
        yield from _direct(target)
        return
    real = Path(os.path.realpath(path))  # a symlink to a file stays a symlink
    folder = real.parent
    if not folder.is_dir():
        raise OutputError(target, f"folder {str(path.parent)!r} does not exist")
    remove_stale_temporaries(folder)
    mode = _new_file_mode(real)
    import tempfile  # only for a file output: its import (random, hashlib) is a start-up cost

    with _sigterm_unwinds():
        try:
            fd, temporary = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=folder)
        except OSError as error:
            raise OutputError(target, reason(error)) from None
        try:
            os.chmod(temporary, mode)
            with open(fd, "w", encoding="utf-8") as handle:
                yield handle
            os.replace(temporary, real)
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            raise OutputError(target, reason(error)) from None
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _direct(target: str) -> Iterator[TextIO]:
    try:
        handle = open(target, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as error:
        raise OutputError(target, reason(error)) from None
    try:
        with handle:
            yield handle
    except OSError as error:
        raise OutputError(target, reason(error)) from None


@contextlib.contextmanager
def standard_output() -> Iterator[tuple[TextIO, bool]]:
    """stdout, flushed at the end; a closed or failing stdout is an `OutputError`, a reader that
    went away (`| head`) is left to the caller (BrokenPipeError)."""
    stream = sys.stdout
    if stream is None or stream.closed:
        raise OutputError("standard output", "closed")
    try:
        yield stream, stream.isatty()
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError("standard output", reason(error)) from None


@contextlib.contextmanager
def _reported() -> Iterator[None]:
    """An `OutputError` becomes its line on stderr and exit code 2 (for commands)."""
    try:
        yield
    except OutputError as error:
        import typer

        from keino_cli.commands.common import EXIT_INPUT_ERROR

        for problem in error.problems:
            sys.stderr.write(f"{problem}\n")
        raise typer.Exit(EXIT_INPUT_ERROR) from None


@contextlib.contextmanager
def open_output(target: str | None) -> Iterator[tuple[TextIO, bool]]:
    """Standard output (`None` or `-`) or the file `target`, for a command: a fault is printed as
    one line on stderr and ends the command with exit code 2."""
    with _reported():
        if target in (None, "-"):
            with standard_output() as opened:
                yield opened
        else:
            with atomic_file(target) as handle:
                yield handle, False


@contextlib.contextmanager
def open_output_lines(target: str, keep_bytes: int | None = None) -> Iterator[TextIO]:
    """A JSONL file written line by line (see `LineFile`); `keep_bytes` appends after that many
    bytes of an earlier run (its complete lines). Faults reported as by `open_output`."""
    with _reported():
        handle = LineFile(target, keep_bytes)
        try:
            yield handle  # type: ignore[misc]
        except BaseException:
            handle.abandon()
            raise
        handle.close()


class LineFile(io.TextIOBase):
    """A JSONL file written in whole lines: text is passed to the OS up to its last newline, and
    on a write error the file is cut back to the last complete line, so a full disk or a size
    limit never leaves half a record (a resumed run appends after it)."""

    def __init__(self, target: str, keep_bytes: int | None = None) -> None:
        super().__init__()
        self.target = target
        flags = os.O_WRONLY | os.O_CREAT | (0 if keep_bytes is not None else os.O_TRUNC)
        try:
            self._fd = os.open(target, flags, 0o666)
            if keep_bytes is not None:
                os.ftruncate(self._fd, keep_bytes)  # a torn last line from a killed run
            self._size = os.lseek(self._fd, 0, os.SEEK_END)
        except OSError as error:
            raise OutputError(target, reason(error)) from None
        self._regular = stat.S_ISREG(os.fstat(self._fd).st_mode)
        self._pending = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not self._pending and text.endswith("\n"):  # a whole line or lines (batch: one per input)
            self._emit(text.encode("utf-8"))
            return len(text)
        self._pending += text
        cut = self._pending.rfind("\n") + 1
        if cut:
            self._emit(self._pending[:cut].encode("utf-8"))
            self._pending = self._pending[cut:]
        return len(text)

    def _emit(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError as error:
            if self._regular:
                with contextlib.suppress(OSError):
                    os.ftruncate(self._fd, self._size)
            raise OutputError(self.target, reason(error)) from None
        self._size += len(data)

    def abandon(self) -> None:
        """Close without writing an unfinished last line."""
        self._pending = ""
        self.close()

    def close(self) -> None:
        if self.closed:
            return
        try:
            if self._pending:
                self._emit(self._pending.encode("utf-8"))
                self._pending = ""
        finally:
            os.close(self._fd)
            super().close()
