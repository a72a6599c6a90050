"""Words, numbers and dates of every report in English, Finnish and Swedish.

The report's own vocabulary is data: `keino_cli/locale/messages.yaml` holds each message in the
three languages side by side, so a reviewer reads a Finnish or Swedish line next to the English
one (a test checks that every message has all three and the same `{placeholders}`). Numbers,
percentages, money and dates go through Babel with the Finnish locales (`fi_FI`, Finland-Swedish
`sv_FI`), so Finnish and Swedish readers see 3,5 and 31.12.2027. CPV division names and the
names of Finnish acts are data too (`cpv-divisions.yaml`, `acts.yaml`), each with its source.
Criteria texts themselves come from the criteria sets.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

LANGS = ("en", "fi", "sv")
LOCALES = {"en": "en_GB", "fi": "fi_FI", "sv": "sv_FI"}
DATE_FORMATS = {"en": "d MMM y", "fi": "d.M.y", "sv": "d.M.y"}
_LOCALE_DIR = Path(__file__).parent / "locale"
_ACT = re.compile(r"(?:Finnish )?Act(?: [A-Za-z' ]+?)? (\d{2,4}/\d{4})(?: \(([^)\d]*)\))?")


@cache
def _data(name: str) -> dict[str, Any]:
    """A bundled vocabulary file, kept in the catalog cache (keyed like a criteria file): even
    libyaml takes ~20 ms for the messages, a tenth of a table report's start-up floor."""
    from keino_cli.catalog.cache import cached

    path = _LOCALE_DIR / name
    return cached([(path, True)], True, lambda: _parse(path), kind=f"locale.{path.stem}")


def _parse(path: Path) -> dict[str, Any]:
    """Parsed by libyaml: the pure-Python loader took ~0.18 s for the messages."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_bytes(), Loader=loader)


def messages() -> dict[str, dict[str, str]]:
    """The whole catalog: message key -> {en, fi, sv}."""
    return _data("messages.yaml")["messages"]


def t(key: str, lang: str, **params: Any) -> str:
    """The message `key` in `lang` with its `{placeholders}` filled; the key itself if unknown,
    so a missing message shows up in a test rather than as an exception in a report."""
    words = messages().get(key)
    if words is None:
        return key
    text = words.get(lang) or words["en"]
    return text.format(**params) if params else text


def has(key: str) -> bool:
    return key in messages()


def number(value: float | None, lang: str, digits: int = 1) -> str:
    """3.5 in English, 3,5 in Finnish and Swedish; n/a for a missing value."""
    if value is None:
        return t("n_a", lang)
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, pattern, locale=LOCALES.get(lang, "en_GB"))


def signed(value: float, lang: str, digits: int = 1) -> str:
    """A gain: +8.3 / +8,3."""
    return ("+" if value >= 0 else "−") + number(abs(value), lang, digits)


def percent(fraction: float | None, lang: str) -> str:
    """A share 0-1 as 35 % (fi, sv) or 35% (en)."""
    if fraction is None:
        return "–"
    from babel.numbers import format_percent

    return format_percent(fraction, locale=LOCALES.get(lang, "en_GB"))


def money(eur: float | None, lang: str) -> str:
    """Euro without cents, grouped by the locale: 1 234 567 € (fi, sv), €1,234,567 (en)."""
    if eur is None:
        return "–"
    from babel.numbers import format_currency

    pattern = "¤#,##0" if lang == "en" else "#,##0\u00a0¤"
    return format_currency(eur, "EUR", pattern, locale=LOCALES.get(lang, "en_GB"), currency_digits=False)


def date(value: str | dt.date | None, lang: str) -> str:
    """An ISO date as the language writes it: 31.12.2027 (fi, sv), 31 Dec 2027 (en)."""
    if value is None:
        return "–"
    from babel.dates import format_date

    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return format_date(day, DATE_FORMATS.get(lang, "d MMM y"), locale=LOCALES.get(lang, "en_GB"))


def level(name: str, lang: str) -> str:
    """An ambition level in full: core / perustaso / baskrav (never shortened)."""
    return t(f"level.{name}", lang)


def status(name: str, lang: str) -> str:
    return t(f"status.{name}", lang)


def theme(name: str, lang: str) -> str:
    return t(f"theme.{name}", lang) if has(f"theme.{name}") else name


def procedure(code: str, lang: str) -> str:
    """An eForms procedure code (BT-105) by name: open -> avoin menettely; other codes as given."""
    return t(f"procedure.{code}", lang) if has(f"procedure.{code}") else code


def fact_value(value: object, lang: str) -> str:
    """A fact's value in words of the language: yes/kyllä/ja, lists, locale numbers."""
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, list | tuple):
        return ", ".join(fact_value(v, lang) for v in value) or t("none_listed", lang)
    if isinstance(value, float):
        return number(value, lang, 0 if value.is_integer() else 1)
    if isinstance(value, int):
        return number(value, lang, 0)
    return str(value)


def cpv_division(code: str | None, lang: str) -> str | None:
    """The name of a CPV code's division (its first two digits) in `lang`, or None."""
    if not code or len(code) < 2:
        return None
    names = _data("cpv-divisions.yaml")["divisions"].get(code[:2])
    if names is None:
        return None
    return names.get(lang) or names["en"]


def cite(document: str, lang: str) -> str:
    """A source as the reader's language names it: Finnish acts by their Finnish or Swedish
    title and number ("laki julkisista hankinnoista ja käyttöoikeussopimuksista (1397/2016)")."""
    if lang == "en":
        return document
    acts = _data("acts.yaml")["acts"]

    def name(match: re.Match[str]) -> str:
        act = acts.get(match.group(1))
        if act is None or lang not in act:
            return match.group(0)
        return f"{act[lang]} ({match.group(1)})"

    return _ACT.sub(name, document)
