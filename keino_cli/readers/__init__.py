"""Input readers: one module per format, one table to register them, detection by content.

A reader module exposes `read(path, data, options) -> ProcurementInput`. Modules are imported
only when an input of their format appears, so start-up stays fast. To add a format, write the
module and add one `ReaderInfo` line to `READERS`.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from keino_cli.errors import InputError
from keino_cli.readers.packages import suffix

if TYPE_CHECKING:
    from keino_cli.catalog import Catalog
    from keino_cli.model.procurement import ProcurementInput

MAX_INPUT_BYTES = 50 * 1024 * 1024
SNIFF_BYTES = 4096


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Options that some readers need; each reader ignores what is not its concern."""

    encoding: str | None = None
    doc_lang: str | None = None
    catalog: Catalog | None = None  # whose evidence rules document readers apply (bundled if None)
    # Whoever reads the input needs no models (batch's compact records): a description that is
    # plainly valid is read as light objects (`readers.plain`), anything else through the models.
    plain: bool = False


DEFAULT_OPTIONS = ReadOptions()


@dataclass(frozen=True, slots=True)
class ReaderInfo:
    name: str
    module: str
    sniff: Callable[[str, bytes], bool]


# Top-level keys of keino's other YAML files (criteria sets and vocabularies, scoring profiles),
# none of which a procurement description has.
_NOT_A_DESCRIPTION = re.compile(rb"^(?:criteria|theme_weights|parameters|evidence|negations):", re.M)


_DESCRIPTION_KEYS = re.compile(rb'^(?:id|title):|"(?:id|title)"\s*:', re.M)


def _is_description(path: str, head: bytes) -> bool:
    named = suffix(path) in (".yaml", ".yml", ".json") or path == "-"
    return named and _NOT_A_DESCRIPTION.search(head) is None


def _ocds_beyond_head(path: str, head: bytes) -> bool:
    """OCDS whose first keys come after the sniffed head (publisher metadata, long extension lists)."""
    if len(head) < SNIFF_BYTES:
        return False
    try:
        return ocds_structure(read_bytes(path))
    except InputError:
        return False


def readable(path: str) -> bool:
    """Whether some reader accepts this file, judged as `read_input` does (name and first bytes);
    folders are walked with this, so criteria sets and profiles kept beside descriptions are
    passed over."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    info = next((info for info in READERS if info.sniff(path, head)), None)
    beyond = info is None or info.name == "description"
    if beyond and suffix(path) in _JSON_SUFFIXES and _ocds_beyond_head(path, head):
        return True
    if info is None:
        return False
    # In a folder, other JSON and YAML (schemas, extension metadata, configs) is not an input:
    # a description names its id or title near the top.
    return info.name != "description" or _DESCRIPTION_KEYS.search(head) is not None


_NOTICE_ROOTS = re.compile(rb"<(?:\w+:)?(?:ContractNotice|ContractAwardNotice|PriorInformationNotice)\b")


def _is_eforms(path: str, head: bytes) -> bool:
    """A `.xml` file, or XML whose root is a notice. A named `.xml` file that is not a notice gets
    the eForms reader's own message; other XML (code lists, schemas) is left to no reader."""
    if suffix(path) == ".xml":
        return True
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and _NOTICE_ROOTS.search(head) is not None


_OCDS_KEYS = re.compile(rb'"(?:releases|records|ocid)"\s*:')
_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
OCDS_KEYS = frozenset((b"releases", b"records", b"ocid"))


def ocds_structure(data: bytes) -> bool:
    """Whether JSON text (one document, JSON Lines or concatenated) is OCDS, judged by parsing its
    structure: a key `releases`, `records` or `ocid` at the top of an object, or of an object in a
    top-level array. A linear scan that stops at the first such key, wherever it is in the file."""
    depth, in_string, escaped, start, top_array = 0, False, False, 0, False
    for index, byte in enumerate(data):
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # closing quote: a key when a colon follows at object depth 1 or 2
                in_string = False
                if depth == 1 or (depth == 2 and top_array):
                    rest = data[index + 1 : index + 40].lstrip()
                    if rest[:1] == b":" and data[start:index] in OCDS_KEYS:
                        return True
        elif byte == 0x22:
            in_string, start = True, index + 1
        elif byte in (0x7B, 0x5B):  # { [
            if depth == 0:
                top_array = byte == 0x5B
            depth += 1
        elif byte in (0x7D, 0x5D) and depth > 0:
            depth -= 1
    return False


