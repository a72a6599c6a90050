"""What every command shares: options, the one settings model, building the assessor, running the
pipeline with a progress bar, reporting problems.

Every setting is an option whose value `None` means "not given": the effective value comes from
`keino_cli.config.resolve` (flags > config file > defaults), so a `keino.toml` applies to every
command, and each setting is validated in one place (`load_settings`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from keino_cli.errors import InputError, Problem

if TYPE_CHECKING:
    from keino_cli.catalog import Catalog
    from keino_cli.config import Settings
    from keino_cli.engine import Engine
    from keino_cli.gate import Tally
    from keino_cli.pipeline import Assessor, Item, Needs, Runner, Spec, Unit
    from keino_cli.render.stream import Writer

EXIT_OK, EXIT_BELOW_BAR, EXIT_INPUT_ERROR = 0, 1, 2
LANGS = ("en", "fi", "sv")

InputsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH",
        help="Descriptions, notices or tender documents: files, folders, globs; - is stdin.",
    ),
]
CriteriaOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--criteria",
        "-c",
        metavar="PATH",
        help="A criteria set file or folder, loaded after the bundled sets (repeatable).",
    ),
]
NoBundledOption = Annotated[
    bool | None, typer.Option("--no-bundled", help="Use only the --criteria sets, not the bundled ones.")
]
LangOption = Annotated[
    str | None, typer.Option("--lang", "-l", metavar="LANG", help="Language of texts: en, fi or sv.")
]
ProfileOption = Annotated[
    Path | None,
    typer.Option("--profile", "-p", metavar="FILE", help="Scoring profile (theme weights, parameters)."),
]
OutputOption = Annotated[
    str | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE; - is stdout.")
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", metavar="FILE", help="Use this config file instead of searching for one."),
]
NoConfigOption = Annotated[bool, typer.Option("--no-config", help="Ignore config files.")]
DocLangOption = Annotated[
    str | None,
    typer.Option(
        "--doc-lang", metavar="LANG", help="Language of tender documents (fi, sv, en); default: detected."
    ),
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding", metavar="NAME", help="Encoding of text files that are not UTF-8, e.g. cp1252."
    ),
]
InputFormatOption = Annotated[
    str | None,
    typer.Option(
        "--input-format",
        metavar="NAME",
        help="Read inputs as eforms, ocds, description, pdf, docx, markdown or text (default: by content).",
    ),
]
FailUnderOption = Annotated[
    float | None,
    typer.Option(
        "--fail-under", min=0, max=100, metavar="SCORE", help="Fail an input whose overall score is below."
    ),
]
TimeLimitOption = Annotated[
    float | None,
    typer.Option(
        "--time-limit", min=0, metavar="SECONDS", help="Time one input may take (default 60; 0: no limit)."
    ),
]
MemoryLimitOption = Annotated[
    int | None,
    typer.Option(
        "--memory-limit", min=0, metavar="MIB", help="Memory one input may take (default 2048; 0: no limit)."
    ),
]


def report_problems(problems: Iterable[Problem]) -> None:
    for problem in problems:
        sys.stderr.write(f"{problem}\n")


def fail(problems: list[Problem]) -> NoReturn:
    report_problems(problems)
    raise typer.Exit(EXIT_INPUT_ERROR)


def check_lang(lang: str) -> str:
    """The one check of a language flag (config files are checked by their model)."""
    if lang not in LANGS:
        raise typer.BadParameter("choose en, fi or sv", param_hint="--lang")
    return lang


def check_doc_lang(doc_lang: str | None) -> str | None:
    return None if doc_lang is None else check_choice(doc_lang, LANGS, "--doc-lang")


def check_choice(value: str, choices: Sequence[str], option: str) -> str:
    if value not in choices:
        raise typer.BadParameter(f"choose one of: {', '.join(choices)}", param_hint=option)
    return value


def load_settings(arguments: dict[str, Any]) -> Settings:
    """Effective settings: flags over the config file over defaults.

    `arguments` are the command's parameters (its `locals()`); those named like a setting are
    flags (None = not given), `config` and `no_config` choose the file. A command without a flag
    for a setting still gets the config file's value, so `lang = "fi"` applies everywhere."""
    from keino_cli.config import DEFAULTS, discover, load_config, parse_theme_bars, resolve
    from keino_cli.readers import reader_names

    given: dict[str, Any] = {name: arguments.get(name) for name in DEFAULTS}
    if given.get("fail_under_theme") is not None:
        try:
            given["fail_under_theme"] = parse_theme_bars(given["fail_under_theme"])
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--fail-under-theme") from None
    if given.get("min_level") is not None:
        check_choice(given["min_level"], ["core", "comprehensive", "spearhead"], "--min-level")
    if given.get("lang") is not None:
        check_lang(given["lang"])
    check_doc_lang(given.get("doc_lang"))
    if given.get("input_format") is not None:
        check_choice(given["input_format"], reader_names(), "--input-format")
    config, no_config = arguments.get("config"), arguments.get("no_config", False)
    try:
        found = None if no_config else load_config(config) if config else discover(Path.cwd())
        settings = resolve(given, found)
    except InputError as error:
        fail(error.problems)
    return settings


