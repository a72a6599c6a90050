"""The `keino` command: parse options, call the library, hand results to a renderer. No logic here.

Each command lives in `keino_cli.commands`; this module only registers them (one line each).
Exit codes: 0 ok, 1 an assessment is below the bar, 2 a usage or input error.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from keino_cli import __version__
from keino_cli.commands.assess import assess
from keino_cli.commands.batch import batch
from keino_cli.commands.check import check
from keino_cli.commands.common import EXIT_INPUT_ERROR, EXIT_OK
from keino_cli.commands.config import config_app
from keino_cli.commands.convert import convert
from keino_cli.commands.criteria import criteria_app, facts
from keino_cli.commands.cvd import cvd
from keino_cli.commands.diff import diff
from keino_cli.commands.draft import draft
from keino_cli.commands.explain import explain
from keino_cli.commands.init import init
from keino_cli.commands.plan import plan
from keino_cli.commands.scan import scan
from keino_cli.commands.schema import schema
from keino_cli.output import prepare_standard_streams

app = typer.Typer(
    name="keino",
    help="Assess how sustainable and innovative a public procurement is.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
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


app.command()(assess)
app.command()(batch)
app.command()(plan)
app.command()(check)
app.command()(diff)
app.command()(facts)
app.command()(scan)
app.command()(convert)
app.add_typer(criteria_app, name="criteria")
app.add_typer(config_app, name="config")
app.command()(schema)
app.command()(draft)
app.command()(explain)
app.command()(init)
app.command()(cvd)


def main() -> None:
    """Run the app; a bug becomes one line and exit code 2 (KEINO_DEBUG=1 shows the traceback)."""
    # keino uses no pydantic plugins; scanning every installed package for them costs start-up time.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    prepare_standard_streams()
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_OK)
    except Exception as error:
        if os.environ.get("KEINO_DEBUG"):
            raise
        sys.stderr.write(
            f"keino: internal error: {type(error).__name__}: {error} (KEINO_DEBUG=1 shows more)\n"
        )
        sys.exit(EXIT_INPUT_ERROR)
