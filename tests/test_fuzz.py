"""Untrusted input never crashes keino: whatever the bytes, a reader either reads them or raises
`InputError` (one located line per problem). Hypothesis generates the inputs."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keino_cli.errors import InputError
from keino_cli.readers import read_input
from keino_cli.yamlsource import load_yaml

YAMLISH = st.text(alphabet=st.sampled_from(list("ab:- \n\t[]{}&*!|>'\"#,?%@`0123456789.~")), max_size=200)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(YAMLISH)
def test_yaml_loader_reads_or_reports(text: str) -> None:
    try:
        load_yaml(text, "fuzz.yaml")
    except InputError as error:
        assert error.problems and all(p.path == "fuzz.yaml" for p in error.problems)


@SETTINGS
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".yaml", ".json", ".xml", ".md", ".txt"]))
def test_readers_read_or_report(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    try:
        read_input(str(path))
    except InputError as error:
        assert error.problems


@SETTINGS
@given(YAMLISH)
def test_description_reader_reads_or_reports(tmp_path: Path, text: str) -> None:
    path = tmp_path / "tender.yaml"
    path.write_text("id: X\ntitle: T\nfacts:\n  " + text.replace("\n", "\n  "), encoding="utf-8")
    try:
        read_input(str(path))
    except InputError as error:
        assert error.problems
