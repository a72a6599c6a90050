"""`keino config show`: the settings every command would use, and where each one came from."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from keino_cli.commands.check import (
    AllowUnknownOption,
    BaselineOption,
    FailUnderThemeOption,
    IgnoreOption,
    MinLevelOption,
    RequireOption,
)
from keino_cli.commands.common import (
    ConfigOption,
    CriteriaOption,
    DocLangOption,
    EncodingOption,
    FailUnderOption,
    InputFormatOption,
    LangOption,
    MemoryLimitOption,
    NoBundledOption,
    NoConfigOption,
    ProfileOption,
    TimeLimitOption,
    load_settings,
)

config_app = typer.Typer(help="Show keino's configuration.", no_args_is_help=True, rich_markup_mode=None)


def _plain(value: Any) -> Any:
    """Paths as strings, so text and JSON show the same values."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@config_app.command()
def show(
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = None,
    profile: ProfileOption = None,
    lang: LangOption = None,
    fail_under: FailUnderOption = None,
    fail_under_theme: FailUnderThemeOption = None,
    require: RequireOption = None,
    min_level: MinLevelOption = None,
    allow_unknown_gates: AllowUnknownOption = None,
    ignore: IgnoreOption = None,
    baseline: BaselineOption = None,
    input_format: InputFormatOption = None,
    doc_lang: DocLangOption = None,
    encoding: EncodingOption = None,
    time_limit: TimeLimitOption = None,
    memory_limit: MemoryLimitOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")] = "text",
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Print the effective settings (flags over the nearest config file over defaults) and their sources.

    The config file is `keino.toml`, or `[tool.keino]` in `pyproject.toml`, in the current folder
    or the nearest parent that has one; paths in it are relative to its folder. The same
    settings apply to every command.

    Example: keino config show --format json
    """
    arguments = locals()  # first, so it holds the parameters only
    from keino_cli.commands.common import check_choice

    check_choice(fmt, ["text", "json"], "--format")
    settings = load_settings(arguments)
    config_file = str(settings.config.path) if settings.config else None
    rows = {
        name.replace("_", "-"): {"value": _plain(s.value), "source": s.source}
        for name, s in settings.values.items()
    }
    if fmt == "json":
        json.dump(
            {"config_file": config_file, "settings": rows},
            sys.stdout,
            ensure_ascii=False,
            indent=2,
            allow_nan=False,
        )
        sys.stdout.write("\n")
        return
    sys.stdout.write(
        f"config file: {config_file or 'none found (searched from the current folder upwards)'}\n"
    )
    width = max(len(name) for name in rows)
    for name, row in rows.items():
        value = json.dumps(row["value"], ensure_ascii=False, allow_nan=False)
        sys.stdout.write(f"{name:<{width}}  {value:<30}  ({row['source']})\n")
