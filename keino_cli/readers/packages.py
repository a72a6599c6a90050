"""Which inputs form one tender package: cheap path rules, kept apart from the document readers
so that expanding inputs never imports them (see `keino_cli.readers.documents` for the rules)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

DOCUMENT_SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".md": "text", ".markdown": "text", ".txt": "text"}
DESCRIPTION_SUFFIXES = (".yaml", ".yml", ".json")


class Package(str):
    """Several inputs read as one tender; the string is the folder or first file, for messages."""

    members: tuple[str, ...]

    def __new__(cls, display: str, members: Iterable[str]) -> Package:
        package = super().__new__(cls, display)
        package.members = tuple(members)
        return package


def suffix(path: str) -> str:
    """`Path(path).suffix.lower()` without building a `Path`: a long batch asks it of every file
    several times. Names pathlib would read differently (a last part that is empty or `.`, other
    separators) are left to pathlib."""
    name = path.rpartition("/")[2]
    if not name or name == "." or os.sep != "/" or os.altsep:
        return Path(path).suffix.lower()
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def is_document(path: str) -> bool:
    return suffix(path) in DOCUMENT_SUFFIXES


def is_description(path: str) -> bool:
    return suffix(path) in DESCRIPTION_SUFFIXES


def _files(folder: Path) -> tuple[list[str], list[Path]]:
    """A folder's visible files and subfolders, each in name order (what sorting sibling paths
    gives), from one directory scan."""
    with os.scandir(folder) as scan:
        entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    prefix = "" if str(folder) == "." else os.path.join(folder, "")  # as `str(folder / name)` reads
    return (
        [prefix + e.name for e in entries if e.is_file()],
        [folder / e.name for e in entries if e.is_dir()],
    )


def _holds_descriptions(folder: Path, is_input: Callable[[str], bool]) -> bool:
    return any(
        p.is_file() and is_description(str(p)) and is_input(str(p))
        for p in folder.rglob("*")
        if not p.name.startswith(".")
    )


def folder_inputs(
    folder: Path, is_input: Callable[[str], bool] = lambda path: True, suffixes: tuple[str, ...] = ()
) -> list[str | Package]:
    """What a folder holds, as inputs: tender packages and single files, in path order.

    * a folder with documents of its own and no description below it other than at most one of
      its own is ONE package (its subfolders are annexes of the same tender);
    * otherwise each subfolder is walked the same way, so `tenders/a/` and `tenders/b/` are two
      packages, and a documents folder beside descriptions is a package of its own;
    * documents beside several descriptions form a package without one (which description would
      they belong to?); descriptions and notices are single inputs (`is_input` filters them, e.g.
      to pass over criteria sets and schemas kept beside them)."""
    files, folders = _files(folder)
    documents = [f for f in files if is_document(f)]
    descriptions = [f for f in files if is_description(f) and is_input(f)]
    if (
        documents
        and len(descriptions) <= 1
        and not any(_holds_descriptions(sub, is_input) for sub in folders)
    ):
        nested = sorted(str(p) for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
        return [Package(str(folder), [*descriptions, *(f for f in nested if is_document(f))])]
    units: list[str | Package] = []
    if documents:
        partner = descriptions if len(descriptions) == 1 else []
        units.append(Package(str(folder), [*partner, *documents]))
        descriptions = [d for d in descriptions if d not in partner]
    taken = set(descriptions)
    others = [f for f in files if not is_document(f) and f not in taken and is_input(f)]
    units.extend(f for f in [*descriptions, *others] if not suffixes or suffix(f) in suffixes)
    for sub in folders:
        units.extend(folder_inputs(sub, is_input, suffixes))
    return sorted(units, key=lambda unit: str(unit))


def group_documents(items: list[Any]) -> list[Any]:
    """Document files named one by one become one package, with the single description if any."""
    documents = [i for i in items if isinstance(i, str) and not isinstance(i, Package) and is_document(i)]
    if len(documents) < 2 and not (
        documents and sum(isinstance(i, str) and is_description(i) for i in items) == 1
    ):
        return items
    descriptions = [
        i for i in items if isinstance(i, str) and not isinstance(i, Package) and is_description(i)
    ]
    partner = descriptions if len(descriptions) == 1 else []
    package = Package(documents[0], [*partner, *documents])
    grouped: list[Any] = []
    for item in items:
        if item in documents or item in partner:
            if package not in grouped:
                grouped.append(package)
        else:
            grouped.append(item)
    return grouped
