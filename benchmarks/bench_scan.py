"""Document scanning speed (issue #17 item 3): the evidence matcher and `keino scan` end to end.

Both figures are ratios to the same floor measured in the same run, interleaved with the
measurement, all in CPU time (user + system, of the child process for `keino scan`; best of several
runs): ONE `re.finditer` pass of a single literal word over the same text (ratio = floor time
/ keino time, so 1.0 would mean keino costs one literal search).

* matcher: every evidence pattern of the Finnish matcher over a generated 200-page tender text
  (`Matcher.scan`, which reads each match in its clause too);
* `keino scan`: the CLI in a fresh process on a generated ~600 KB Markdown tender
  (tests/tendergen.py), `--format json`; start-up (the same command on a one-paragraph tender of
  the same kind) is subtracted.

Each figure is measured with the Hyperscan engine and with the fallback (`KEINO_MATCHER=re`).
A PDF line (200 pages through keino's PDF reader) is printed for information.

    python benchmarks/bench_scan.py [--json FILE] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this checkout's keino_cli, and the test helpers
PAGES = 200
LINES_PER_PAGE = 45
TENDER_CHARS = 600_000
LITERAL = "ympäristömerkki"

FILLER = [
    "Hankintayksikkö pidättää oikeuden tarkentaa palvelun sisältöä sopimuskauden aikana",
    "Tarjoajan on toimitettava tarjouksensa liitteineen sähköisesti määräaikaan mennessä",
    "Palveluntuottaja vastaa henkilöstön perehdyttämisestä ja riittävästä ammattitaidosta",
    "Laskutus tapahtuu kuukausittain jälkikäteen toteutuneiden suoritteiden mukaan",
    "Kohteiden aukioloajat ja toimitusosoitteet on esitetty liitteessä kolme",
    "Tilaaja ja palveluntuottaja pitävät seurantapalaverin vähintään neljä kertaa vuodessa",
]
EVIDENCE = [
    "Vähintään 30 % elintarvikkeista on oltava luomua.",
    "Kasvisruokavaihtoehto on tarjottava päivittäin.",
    "Palveluntuottajan tulee mitata ruokahävikkiä.",
    "Ympäristömerkkiä ei edellytetä.",
    "Punaisella listalla olevia kaloja ei saa käyttää.",
]


def tender_lines(seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    pages = []
    for _ in range(PAGES):
        lines = [rng.choice(FILLER).strip() + "." for _ in range(LINES_PER_PAGE)]
        lines[rng.randrange(LINES_PER_PAGE)] = rng.choice(EVIDENCE)
        pages.append(lines)
    return pages


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children: on a loaded machine wall time
    mostly measures the queue for a core."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def interleaved(functions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Best CPU time of each function, the functions taking turns so machine load hits them alike."""
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(repeat):
        for name, function in functions.items():
            start = cpu_seconds()
            function()
            best[name] = min(best[name], cpu_seconds() - start)
    return best


def literal_pass(text: str) -> Callable[[], int]:
    literal = re.compile(LITERAL)
    return lambda: sum(1 for _ in literal.finditer(text))


def row(figure: str, command: str, floor_s: float, measured_s: float, goal: float) -> dict[str, object]:
    ratio = floor_s / measured_s
    return {
        "figure": figure,
        "command": command,
        "floor": f"one literal re.finditer ({LITERAL!r}) over the same text",
        "floor_s": floor_s,
        "measured_s": measured_s,
        "ratio": ratio,
        "goal": f">= {goal}",
        "met": ratio >= goal,
    }


def matcher_rows(repeat: int) -> list[dict[str, object]]:
    from keino_cli.catalog import load_catalog
    from keino_cli.evidence import ENGINES, evidence_for

    text = "\n\n".join("\n".join(lines) for lines in tender_lines())
    catalog = load_catalog()
    matchers = {engine: evidence_for(catalog, engine).matcher("fi") for engine in ENGINES}
    hits = {engine: matcher.scan(text) for engine, matcher in matchers.items()}
    times = interleaved(
        {"floor": literal_pass(text), **{e: (lambda m=m: m.scan(text)) for e, m in matchers.items()}}, repeat
    )
    print(f"matcher: {PAGES} pages, {len(text):,} characters, {len(next(iter(hits.values())))} hits")
    print(f"  floor  literal re.finditer           {times['floor'] * 1000:9.2f} ms")
    rows = []
    for engine in matchers:
        figure = f"document matcher ({engine}) vs one literal re.finditer, 200 pages"
        rows.append(row(figure, "python benchmarks/bench_scan.py", times["floor"], times[engine], 0.5))
        ratio = rows[-1]["ratio"]
        print(f"  {engine:<9} Matcher.scan (fi)           {times[engine] * 1000:9.2f} ms  ratio {ratio:.3f}")
    return rows


def scan_rows(repeat: int) -> list[dict[str, object]]:
    from tendergen import tender_text

    from keino_cli.evidence import ENGINES

    folder = Path(tempfile.mkdtemp(prefix="keino-bench-scan-"))
    big, tiny = folder / "tarjouspyynto.md", folder / "lyhyt.md"
    text = tender_text(TENDER_CHARS)
    big.write_text(text, encoding="utf-8")
    tiny.write_text(tender_text(400), encoding="utf-8")

    def keino(path: Path, engine: str) -> Callable[[], None]:
        command = [sys.executable, "-m", "keino_cli", "scan", str(path), "--format", "json"]
        env = {**os.environ, "KEINO_MATCHER": engine}
        return lambda: subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    runs: dict[str, Callable[[], object]] = {"floor": literal_pass(text)}
    for engine in ENGINES:
        keino(tiny, engine)()  # the catalog cache warm before timing
        runs[f"{engine} start-up"] = keino(tiny, engine)
        runs[engine] = keino(big, engine)
    times = interleaved(runs, repeat)
    print(f"keino scan: {len(text.encode('utf-8')):,} bytes of Markdown ({len(text):,} characters)")
    print(f"  floor  literal re.finditer           {times['floor'] * 1000:9.2f} ms")
    rows = []
    for engine in ENGINES:
        startup, whole = times[f"{engine} start-up"], times[engine]
        figure = f"keino scan ({engine}) on a 600 KB tender, start-up subtracted, vs one literal re.finditer"
        command = f"KEINO_MATCHER={engine} keino scan tarjouspyynto.md --format json"
        rows.append(row(figure, command, times["floor"], max(whole - startup, 1e-6), 0.1))
        print(
            f"  {engine:<9} keino scan {whole * 1000:8.1f} ms - start-up {startup * 1000:7.1f} ms"
            f" = {(whole - startup) * 1000:7.1f} ms  ratio {rows[-1]['ratio']:.4f}"
        )
    return rows


def pdf_line() -> None:
    from pdfgen import make_pdf

    from keino_cli.readers import ReadOptions
    from keino_cli.readers.documents import pdf

    data = make_pdf(tender_lines())
    seconds = interleaved({"pdf": lambda: pdf.extract("bench.pdf", data, ReadOptions())}, 2)["pdf"]
    print(f"PDF: {len(data):,} bytes, extraction {seconds:.2f} s, {seconds / PAGES * 1000:.2f} ms per page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON rows")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, no PDF line")
    args = parser.parse_args()
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    rows = matcher_rows(5 if args.quick else 11) + scan_rows(2 if args.quick else 4)
    if not args.quick:
        pdf_line()
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
