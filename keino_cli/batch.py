"""What `keino batch` adds to the pipeline: input lists, and resuming an earlier JSONL output.

A resumed run skips the inputs that already have a result line, and rewrites the file first when
it holds anything else (error lines of inputs about to be retried, duplicate or unreadable lines,
a torn last line from a killed run), so every input ends with exactly one record.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from keino_cli.errors import InputError
from keino_cli.jsonsource import loads_line


def read_list(list_file: str) -> list[str]:
    """Paths from a list file (or `-`): one a line; blank lines and `#` comments are skipped."""
    try:
        text = sys.stdin.read() if list_file == "-" else Path(list_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError.single(list_file, f"cannot read the list: {error}") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@dataclass(slots=True)
class Resume:
    """What an earlier JSONL output holds: inputs with a result, and what must be cleaned up."""

    done: set[str] = field(default_factory=set)
    lines: list[dict] = field(default_factory=list)  # result lines, kept only when asked for
    size: int = 0  # where the last whole line ends
    bad_lines: int = 0  # lines that are not JSON with an input path
    dropped: int = 0  # error lines and repeated results, left out by `repair`


def _input_path(raw: bytes) -> tuple[str, bool] | None:
    """The input path of a JSONL line and whether it is a result (not an error record)."""
    try:
        data = loads_line(raw)
        return data["input"]["path"], "errors" not in data
    except (ValueError, KeyError, TypeError):
        return None


def read_resume(path: str, keep: bool = False) -> Resume:
    """Read an earlier JSONL output. A torn last line (no newline) is left out."""
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
            found = _input_path(raw)
            if found is None:
                state.bad_lines += 1
            elif not found[1] or found[0] in state.done:
                state.dropped += 1
            else:
                state.done.add(found[0])
                if keep:
                    state.lines.append(loads_line(raw))
    return state


def repair(path: str, state: Resume) -> int | None:
    """Make the file hold one result line per done input and nothing else, before appending:
    when there are error, repeated or unreadable lines, rewrite it (atomically) with the first
    result line of each input only. Returns how many bytes to keep (the writer cuts a torn last
    line there), or None when there is no file yet."""
    target = Path(path)
    if not target.exists():
        return None
    if not (state.bad_lines or state.dropped):
        return state.size
    seen: set[str] = set()
    with (
        target.open("rb") as source,
        tempfile.NamedTemporaryFile("wb", dir=target.parent, prefix=f".{target.name}.", delete=False) as copy,
    ):
        try:
            for raw in source:
                found = _input_path(raw) if raw.endswith(b"\n") else None
                if found is not None and found[1] and found[0] not in seen:
                    seen.add(found[0])
                    copy.write(raw)
        except BaseException:
            Path(copy.name).unlink(missing_ok=True)
            raise
    os.chmod(copy.name, target.stat().st_mode & 0o777)  # keep who may read it
    os.replace(copy.name, target)
    return target.stat().st_size