def _is_ocds(path: str, head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    json_like = suffix(path) in _JSON_SUFFIXES or start in (b"{", b"[")
    return json_like and _OCDS_KEYS.search(head) is not None


def _is_pdf(path: str, head: bytes) -> bool:
    return head.startswith(b"%PDF") or suffix(path) == ".pdf"


def _suffix_in(*suffixes: str) -> Callable[[str, bytes], bool]:
    return lambda path, head: suffix(path) in suffixes


# Order matters: the first reader whose sniff accepts an input reads it.
READERS: tuple[ReaderInfo, ...] = (
    ReaderInfo("pdf", "keino_cli.readers.documents.pdf", _is_pdf),
    ReaderInfo("docx", "keino_cli.readers.documents.docx", _suffix_in(".docx")),
    ReaderInfo("markdown", "keino_cli.readers.documents.text", _suffix_in(".md", ".markdown")),
    ReaderInfo("text", "keino_cli.readers.documents.text", _suffix_in(".txt")),
    ReaderInfo("eforms", "keino_cli.readers.eforms", _is_eforms),
    ReaderInfo("ocds", "keino_cli.readers.ocds", _is_ocds),
    ReaderInfo("description", "keino_cli.readers.description", _is_description),
)


def reader_names() -> list[str]:
    return [info.name for info in READERS]


def read_bytes(path: str) -> bytes:
    """The raw bytes of an input (`-` is standard input), refusing anything too large."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError.single(path, "no such file") from None
    except IsADirectoryError:
        raise InputError.single(path, "is a folder, expected a file") from None
    except OSError as error:
        raise InputError.single(path, f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError.single(path, f"input is larger than {MAX_INPUT_BYTES // 2**20} MiB")
    return data


def read_input(
    path: str, options: ReadOptions = DEFAULT_OPTIONS, input_format: str | None = None
) -> ProcurementInput:
    """Read one input with the reader its content calls for (or the one named by `input_format`)."""
    data = read_bytes(path)
    return _module(path, data, input_format).read(path, data, options)


def read_inputs(
    path: str, options: ReadOptions = DEFAULT_OPTIONS, input_format: str | None = None
) -> list[ProcurementInput]:
    """Every procurement of one input: an OCDS file may hold many (one per ocid, each named
    `path#ocid`); every other input is one. Readers that can give several expose `read_all`."""
    data = read_bytes(path)
    module = _module(path, data, input_format)
    read_all = getattr(module, "read_all", None)
    return read_all(path, data, options) if read_all else [module.read(path, data, options)]


def _module(path: str, data: bytes, input_format: str | None) -> ModuleType:
    if input_format is not None:
        info = next((r for r in READERS if r.name == input_format), None)
        if info is None:
            raise InputError.single(path, f"unknown input format {input_format!r}")
    else:
        head = data[:SNIFF_BYTES]
        info = next((r for r in READERS if r.sniff(path, head)), None)
        json_like = suffix(path) in _JSON_SUFFIXES or head.lstrip()[:1] in (b"{", b"[")
        undecided = info is None or info.name == "description"
        if undecided and json_like and len(data) > SNIFF_BYTES and ocds_structure(data):
            info = next(r for r in READERS if r.name == "ocds")
        if info is None and _NOT_A_DESCRIPTION.search(head):
            message = (
                "a keino criteria set or scoring profile, not a procurement (use --criteria or --profile)"
            )
            raise InputError.single(path, message)
        if info is None:
            known = ", ".join(reader_names())
            raise InputError.single(path, f"cannot tell the format of this input (known: {known})")
    return importlib.import_module(info.module)
