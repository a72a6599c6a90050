"""Figures for the reports (issue #14): how long the terminal report is, whether any word is
broken inside a cell, and what the HTML reports weigh and fetch.

    python benchmarks/report_figures.py [--screenshots docs/screenshots] [--no-browser]

* Lines of the default `keino assess` report at 80 columns (COLUMNS=80), per example and
  language (target <= 40).
* Broken words at 80 columns: every word printed by `assess` (default and --details),
  `criteria list`, `batch` (with --summary), `plan`, `check` and `diff`, in en/fi/sv, is
  looked up among the words of the texts the output is made of (the criteria sets, the message
  catalog, CPV and act names, the inputs, their JSON results). A word that is not there was cut
  by the layout (target 0). Words elided with "…" are allowed and counted apart.
* HTML report size per type, and the network requests a headless Chromium makes while
  rendering each (target 0), with a PNG screenshot of each written to --screenshots.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from typer.testing import CliRunner  # noqa: E402

from keino_cli.cli import app  # noqa: E402
from tests.layout import broken, vocabulary  # noqa: E402

# Relative paths, run from the repository root: reports and screenshots show no machine path.
EXAMPLES = sorted(p.relative_to(ROOT) for p in (ROOT / "examples").glob("*.yaml"))
TENDER = Path("examples") / "tenders" / "koulujen-ateriapalvelut"
LANGS = ("en", "fi", "sv")
INPUT_TEXTS = [
    *(ROOT / p for p in EXAMPLES),
    *sorted(p for p in (ROOT / TENDER).rglob("*") if p.is_file()),
    ROOT / "examples" / "plans" / "plan-2027.csv",
]
ENV = {"COLUMNS": "80", "NO_COLOR": "1"}


def keino(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=ENV)
    return result.stdout


def terminal_figures() -> int:
    print("Lines of the default `keino assess` report at 80 columns (target <= 40):")
    print(f"  {'example':<32}" + "".join(f"{lang:>6}" for lang in LANGS))
    worst = 0
    inputs = [*EXAMPLES, TENDER]
    for path in inputs:
        counts = [len(keino("assess", str(path), "--lang", lang).splitlines()) for lang in LANGS]
        worst = max(worst, *counts)
        print(f"  {path.relative_to('examples').as_posix():<32}" + "".join(f"{n:>6}" for n in counts))
    print(f"  longest: {worst} lines")

    outputs: dict[str, str] = {}
    json_texts = [keino("assess", *map(str, inputs), "--format", "json")]
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "v1.json"
        CliRunner().invoke(app, ["assess", str(EXAMPLES[-1]), "-f", "json", "-o", str(old)])
        json_texts.append(str(old))
        for lang in LANGS:
            for path in inputs:
                outputs[f"assess {path.name} {lang}"] = keino("assess", str(path), "--lang", lang)
                outputs[f"assess --details {path.name} {lang}"] = keino(
                    "assess", str(path), "--lang", lang, "--details"
                )
            outputs[f"criteria list {lang}"] = keino("criteria", "list", "--lang", lang)
            outputs[f"batch {lang}"] = keino(
                "batch", *map(str, EXAMPLES), "--summary", "--lang", lang, "-j", "1"
            )
            outputs[f"plan {lang}"] = keino(
                "plan", str(ROOT / "examples" / "plans" / "plan-2027.csv"), "--lang", lang
            )
            outputs[f"check {lang}"] = keino(
                "check", *map(str, EXAMPLES), "--format", "table", "--lang", lang, "--no-config"
            )
            outputs[f"diff {lang}"] = keino("diff", str(old), str(EXAMPLES[0]), "--lang", lang)
    vocab = vocabulary([*json_texts, *(p.read_text(encoding="utf-8") for p in INPUT_TEXTS)])
    bad, elided = broken(outputs, vocab)
    lines = sum(len(text.splitlines()) for text in outputs.values())
    wide = sum(1 for text in outputs.values() for line in text.splitlines() if len(line) > 80)
    print(
        f"Words broken inside a cell at 80 columns (target 0): {sum(bad.values())} "
        f"(over {len(outputs)} outputs, {lines} lines; {elided} words elided with …; "
        f"{wide} lines wider than 80)"
    )
    for word, count in sorted(bad.items()):
        print(f"  {word}  ×{count}")
    list_lines = len(outputs["criteria list en"].splitlines())
    print(f"`keino criteria list` at 80 columns: {list_lines} lines")
    return sum(bad.values())


def html_figures(screenshots: Path | None) -> None:
    from tests import browser  # headless Chromium over the DevTools protocol

    binary = browser.find()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        reports = {
            "assess": ["assess", str(EXAMPLES[2]), "--lang", "fi"],
            "check": ["check", *map(str, EXAMPLES), "--no-config", "--lang", "en"],
            "batch": ["batch", *map(str, EXAMPLES), "--lang", "sv", "-j", "1"],
        }
        paths = {}
        for name, args in reports.items():
            paths[name] = tmpdir / f"{name}.html"
            CliRunner().invoke(app, [*args, "--format", "html", "--output", str(paths[name])])
        print("HTML reports:")
        pages = browser.load_all(list(paths.values()), binary, width=1000, height=1300) if binary else None
        for index, (name, path) in enumerate(paths.items()):
            size = path.stat().st_size
            line = f"  {name:<7} {size / 1024:6.1f} KiB"
            if pages is not None:
                page = pages[index]
                line += f"  network requests: {len(page.requests)}  console messages: {len(page.console)}"
                if screenshots is not None:
                    screenshots.mkdir(parents=True, exist_ok=True)
                    target = screenshots / f"{name}.png"
                    target.write_bytes(page.screenshot)
                    if shutil.which("pngquant"):
                        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--output", str(target),
                                        "32", str(target)], check=False)  # fmt: skip
                    line += (
                        f"  screenshot: {target.relative_to(ROOT)} ({target.stat().st_size / 1024:.0f} KiB)"
                    )
            print(line)
        if pages is None:
            print("  (no Chromium installed: network requests not measured)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", type=Path, default=None, help="write a PNG of each HTML report here")
    parser.add_argument("--no-browser", action="store_true", help="skip the HTML figures")
    args = parser.parse_args()
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="keino-cache-"))
    os.chdir(ROOT)
    broken_words = terminal_figures()
    if not args.no_browser:
        html_figures(args.screenshots.resolve() if args.screenshots else None)
    sys.exit(1 if broken_words else 0)


if __name__ == "__main__":
    main()
