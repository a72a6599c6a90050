"""How `keino` turns its command table into Typer commands without paying for what a run does not use.

Start-up is most of a single assessment's time, so the command line costs only what the command
that runs needs (docs/performance.md):

* `LazyGroup` imports a command's module and builds its options only when that command runs;
  `keino --help` lists every command from its docstring alone.
* Typer 0.29 converts every option value, even an absent one, with a pydantic `TypeAdapter` built
  on first use (pydantic's schema machinery: more than the whole floor of a run). Text and path
  options are converted here as Typer would (a path goes through Typer's own path checks); numbers
  and flags that are given still go through Typer's converter, so their messages stay Typer's.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

import typer
import typer.main
from typer._click import Command, Context, HelpFormatter
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import TyperCommand, TyperGroup, _TyperParameter
from typer.models import CommandInfo, TyperInfo


def summary(callback: Callable[..., Any]) -> str | None:
    """A command's whole first paragraph: click would cut it with "..." to fit the listing."""
    doc = callback.__doc__
    return doc.strip().split("\n\n", 1)[0].replace("\n", " ") if doc else None


def _full_summaries(group: typer.Typer) -> None:
    for info in group.registered_commands:
        if info.short_help is None and info.callback is not None:
            info.short_help = summary(info.callback)


def _target(where: str) -> Callable[..., Any] | typer.Typer:
    module, _, name = where.partition(":")
    target: Callable[..., Any] | typer.Typer = getattr(importlib.import_module(module), name)
    return target


class _Commands(MutableMapping[str, Command]):
    """A group's commands by name, each built on first access; the names alone (help, "did you
    mean ...") build nothing."""

    def __init__(self, table: Mapping[str, str], build: Callable[[str], Command]) -> None:
        self.table, self.build = table, build
        self.built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self.built:
            if name not in self.table:
                raise KeyError(name)
            self.built[name] = self.build(name)
        return self.built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("the command table is fixed")

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self.table), **self.built})

    def __len__(self) -> int:
        return len({**dict.fromkeys(self.table), **self.built})


class LazyGroup(TyperGroup):
    """A Typer group whose commands come from `table` (name -> "module:attribute", a command
    function or a Typer sub-app) and are built on first use."""

    table: Mapping[str, str] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(self.table, self._build)

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.commands)

    def _build(self, name: str) -> Command:
        target = _target(self.table[name])
        if isinstance(target, typer.Typer):
            _full_summaries(target)
            return typer.main.get_group_from_info(
                TyperInfo(target, name=name),
                pretty_exceptions_short=True,
                rich_markup_mode=self.rich_markup_mode,
                suggest_commands=self.suggest_commands,
            )
        info = CommandInfo(name, callback=target, short_help=summary(target))
        return typer.main.get_command_from_info(
            info, pretty_exceptions_short=True, rich_markup_mode=self.rich_markup_mode
        )

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Typer's listing, from stand-ins that carry only each command's help text."""
        stand_ins: dict[str, Command] = {}
        for name in self.table:
            target = _target(self.table[name])
            if isinstance(target, typer.Typer):
                text = target.info.help
                stand_ins[name] = TyperCommand(name, help=text if isinstance(text, str) else None)
            else:
                stand_ins[name] = TyperCommand(name, help=inspect.getdoc(target), short_help=summary(target))
        TyperGroup(name=self.name, commands=stand_ins).format_commands(ctx, formatter)


@dataclass(frozen=True)
class _Converter(RuntimeParam):
    """An option value as Typer converts it: `str` and `Path` (alone or in a list) here, any
    other type by Typer's own converter, built only when such a value is given."""

    descriptor: TypeDescriptor
    _typer: list[RuntimeParam] = field(default_factory=list)  # Typer's converter, once built

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        annotation: Any = self.annotation
        listed = get_origin(annotation) is list
        kind = get_args(annotation)[0] if listed else annotation
        items = (value if isinstance(value, list | tuple) else [value]) if listed else [value]
        if self._plain(kind) and all(isinstance(item, str | Path) for item in items):
            converted = [self._convert(item, kind, param, ctx) for item in items]
            return converted if listed else converted[0]
        if not self._typer:
            self._typer.append(build_runtime_param(self.descriptor))
        return self._typer[0]._coerce_value(value, param=param, ctx=ctx)

    def _plain(self, kind: Any) -> bool:
        info = self.parameter_info
        return info.parser is None and (kind is str or (kind is Path and info.path_type is None))

    def _convert(self, value: str | Path, kind: type, param: _TyperParameter, ctx: Context) -> Any:
        if kind is str:
            return value if isinstance(value, str) else str(value)
        return coerce_cli_path(Path(value), self.parameter_info, path_type=Path, param=param, ctx=ctx)


def _runtime_param(self: _TyperParameter) -> RuntimeParam:
    if self._runtime_param is None:
        descriptor = self.type_descriptor
        self._runtime_param = _Converter(
            parameter_info=descriptor.parameter_info, annotation=descriptor.annotation, descriptor=descriptor
        )
    return self._runtime_param


_TyperParameter.get_runtime_param = _runtime_param  # type: ignore[method-assign]
