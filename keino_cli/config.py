"""Project configuration: `[tool.keino]` in pyproject.toml or a `keino.toml`, and the effective settings.

Discovery walks up from the current folder; in each folder `keino.toml` wins over `pyproject.toml`,
and a pyproject.toml without `[tool.keino]` is passed over (as ruff does), so a monorepo can keep
one config at its root. Relative paths in a config file resolve against that file's folder, not
the current one, so the same config works from any subfolder. A command-line value replaces the
config value of the same setting (lists and the per-theme bars are replaced whole, not merged).
The classes are plain `__slots__` classes (why: keino_cli/values.py).
"""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from keino_cli.errors import InputError
from keino_cli.pipeline import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT, Budget
from keino_cli.readers import ReadOptions
from keino_cli.yamlsource import Marks

if TYPE_CHECKING:
    from keino_cli.gate import Bar
    from keino_cli.model.config import FileConfig

CONFIG_FILE = "keino.toml"
PYPROJECT = "pyproject.toml"
DEFAULT, COMMAND_LINE = "default", "command line"
PATH_SETTINGS = ("criteria", "profile", "baseline")

DEFAULTS: dict[str, Any] = {
    "criteria": [],
    "no_bundled": False,
    "profile": None,
    "lang": "en",
    "ignore": [],
    "fail_under": None,
    "fail_under_theme": {},
    "require": [],
    "min_level": None,
    "allow_unknown_gates": False,
    "baseline": None,
    "doc_lang": None,
    "encoding": None,
    "input_format": None,
    "time_limit": DEFAULT_TIME_LIMIT,
    "memory_limit": DEFAULT_MEMORY_LIMIT,
    "country": None,  # the buyer's country when an input names none; None: the profile's (FI)
}


class ConfigFile:
    """A config file found or named, and its validated settings."""

    __slots__ = ("path", "values")

    def __init__(self, path: Path, values: FileConfig) -> None:
        self.path = path
        self.values = values

    @property
    def label(self) -> str:
        return f"{self.path} [tool.keino]" if self.path.name == PYPROJECT else str(self.path)


class Setting:
    """One setting's effective value and where it came from: a flag, a config file, the default."""

    __slots__ = ("source", "value")

    def __init__(self, value: Any, source: str) -> None:
        self.value = value
        self.source = source


class Settings:
    """The effective value of every setting and where it came from (`keino config show`)."""

    __slots__ = ("config", "cwd", "values")

    def __init__(self, values: dict[str, Setting], config: ConfigFile | None, cwd: Path) -> None:
        self.values = values
        self.config = config
        self.cwd = cwd

    def __getitem__(self, name: str) -> Any:
        return self.values[name].value

    def bar(self) -> Bar:
        from keino_cli.gate import Bar
        from keino_cli.model.result import AmbitionLevel

        level = self["min_level"]
        return Bar(
            fail_under=self["fail_under"],
            fail_under_theme=dict(self["fail_under_theme"]),
            require=tuple(self["require"]),
            min_level=AmbitionLevel(level) if level else None,
            allow_unknown_gates=self["allow_unknown_gates"],
        )

    def read_options(self) -> ReadOptions:
        return ReadOptions(encoding=self["encoding"], doc_lang=self["doc_lang"])

    def budget(self) -> Budget:
        return Budget(self["time_limit"] or None, self["memory_limit"] or None)

    def ignored(self, path: str) -> bool:
        """Whether an input matches an `ignore` pattern. Patterns are fnmatch globs (`*` crosses
        folders) on the path relative to the config's folder (or the current one for flags);
        a bare folder name ignores everything under it."""
        patterns = self["ignore"]
        if not patterns or path == "-":
            return False
        from_config = self.values["ignore"].source != COMMAND_LINE and self.config is not None
        root = self.config.path.parent if from_config and self.config else self.cwd
        rel = Path(os.path.relpath(Path(path).resolve(), root.resolve())).as_posix()
        return any(
            fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(rel, pattern.rstrip("/") + "/*")
            for pattern in patterns
        )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError.single(str(path), f"cannot read config: {error.strerror or error}") from None


def _parse_toml(path: Path, raw: bytes) -> tuple[dict[str, Any], str]:
    """The parsed document and its text, or one located problem."""
    import tomllib

    try:
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text reads it
        return tomllib.loads(text), text
    except UnicodeDecodeError as error:
        raise InputError.single(str(path), f"not UTF-8: {error}") from None
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"\s*\(at line (\d+), column (\d+)\)$", str(error))
        message = str(error)[: where.start()] if where else str(error)
        line, column = (int(where.group(1)), int(where.group(2))) if where else (None, None)
        raise InputError.single(str(path), f"TOML syntax error: {message}", line, column) from None


