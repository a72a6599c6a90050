"""`keino init`: ask about a procurement and write a description that validates and assesses."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from keino_cli.commands.common import (
    EXIT_INPUT_ERROR,
    CriteriaOption,
    LangOption,
    NoBundledOption,
    OutputOption,
    catalog_for,
    fail,
    load_settings,
)
from keino_cli.errors import Problem

EXIT_INTERRUPTED = 130  # the shell's code for a run ended by Ctrl-C


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def init(
    output: OutputOption = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers", metavar="FILE", help="YAML answers (question key: answer) instead of prompts."
        ),
    ] = None,
    lang: LangOption = None,
    criteria: CriteriaOption = None,
    no_bundled: NoBundledOption = None,
) -> None:
    """Ask about a procurement, then only the facts its criteria read, and write its description.

    Prompts go to standard error; the description YAML goes to --output (or standard output).
    Ctrl-C leaves nothing written.

    Example: keino init --lang fi -o tarjouspyynto.yaml
    """
    from keino_cli.questionnaire import description_from_answers, description_yaml
    from keino_cli.render import open_output

    settings = load_settings(locals())
    lang = settings["lang"]
    catalog = catalog_for(settings)
    try:
        given = _answers_file(answers, catalog, lang) if answers is not None else _ask(catalog, lang)
    except (KeyboardInterrupt, typer.Abort, EOFError):
        from keino_cli.draft.render import words

        sys.stderr.write(f"\nkeino: {words(lang)['interrupted']}\n")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    text = description_yaml(description_from_answers(given, catalog), catalog, lang)
    with open_output(output) as (out, _):
        out.write(text)


def _ask(catalog: Any, lang: str) -> dict[str, Any]:
    """Prompt on standard error; re-ask until each answer fits its question."""
    from keino_cli.draft.render import words
    from keino_cli.questionnaire import AnswerError, fact_questions, identity_questions

    w = words(lang)
    if not stdin_is_terminal():
        sys.stderr.write(f"keino: {w['no_terminal']}\n")
        raise typer.Exit(EXIT_INPUT_ERROR)
    typer.echo(w["init_intro"], err=True)
    given: dict[str, Any] = {}

    def ask(question: Any) -> None:
        hint = f" [{question.hint}]" if question.hint else ""
        while True:
            text = typer.prompt(
                f"{question.prompt}{hint}",
                default=question.default,
                show_default=bool(question.default),
                err=True,
            )
            try:
                given[question.key] = question.parse(text.strip())
                return
            except AnswerError as error:
                typer.echo(f"  {w['invalid']}: {error}", err=True)

    for question in identity_questions(catalog, lang):
        ask(question)
        if question.key == "cpv" and given.get("cpv"):
            typer.echo(f"  {_group_note(catalog, given['cpv'], lang)}", err=True)
    theme = None
    for question in fact_questions(catalog, [given["cpv"]] if given.get("cpv") else [], lang):
        if question.theme != theme:
            theme = question.theme
            typer.echo(f"\n{w['facts_heading']}: {theme}", err=True)
        ask(question)
    return given


def _group_note(catalog: Any, cpv: str, lang: str) -> str:
    from keino_cli.draft.render import words

    w = words(lang)
    groups = catalog.groups_covering([cpv])
    if not groups:
        return w["cpv_none"]
    titles = ", ".join(catalog.product_groups[g].title.get(lang) for g in groups)
    return f"{w['cpv_match']}: {titles}"


def _answers_file(path: Path, catalog: Any, lang: str) -> dict[str, Any]:
    """Answers read from YAML, each checked like a typed one; problems located in the file."""
    from keino_cli.questionnaire import AnswerError, fact_questions, identity_questions
    from keino_cli.yamlsource import load_yaml

    try:
        data, marks = load_yaml(path.read_bytes(), str(path))
    except OSError as error:
        fail([Problem(str(path), f"cannot read answers: {error.strerror or error}")])
    if data is None:
        data = {}
    if not isinstance(data, dict):
        fail([Problem(str(path), "answers must be a mapping of question key to answer", 1, 1)])
    questions = identity_questions(catalog, lang)
    cpv = data.get("cpv")
    cpvs = [str(cpv)] if cpv not in (None, "") else []
    questions += fact_questions(catalog, cpvs, lang)
    known = {q.key: q for q in questions}
    given: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        line, column = marks.find((key,))
        question = known.get(str(key))
        if question is None:
            problems.append(Problem(str(path), f"{key}: not a question for this procurement", line, column))
            continue
        text = ", ".join(map(str, value)) if isinstance(value, list) else _text(value)
        try:
            given[question.key] = question.parse(text)
        except AnswerError as error:
            problems.append(Problem(str(path), f"{key}: {error}", line, column))
    if problems:
        fail(problems)
    for question in questions:
        if question.key not in given:
            given[question.key] = question.parse(question.default)
    return given


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
