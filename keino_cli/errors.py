"""Input problems as data: every bad input becomes one `Problem` line, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input, located as precisely as the input allows."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        # One problem is one line of output, whatever a library's message (lxml's end in "\n").
        lines = self.message.splitlines()
        if len(lines) > 1 or (lines and lines[0] != self.message):
            object.__setattr__(self, "message", " ".join(line.strip() for line in lines if line.strip()))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class InputError(Exception):
    """Raised by loaders and readers; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    @classmethod
    def single(
        cls, path: str, message: str, line: int | None = None, column: int | None = None
    ) -> InputError:
        return cls([Problem(path, message, line, column)])
