"""The `keino` command: parse options, call the library, hand results to a renderer. No logic here.

Each command lives in `keino_cli.commands`; this module only registers them (one line each in
`COMMANDS`), and a command's module is imported only when it runs (`commands/group.py`).
Exit codes: 0 ok, 1 an assessment is below the bar, 2 a usage or input error; 130 after Ctrl-C
and 141 when the reader of the output went away (`keino ... | head`), as shells report signals.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Annotated

import typer
from typer.core import TyperArgument

from keino_cli import __version__
from keino_cli.commands.common import EXIT_INPUT_ERROR
from keino_cli.commands.group import LazyGroup
from keino_cli.output import prepare_standard_streams

EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141  # 128 + SIGINT, 128 + SIGPIPE


# Arguments in help as CLI users read them: `PATH...` (required), `[PATH]...` (optional), never
# typer's own `{PATH}...` and Python type (`<list[str]>`), which say nothing to a user.
def _argument_help_name(self: TyperArgument) -> str:
    return self.display_name_raw + ("..." if self.nargs != 1 else "")


def _argument_usage_name(self: TyperArgument) -> str:
    name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
    return name + ("..." if self.nargs != 1 else "")


TyperArgument._rich_display_name = _argument_help_name  # type: ignore[method-assign]
TyperArgument._usage_display_name = _argument_usage_name  # type: ignore[method-assign]
TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]

# name -> "module:attribute" (a command function or a Typer group), in the order help lists them.
COMMANDS = {
    "assess": "keino_cli.commands.assess:assess",
    "batch": "keino_cli.commands.batch:batch",
    "plan": "keino_cli.commands.plan:plan",
    "check": "keino_cli.commands.check:check",
    "diff": "keino_cli.commands.diff:diff",
    "facts": "keino_cli.commands.criteria:facts",
    "scan": "keino_cli.commands.scan:scan",
    "convert": "keino_cli.commands.convert:convert",
    "schema": "keino_cli.commands.schema:schema",
    "draft": "keino_cli.commands.draft:draft",
    "explain": "keino_cli.commands.explain:explain",
    "init": "keino_cli.commands.init:init",
    "cvd": "keino_cli.commands.cvd:cvd",
    "criteria": "keino_cli.commands.criteria:criteria_app",
    "config": "keino_cli.commands.config:config_app",
}


class KeinoGroup(LazyGroup):
    table = COMMANDS


app = typer.Typer(
    name="keino",
    cls=KeinoGroup,
    help="Assess how sustainable and innovative a public procurement is.\n\n"
    "Example: keino assess examples/school-catering.yaml",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"keino {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Assess how sustainable and innovative a public procurement is."""


def _quiet_exit(code: int) -> None:
    """Leave without Python's own complaint at exit about flushing a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    os._exit(code)


def main() -> None:
    """Run the app; a bug becomes one line and exit code 2 (KEINO_DEBUG=1 shows the traceback)."""
    # keino uses no pydantic plugins; scanning every installed package for them costs start-up time.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    prepare_standard_streams()
    if hasattr(signal, "SIGPIPE"):
        # A reader that went away (`keino ... | head`) ends keino as it ends `cat`: quietly, with
        # the shell's status 141. Typer would turn the broken pipe into exit code 1 ("below the bar").
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        code = app(standalone_mode=False)
    except BrokenPipeError:
        _quiet_exit(EXIT_BROKEN_PIPE)
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("keino: interrupted\n")
        _quiet_exit(EXIT_INTERRUPTED)
    except typer.TyperException as error:  # a usage error: typer's own message and exit code
        show = getattr(error, "show", None)
        show() if show else sys.stderr.write(f"Error: {error.format_message()}\n")
        sys.exit(error.exit_code)
    except Exception as error:
        if os.environ.get("KEINO_DEBUG"):
            raise
        sys.stderr.write(
            f"keino: internal error: {type(error).__name__}: {error} (KEINO_DEBUG=1 shows more)\n"
        )
        sys.exit(EXIT_INPUT_ERROR)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_exit(EXIT_BROKEN_PIPE)
    sys.exit(code if isinstance(code, int) else 0)