def catalog_from(
    criteria: Sequence[Path] | None, no_bundled: bool | None = False, records: bool = False
) -> Catalog:
    """`records`: a cached catalog as records (the assessing commands: see model/records.py)."""
    from keino_cli.catalog import load_catalog

    if no_bundled and not criteria:
        raise typer.BadParameter("--no-bundled needs at least one --criteria path")
    try:
        return load_catalog(list(criteria or []), bundled=not no_bundled, records=records)
    except InputError as error:
        fail(error.problems)


def engine_from(catalog: Catalog, profile: Path | None, lang: str, country: str | None = None) -> Engine:
    """`country` (keino.toml) is the default for inputs that name no buyer country."""
    from keino_cli.api import load_profile
    from keino_cli.engine import Engine

    try:
        return Engine(catalog, load_profile(profile, catalog, country), check_lang(lang))
    except InputError as error:
        fail(error.problems)


def catalog_for(settings: Settings, records: bool = False) -> Catalog:
    return catalog_from(settings["criteria"], settings["no_bundled"], records)


def engine_for(settings: Settings, catalog: Catalog | None = None) -> Engine:
    return engine_from(
        catalog or catalog_for(settings), settings["profile"], settings["lang"], settings["country"]
    )


def assessor_for(settings: Settings, needs: Needs, catalog: Catalog | None = None) -> tuple[Assessor, Spec]:
    """The assessor for this process and the spec a worker process builds its own from."""
    from keino_cli.pipeline import Assessor, Spec

    engine = engine_for(settings, catalog)
    spec = Spec(
        criteria=tuple(settings["criteria"]),
        bundled=not settings["no_bundled"],
        profile=settings["profile"],
        lang=settings["lang"],
        options=settings.read_options(),
        bar=settings.bar(),
        budget=settings.budget(),
        input_format=settings["input_format"],
        needs=needs,
        country=settings["country"],
    )
    return Assessor(engine, spec.options, spec.bar, spec.budget, spec.input_format, needs), spec


def feed(
    runner: Runner,
    units: Sequence[Unit],
    writers: Sequence[Writer],
    tally: Tally,
    ordered: bool = True,
    on_result: Callable[[Item], None] | None = None,
) -> None:
    """Run every unit and hand each item to every writer; problems go to stderr as they come."""
    with runner, progress(len(units)) as (advance, say):
        for writer in writers:
            writer.begin()
        for items in runner.items(units, ordered):
            advance()
            for item in items:
                _deliver(item, writers, tally, say, on_result)


def _deliver(
    item: Item,
    writers: Sequence[Writer],
    tally: Tally,
    say: Callable[[str], Any],
    on_result: Callable[[Item], None] | None,
) -> None:
    if item.failed:
        tally.add_error(item.path)
        for problem in item.problems:
            say(str(problem))
        for writer in writers:
            writer.failure(item)
        return
    if on_result is not None:
        on_result(item)
    assert item.verdict is not None
    tally.add(item.verdict)
    for writer in writers:
        writer.result(item)


@contextmanager
def progress(total: int) -> Iterator[tuple[Callable[[], None], Callable[[str], Any]]]:
    """A progress bar on stderr when stderr is a terminal and there are several inputs; messages
    go above it. Nothing of it reaches a pipe or a log."""
    if not sys.stderr.isatty() or total < 2:
        yield (lambda: None), (lambda message: sys.stderr.write(message + "\n"))
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True, highlight=False)
    columns = (TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("scoring", total=total)
        yield (lambda: bar.advance(task)), (lambda message: console.print(message, markup=False))