def _table(path: Path, document: dict[str, Any]) -> dict[str, Any] | None:
    """The keino settings in a parsed file, or None for a pyproject.toml without them."""
    if path.name != PYPROJECT:
        return document
    table = document.get("tool", {}).get("keino")
    if table is not None and not isinstance(table, dict):
        raise InputError.single(str(path), "[tool.keino] must be a table")
    return table


def _marks(path: Path, text: str) -> Marks:
    """Where each key of the keino table stands (tomllib keeps no positions): the line of
    `key =` inside the table (the top level of keino.toml, `[tool.keino]` of pyproject.toml)."""
    wanted = "tool.keino" if path.name == PYPROJECT else ""
    table = ""
    marks = Marks()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if header := re.fullmatch(r"\[\s*([^\[\]]+?)\s*\]\s*(#.*)?", stripped):
            table = re.sub(r"\s+", "", header.group(1)).replace('"', "")
        elif table == wanted and (key := re.match(r"\s*([A-Za-z0-9_-]+)\s*=", line)):
            name = key.group(1).replace("-", "_")
            marks.positions[(key.group(1),)] = (number, key.start(1) + 1)
            marks.positions[(name,)] = (number, key.start(1) + 1)
    return marks


def _config_file(path: Path, table: dict[str, Any], text: str) -> ConfigFile:
    from keino_cli.model.config import FileConfig  # the model only where there is a file
    from keino_cli.validation import validate

    return ConfigFile(path.resolve(), validate(FileConfig, table, str(path), _marks(path, text)))


def load_config(path: Path) -> ConfigFile:
    """Read one config file named on the command line (a pyproject.toml needs `[tool.keino]`)."""
    document, text = _parse_toml(path, _read_bytes(path))
    table = _table(path, document)
    if table is None:
        raise InputError.single(str(path), "has no [tool.keino] table")
    return _config_file(path, table, text)


def discover(start: Path) -> ConfigFile | None:
    """The nearest config from `start` upwards, or None."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in (CONFIG_FILE, PYPROJECT):
            candidate = folder / name
            if not candidate.is_file():
                continue
            raw = _read_bytes(candidate)
            # `[tool.keino]` and every other spelling of it hold the word: most projects'
            # pyproject.toml need no parse (tomllib costs ~5 ms of start-up).
            if name == PYPROJECT and b"keino" not in raw:
                continue
            document, text = _parse_toml(candidate, raw)
            table = _table(candidate, document)
            if table is not None:
                return _config_file(candidate, table, text)
    return None


def _from_file(name: str, value: Any, folder: Path) -> Any:
    if name == "criteria":
        return [folder / p for p in value]
    if name in PATH_SETTINGS:
        return folder / value
    if name == "fail_under_theme":
        from keino_cli.model.common import Theme

        return {Theme(theme).value: score for theme, score in value.items()}
    return value


def resolve(cli: dict[str, Any], config: ConfigFile | None, cwd: Path | None = None) -> Settings:
    """Merge defaults < config file < command line; `None` in `cli` means "not given"."""
    values: dict[str, Setting] = {}
    for name, default in DEFAULTS.items():
        given = cli.get(name)
        from_file = getattr(config.values, name) if config else None
        if given is not None:
            values[name] = Setting(given, COMMAND_LINE)
        elif config is not None and from_file is not None:
            values[name] = Setting(_from_file(name, from_file, config.path.parent), config.label)
        else:
            values[name] = Setting(default, DEFAULT)
    return Settings(values, config, cwd or Path.cwd())


def parse_theme_bars(items: list[str]) -> dict[str, float]:
    """`climate=60` pairs into {theme: score}; raises ValueError with a message for the user."""
    from keino_cli.model.common import Theme

    bars: dict[str, float] = {}
    themes = [t.value for t in Theme]
    for item in items:
        theme, sep, score = item.partition("=")
        if not sep or theme.strip() not in themes:
            raise ValueError(f"{item!r}: expected THEME=SCORE with THEME one of {', '.join(themes)}")
        try:
            value = float(score)
        except ValueError:
            raise ValueError(f"{item!r}: {score!r} is not a number") from None
        if not 0 <= value <= 100:
            raise ValueError(f"{item!r}: a score is between 0 and 100")
        bars[theme.strip()] = value
    return bars
