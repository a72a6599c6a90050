"""The catalog cache: a second load comes from it, stays correct, and changes invalidate it."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from keino_cli.catalog import cache, load_catalog
from keino_cli.catalog.selftest import run_examples
from tests.conftest import MINI


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KEINO_CACHE_DIR", str(tmp_path / "keino"))
    monkeypatch.delenv("KEINO_NO_CACHE", raising=False)
    return tmp_path / "keino"


def test_second_load_comes_from_the_cache_and_still_locates(cache_home: Path, tmp_path: Path) -> None:
    user_set = tmp_path / "mini.yaml"
    user_set.write_text((MINI / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    first = load_catalog([user_set], bundled=False)
    assert len(list(cache_home.glob("catalog-*.pickle"))) == 1
    second = load_catalog([user_set], bundled=False)
    assert second is not first and second.criteria.keys() == first.criteria.keys()
    # Marks are not cached: they are read again when a problem must be located.
    broken = user_set.read_text(encoding="utf-8").replace("battery_cycles: 1200", "battery_cycles: 1")
    cases = run_examples(second)
    assert all(case.ok for case in cases)
    user_set.write_text(broken, encoding="utf-8")
    third = load_catalog([user_set], bundled=False)  # changed file: a fresh load
    failing = [case.problem for case in run_examples(third) if case.problem is not None]
    assert [(p.line, p.column) for p in failing] == [(62, 14)]


def test_the_cache_keeps_only_recent_catalogs(cache_home: Path, tmp_path: Path) -> None:
    for index in range(cache.KEEP + 3):
        user_set = tmp_path / f"set{index}.yaml"
        user_set.write_text((MINI / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        load_catalog([user_set], bundled=False)
    assert len(list(cache_home.glob("catalog-*.pickle"))) == cache.KEEP


def test_a_damaged_cache_means_a_fresh_load(cache_home: Path) -> None:
    load_catalog([MINI], bundled=False)
    (entry,) = cache_home.glob("catalog-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert "T-BAND-01" in load_catalog([MINI], bundled=False).criteria


def test_a_cache_file_of_another_key_is_not_used(cache_home: Path) -> None:
    """The file name is only a checksum of the key: the key kept inside the file decides."""
    load_catalog([MINI], bundled=False)
    (entry,) = cache_home.glob("catalog-*.pickle")
    key, _ = pickle.loads(entry.read_bytes())
    entry.write_bytes(pickle.dumps((key + "|another", "not a catalog")))
    assert "T-BAND-01" in load_catalog([MINI], bundled=False).criteria
    assert pickle.loads(entry.read_bytes())[0] == key  # and replaced by the right one


def test_the_reports_vocabulary_comes_from_the_cache_as_parsed(cache_home: Path) -> None:
    from keino_cli import i18n

    i18n._data.cache_clear()
    first = i18n._data("messages.yaml")  # parsed, then written
    assert len(list(cache_home.glob("locale.messages-*.pickle"))) == 1
    i18n._data.cache_clear()
    assert i18n._data("messages.yaml") == first == i18n._parse(i18n._LOCALE_DIR / "messages.yaml")
    i18n._data.cache_clear()


def test_any_source_file_of_the_package_is_part_of_the_key(cache_home: Path, tmp_path: Path) -> None:
    """Not a hand-kept list: touching any module (here one no catalog class lives in) changes it.
    The sources are read once per process (the code a process runs is what it loaded), so each
    check starts as a new process would."""
    files = [(MINI / "mini.yaml", False)]
    cache._code.cache_clear()
    before = cache._key(files, False)
    module = cache.PACKAGE / "errors.py"
    stat = module.stat()
    try:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
        cache._code.cache_clear()
        assert cache._key(files, False) != before
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        cache._code.cache_clear()
    assert cache._key(files, False) == before


def test_the_tests_never_read_the_developers_cache() -> None:
    assert Path(os.environ["KEINO_CACHE_DIR"]) != Path.home() / ".cache" / "keino"
    assert cache.cache_dir() == Path(os.environ["KEINO_CACHE_DIR"])
