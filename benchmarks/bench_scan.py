"""Scan throughput and PDF text extraction speed on a generated 200-page Finnish tender.

* Scan: all evidence patterns of the Finnish matcher over the extracted text, compared with ONE
  `re.finditer` pass of a single literal word over the same text (ratio = literal time / scan time,
  so 1.0 would mean the whole scan costs one literal search).
* PDF: a 200-page PDF written by tests/pdfgen.py, text extracted by keino's PDF reader; ms per page.

    .venv/bin/python benchmarks/bench_scan.py
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = 200
LINES_PER_PAGE = 45

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


def best(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from pdfgen import make_pdf

    from keino_cli.catalog import load_catalog
    from keino_cli.evidence import evidence_for
    from keino_cli.readers import ReadOptions
    from keino_cli.readers.documents import pdf

    pages = tender_lines()
    text = "\n\n".join("\n".join(lines) for lines in pages)
    matcher = evidence_for(load_catalog()).matcher("fi")
    literal = re.compile("ympäristömerkki")
    hits = len(matcher.scan(text))
    t_literal = best(lambda: sum(1 for _ in literal.finditer(text)))
    t_scan = best(lambda: matcher.scan(text))
    print(f"text: {PAGES} pages, {len(text):,} characters, {hits} hits")
    print(f"literal re.finditer: {t_literal * 1000:.2f} ms")
    print(f"keino scan (fi, {len(matcher.terminals)} patterns): {t_scan * 1000:.2f} ms")
    print(f"throughput ratio scan / literal: {t_literal / t_scan:.3f}")
    data = make_pdf(pages)
    t_pdf = best(lambda: pdf.extract("bench.pdf", data, ReadOptions()), repeat=3)
    print(f"PDF: {len(data):,} bytes, extraction {t_pdf:.2f} s, {t_pdf / PAGES * 1000:.2f} ms per page")


if __name__ == "__main__":
    main()
