"""Which inputs form one tender package: cheap path rules, kept apart from the document readers
so that expanding inputs never imports them (see `keino_cli.readers.documents` for the rules)."""

from __future__ import annotations

from collections.abc import Iterable
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


def is_document(path: str) -> bool:
    return Path(path).suffix.lower() in DOCUMENT_SUFFIXES


def is_description(path: str) -> bool:
    return Path(path).suffix.lower() in DESCRIPTION_SUFFIXES


def folder_package(folder: Path) -> Package | None:
    """A folder with documents and at most one description is one package; otherwise `None`."""
    files = sorted(str(p) for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    documents = [f for f in files if is_document(f)]
    descriptions = [f for f in files if is_description(f)]
    if not documents or len(descriptions) > 1:
        return None
    return Package(str(folder), [*descriptions, *documents])


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
