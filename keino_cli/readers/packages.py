"""Which inputs form one tender package: cheap path rules, kept apart from the document readers
so that expanding inputs never imports them (see `keino_cli.readers.documents` for the rules)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

DOCUMENT_SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".md": "text", ".markdown": "text", ".txt": "text"}
DESCRIPTION_SUFFIXES = (".yaml", ".yml", ".json")


def is_document(path: str) -> bool:
    return Path(path).suffix.lower() in DOCUMENT_SUFFIXES


def is_description(path: str) -> bool:
    return Path(path).suffix.lower() in DESCRIPTION_SUFFIXES


def package_members(
    folder: Path, excluded: Callable[[str, str], bool] = lambda rel, name: False
) -> tuple[str, ...] | None:
    """The members of a folder that is one package, else `None`: a folder that directly holds a
    document or a description and whose files (subfolders included; hidden and
    `excluded(relative path, name)` ones left out) are documents and at most one description.
    A folder holding only subfolders is a container: each subfolder is judged on its own, so a
    folder with one subfolder per tender gives one package per tender. Description first."""
    files: list[str] = []
    for top, dirs, names in os.walk(folder):
        rel_top = os.path.relpath(top, folder)
        rel_top = "" if rel_top == "." else rel_top.replace(os.sep, "/") + "/"
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not excluded(rel_top + d, d))
        kept = [n for n in names if not n.startswith(".") and not excluded(rel_top + n, n)]
        if not rel_top and not any(is_document(n) or is_description(n) for n in kept):
            return None
        files.extend(os.path.join(top, name) for name in kept)
    files.sort()
    documents = [f for f in files if is_document(f)]
    descriptions = [f for f in files if is_description(f)]
    if not documents or len(descriptions) > 1:
        return None
    return (*descriptions, *documents)
