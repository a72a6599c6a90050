"""`keino convert`: turn a notice into keino's own procurement description, origins as comments."""

from __future__ import annotations

from typing import Annotated

import typer

from keino_cli.commands.common import OutputOption, check_choice, fail
from keino_cli.errors import InputError


def convert(
    notice: Annotated[
        str, typer.Argument(metavar="FILE", help="An eForms XML notice or an OCDS JSON file; - for stdin.")
    ],
    output: OutputOption = None,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format", metavar="NAME", help="Read the input as eforms or ocds (default: by content)."
        ),
    ] = None,
) -> None:
    """Write the procurement description YAML a notice maps to, each value commented with its origin.

    Correct or complete the description and run `keino assess` on it. Exit code 2 when the input
    cannot be read.

    Example: keino convert notice.xml -o tender.yaml
    """
    from keino_cli.readers import read_input, reader_names
    from keino_cli.render import open_output
    from keino_cli.render.description import description_yaml

    if input_format is not None:
        check_choice(input_format, reader_names(), "--input-format")
    try:
        data = read_input(notice, input_format=input_format)
    except InputError as error:
        fail(error.problems)
    with open_output(output) as (out, _):
        out.write(description_yaml(data))
