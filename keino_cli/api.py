"""The library entry points the CLI (and any other program) wires together.

catalog = load_catalog([Path("my-city.yaml")])
engine = Engine(catalog, load_profile(Path("profile.yaml")))
for outcome in assess_inputs(["tender.yaml"], engine):
    print(outcome.result.assessment.score if outcome.result else outcome.problems)
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from keino_cli.catalog import Catalog, load_catalog
from keino_cli.engine import Engine
from keino_cli.errors import InputError, Problem
from keino_cli.model.profile import Profile
from keino_cli.model.result import InputResult
from keino_cli.readers import DEFAULT_OPTIONS, ReadOptions, read_inputs, readable
from keino_cli.readers.packages import folder_inputs, group_documents
from keino_cli.validation import validate
from keino_cli.yamlsource import load_yaml

__all__ = ["Catalog", "Engine", "Outcome", "assess_inputs", "expand_inputs", "load_catalog", "load_profile"]

INPUT_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", ".ndjson", ".xml")


@dataclass(slots=True)
class Outcome:
    """The result of one input, or the problems that kept it from being assessed."""

    path: str
    result: InputResult | None = None
    problems: list[Problem] = field(default_factory=list)


def load_profile(path: Path | None) -> Profile:
    if path is None:
        return Profile()
    try:
        text = path.read_bytes()
    except OSError as error:
        raise InputError.single(str(path), f"cannot read profile: {error.strerror or error}") from None
    data, marks = load_yaml(text, str(path))
    return validate(Profile, data if data is not None else {}, str(path), marks)


def expand_inputs(args: Iterable[str], suffixes: tuple[str, ...] = INPUT_SUFFIXES) -> list[str | Problem]:
    """Files stay as given; folders give their input files (recursively, sorted; a criteria set or
    profile kept beside descriptions is passed over);
    glob patterns expand; `-` is standard input. What matches nothing becomes a `Problem`.
    Tender documents form one package (see `keino_cli.readers.documents`): a folder of them, or
    the document files named together."""
    expanded: list[str | Problem] = []
    for arg in args:
        path = Path(arg)
        if arg == "-" or path.is_file():
            expanded.append(arg)
        elif path.is_dir():  # tender packages (one per tender folder) and single inputs
            found = folder_inputs(path, readable, suffixes)
            expanded.extend(found or [Problem(arg, "folder holds no input files")])
        elif glob.has_magic(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            expanded.extend(matches or [Problem(arg, "pattern matches no file")])
        else:
            expanded.append(Problem(arg, "no such file"))
    return group_documents(expanded)


def assess_inputs(
    args: Iterable[str],
    engine: Engine,
    options: ReadOptions = DEFAULT_OPTIONS,
    input_format: str | None = None,
) -> Iterator[Outcome]:
    """Assess each input in turn; one bad input never stops the others."""
    if options.catalog is None:  # document readers find evidence with the engine's criteria
        options = replace(options, catalog=engine.catalog)
    for item in expand_inputs(args):
        if isinstance(item, Problem):
            yield Outcome(item.path, problems=[item])
            continue
        try:
            inputs = read_inputs(item, options, input_format)
        except InputError as error:
            yield Outcome(item, problems=error.problems)
            continue
        for each in inputs:  # an OCDS package of many procurements gives one result per ocid
            name = each.path if len(inputs) > 1 else item
            try:
                yield Outcome(name, engine.assess(each))
            except InputError as error:
                yield Outcome(name, problems=error.problems)
