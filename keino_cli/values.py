"""Plain `__slots__` classes compared by value.

The classes a run creates at start-up are plain `__slots__` classes with a written `__init__`, not
dataclasses: `@dataclass` writes and compiles each class's methods at import, about 1 ms a class
(tests/test_startup.py lists the dataclasses left on a JSON assessment's path). The few that are
compared or used as keys (origins, facts, the pipeline's units) take their equality, hash and repr
from their slots here, as a frozen dataclass would give them.
"""

from __future__ import annotations

from typing import Any


class Value:
    """Equal when of the same class with equal slots; hashable; read-only by convention."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._values() == self._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"
