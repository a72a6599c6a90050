"""Fuzz keino's readers and engine in-process with mutated real samples and hypothesis inputs.

Every input must end in one of: ok, below bar (a legal gate or the bar not met), clean error
(`InputError`: located lines). Anything else is a bug: an internal error (any other exception),
an input over the time limit, or one over the memory limit. Each input is read as `keino assess`
reads it (every procurement of an OCDS file), assessed, and its result written as strict JSON.
Seeds are the repository's fixtures and examples (descriptions, eForms, OCDS including the
publisher-shaped ones, the fi/sv/en tender texts, as Markdown, PDF and DOCX), plus the sample
notices in `../shared/data` when that folder exists beside the repository. One in ten inputs (at
most 300) comes from hypothesis strategies; the rest mutate a seed (byte flips, cut/duplicated
spans, hostile tokens: long digit runs, NaN, deep brackets, huge numbers, encodings, spans; for
YAML/JSON/OCDS also the parsed structure; for DOCX the XML inside the zip is mutated and re-zipped).

    .venv/bin/python benchmarks/fuzz.py --count 2000                 # every format, one process each
    .venv/bin/python benchmarks/fuzz.py --count 10000 --format yaml  # one format
    .venv/bin/python benchmarks/fuzz.py --count 500 --format docx --save /tmp/fuzz-failures
    .venv/bin/python benchmarks/fuzz.py --count 10000 --budget 660   # at most 11 minutes a format

Prints one table row per format: inputs, outcomes, the median and slowest input (and their
ratio), the process's peak memory and the wall time (seeds and hypothesis included). `--save DIR`
keeps every failing input, and the slowest one, for replay.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import random
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

FORMATS = ("yaml", "json", "eforms", "ocds", "docx", "pdf", "markdown")
SUFFIX = {"yaml": ".yaml", "json": ".json", "eforms": ".xml", "ocds": ".json", "docx": ".docx",
          "pdf": ".pdf", "markdown": ".md"}  # fmt: skip
OUTCOMES = ("ok", "below bar", "clean error", "internal error", "over time", "over memory")
MEMORY_LIMIT = 1024**3  # over 1 GiB above the process's size before the first input

HOSTILE = [
    b"9" * 400, b"9" * 5000, b"1e400", b"-1e999", b"NaN", b"Infinity", b".inf", b".nan", b"[" * 300,
    b"{" * 300, b"- " * 200, b"&a [*a]", b"*a", b"<<: *x", b"!!python/object:os.system", b"\x00",
    b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\t", b"%" * 50, b"1,5 % " * 50, b"ilman " * 200,
    b'"' * 30, b"'" * 30, b"\\u0000", b"\xe2\x80\xae", b"1" * 3000 + b" %", b"0x" + b"f" * 300,
    b'<?xml version="1.0" encoding="x-unknown"?>', b"<!DOCTYPE a [<!ENTITY e 'x'>]>", b"&e;",
    b'w:gridSpan w:val="999999999"', b"-" * 500, b"\n" * 500, b"#" * 200, b"|" * 200,
    "vähintään 30 % luomua".encode(), b"ISO 14001", b"CPV 34144910-0", b"2026-13-45", b"true", b"null",
]  # fmt: skip


# --- seeds -------------------------------------------------------------------------------------


def _files(*patterns: str, base: Path = ROOT) -> list[Path]:
    return sorted({p for pattern in patterns for p in base.glob(pattern) if p.is_file()})


TENDER_TEXTS = ("examples/tenders/**/*.md", "tests/fixtures/pairs/*/tender.md")  # fi, sv, en


def _tender_text() -> str:
    texts = [p.read_text(encoding="utf-8") for p in _files(*TENDER_TEXTS)]
    return "\n\n".join(texts) or "Hankinta toteutetaan avoimella menettelyllä.\n\nVähintään 30 % luomua."


def seeds(fmt: str) -> list[bytes]:
    """Real or fixture samples of one format."""
    from keino_cli.yamlsource import load_yaml

    yamls = _files("examples/*.yaml", "tests/fixtures/descriptions/*.yaml", "tests/fixtures/check/**/*.yaml")
    yamls = [p for p in yamls if "criteria" not in p.parts]
    if fmt == "yaml":
        return [p.read_bytes() for p in yamls]
    if fmt == "json":
        out = []
        for path in yamls:
            try:
                data, _ = load_yaml(path.read_bytes(), str(path))
                out.append(json.dumps(data, ensure_ascii=False, indent=1).encode())
            except Exception:  # a seed that does not load is simply not used
                continue
        return out
    if fmt == "eforms":
        found = _files("tests/fixtures/eforms/*.xml") + _files("eforms/**/*.xml", base=SHARED_DATA)
        return [p.read_bytes() for p in found if p.stat().st_size < 2_000_000][:60]
    if fmt == "ocds":
        found = _files("tests/fixtures/ocds/**/*.json", "tests/fixtures/ocds/**/*.jsonl")
        found += _files("ocds/*.json", base=SHARED_DATA)
        return [p.read_bytes() for p in found if p.stat().st_size < 2_000_000]
    text = _tender_text()
    if fmt == "markdown":  # each tender text, and all of them as one longer document
        return [p.read_bytes() for p in _files(*TENDER_TEXTS)] + [text.encode()]
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    if fmt == "pdf":
        from pdfgen import make_pdf

        lines = [line[:90] for p in paragraphs for line in p.splitlines()]
        return [make_pdf([lines[i : i + 40] for i in range(0, len(lines), 40)]), make_pdf([lines[:10]])]
    # python-docx's template carries 800 KB of styles; the lean copies keep only the styles the
    # text uses, as a small Word file does, so most inputs cost what a real tender document does.
    short = _make_docx(paragraphs[:5], table=True)
    return [short, _lean_docx(short), _lean_docx(_make_docx(paragraphs, table=True))]


def _make_docx(paragraphs: list[str], table: bool = False) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(paragraphs[0][:60] if paragraphs else "Tarjouspyyntö", 1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=3, cols=3)
        for r in range(3):
            for c in range(3):
                grid.cell(r, c).text = f"Vähintään {10 * (r + c)} % luomua"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _lean_docx(data: bytes) -> bytes:
    """The DOCX without stylesWithEffects.xml and with only the styles its document uses (and
    what they are based on), the defaults kept."""
    from lxml import etree

    parts = dict(_docx_parts(data))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    styles = etree.fromstring(parts["word/styles.xml"])
    used = {e.get(f"{w}val") for e in etree.fromstring(parts["word/document.xml"]).iter() if e.tag in
            (f"{w}pStyle", f"{w}rStyle", f"{w}tblStyle")}  # fmt: skip
    by_id = {e.get(f"{w}styleId"): e for e in styles.iter(f"{w}style")}
    keep = {i for i, e in by_id.items() if e.get(f"{w}default") == "1"}
    todo = list(used)
    while todo:
        ident = todo.pop()
        if ident in by_id and ident not in keep:
            keep.add(ident)
            todo += [b.get(f"{w}val") for b in by_id[ident].iter(f"{w}basedOn", f"{w}link")]
    for child in list(styles):
        unused = child.tag == f"{w}style" and child.get(f"{w}styleId") not in keep
        if unused or child.tag == f"{w}latentStyles":
            styles.remove(child)
    parts["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    del parts["word/stylesWithEffects.xml"]
    for name, pattern in (("word/_rels/document.xml.rels", rb"<Relationship [^>]*stylesWithEffects[^>]*/>"),
                          ("[Content_Types].xml", rb"<Override [^>]*stylesWithEffects[^>]*/>")):  # fmt: skip
        parts[name] = re.sub(pattern, b"", parts[name])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return buffer.getvalue()


# --- mutation ----------------------------------------------------------------------------------


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits of a byte string."""
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        if not out:
            out += rng.choice(HOSTILE)
            continue
        at = rng.randrange(len(out))
        kind = rng.randrange(8)
        if kind == 0:
            out[at] = rng.randrange(256)
        elif kind == 1:
            del out[at : at + rng.randint(1, 64)]
        elif kind == 2:
            end = min(len(out), at + rng.randint(1, 256))
            out[at:at] = out[at:end] * rng.randint(1, 20)
        elif kind in (3, 4):
            out[at:at] = rng.choice(HOSTILE)
        elif kind == 5:  # replace a number with a hostile one
            digits = [i for i in range(max(0, at - 200), min(len(out), at + 200)) if 48 <= out[i] <= 57]
            if digits:
                i = rng.choice(digits)
                out[i : i + 1] = rng.choice([b"9" * 400, b"1e400", b"NaN", b"-1", b"0", b"1" * 4400])
        elif kind == 6:  # swap two lines
            lines = bytes(out).split(b"\n")
            if len(lines) > 2:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                out = bytearray(b"\n".join(lines))
        else:
            out = out[: rng.randrange(len(out) + 1)]  # truncated file
    return bytes(out)


@functools.lru_cache(maxsize=8)
def _docx_parts(data: bytes) -> tuple[tuple[str, bytes], ...]:
    """A seed's zip members, unpacked once rather than for every input made from it."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return tuple((item.filename, source.read(item)) for item in source.infolist())


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    """Mutate the XML parts inside the zip (and sometimes the zip bytes themselves)."""
    if rng.random() < 0.2:
        return mutate_bytes(data, rng)
    buffer = io.BytesIO()
    # Deflate at the fastest level: the reader still inflates every part as in a Word file.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name, content in _docx_parts(data):
            if name.endswith(".xml") and (name == "word/document.xml" or rng.random() < 0.1):
                content = mutate_bytes(content, rng)
            if rng.random() < 0.02:
                continue  # a missing part
            target.writestr(name, content)
    return buffer.getvalue()


HOSTILE_VALUES: list[object] = [
    None, True, 0, -1, 10**400, 1e308, "", "x" * 5000, [], {}, [1, "a"], {"a": {"b": 1}}, "NaN",
    "34144910-0", "EUR", "open", "2026-02-30", 38.5, 100.0001, "9" * 400, [None], {"amount": "1e400"},
]  # fmt: skip


def _yaml_classes() -> tuple[type, type]:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader), getattr(yaml, "CSafeDumper", yaml.SafeDumper)


_YAML_LOADER, _YAML_DUMPER = _yaml_classes()


def mutate_structure(data: bytes, rng: random.Random, as_yaml: bool) -> bytes:
    """Parse a YAML/JSON seed and change its shape: a value replaced by a hostile one or by a
    value of another type, a key dropped, a list item repeated; then write it back."""
    import yaml

    try:
        # libyaml's loader and dumper when built (the same data as the pure-Python ones, ~10x faster)
        document = yaml.load(data, Loader=_YAML_LOADER) if as_yaml else json.loads(data)
    except Exception:  # an unparsable seed falls back to byte edits
        return mutate_bytes(data, rng)
    for _ in range(rng.randint(1, 3)):
        node, parents = document, []
        while isinstance(node, (dict, list)) and node and rng.random() < 0.8:
            key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
            parents.append((node, key))
            node = node[key]
        if not parents:
            continue
        container, key = parents[-1]
        choice = rng.randrange(4)
        if choice == 0 and isinstance(container, dict):
            del container[key]
        elif choice == 1 and isinstance(container, list):
            container.insert(key, container[key])
        else:
            container[key] = rng.choice(HOSTILE_VALUES)
    try:
        if as_yaml:
            return yaml.dump(document, Dumper=_YAML_DUMPER, allow_unicode=True).encode()
        return json.dumps(document, ensure_ascii=False).encode()
    except (ValueError, OverflowError):
        return mutate_bytes(data, rng)


def mutate(fmt: str, data: bytes, rng: random.Random) -> bytes:
    if fmt == "docx":
        return mutate_docx(data, rng)
    if fmt in ("yaml", "json", "ocds") and rng.random() < 0.6:
        return mutate_structure(data, rng, as_yaml=fmt == "yaml")
    return mutate_bytes(data, rng)


# --- hypothesis share --------------------------------------------------------------------------


def hypothesis_inputs(fmt: str, count: int, base: list[bytes], seed: int) -> list[bytes]:
    """`count` inputs drawn by hypothesis: structured descriptions for YAML/JSON, splices of
    generated bytes into seeds for the other formats."""
    if count <= 0:
        return []
    import yaml
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=30), st.sampled_from(["open", "EUR", "34144910-0", "climate", "2026-01-01"]),
    )  # fmt: skip
    keys = st.sampled_from(["id", "title", "cpv", "value", "amount", "currency", "facts", "lots", "labels",
                            "award_criteria", "procedure", "weight", "type", "buyer", "x"])  # fmt: skip

    def nested(inner: st.SearchStrategy) -> st.SearchStrategy:
        return st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5)

    values = st.recursive(scalars, nested, max_leaves=25)
    found: list[bytes] = []
    if fmt in ("yaml", "json"):
        strategy = st.dictionaries(keys, values, min_size=1, max_size=8)
    else:
        strategy = st.tuples(st.integers(0, len(base) - 1), st.integers(0, 10**9), st.binary(max_size=64))

    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), derandomize=False)  # fmt: skip
    @given(strategy)
    def draw(value: object) -> None:
        if fmt == "yaml":
            found.append(yaml.safe_dump(value, allow_unicode=True).encode())
        elif fmt == "json":
            found.append(json.dumps(value, ensure_ascii=False).encode())  # may hold NaN: on purpose
        else:
            index, at, blob = value  # type: ignore[misc]
            sample = base[index]
            at %= max(len(sample), 1)
            found.append(sample[:at] + blob + sample[at:])

    random.seed(seed)
    draw()
    return found[:count]


# --- running -----------------------------------------------------------------------------------


class _OverTime(Exception):
    pass


class _Stopped(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _OverTime


def _stop(signum: int, frame: object) -> None:
    raise _Stopped


def make_runner() -> Callable[[str], str]:
    """A function from an input path to its outcome, with the bundled catalog loaded once."""
    from keino_cli.api import load_catalog
    from keino_cli.engine import Engine
    from keino_cli.errors import InputError
    from keino_cli.model.result import Status
    from keino_cli.readers import ReadOptions, read_inputs

    catalog = load_catalog([])
    engine = Engine(catalog)
    # As `keino assess` reads: plainly valid inputs as light objects (`readers.plain`), the rest
    # through the models; documents are scanned with the same catalog.
    options = ReadOptions(catalog=catalog, plain=True)

    def run(path: str) -> str:
        below = False
        try:
            for data in read_inputs(path, options):  # an OCDS file may hold several procurements
                result = engine.assess(data)
                json.dumps(result.to_dict(), allow_nan=False)  # the JSON output must stay strict
                below = below or any(g.status is not Status.MET for g in result.assessment.gates)
        except InputError as error:
            assert error.problems and all("\n" not in p.message for p in error.problems), error
            return "clean error"
        return "below bar" if below else "ok"

    return run


def _warm_up(run: Callable[[str], str], base: list[bytes], path: Path, time_limit: int) -> None:
    """Each seed once, untimed: lazy imports (pypdf, python-docx, lxml) and first-use compiling are
    not any input's time."""
    for data in base:
        path.write_bytes(data)
        signal.alarm(time_limit)
        try:
            run(str(path))
        except Exception:  # a seed's own outcome is not counted; its mutations are
            pass
        finally:
            signal.alarm(0)


def _replay(run: Callable[[str], str], data: bytes, path: Path, time_limit: int) -> float:
    """The slowest input's fastest time of three more runs: a slow input stays slow, one slowed by
    the machine's other load does not."""
    path.write_bytes(data)
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        signal.alarm(time_limit)
        try:
            run(str(path))
        except _Stopped:
            break
        except Exception:  # _OverTime included: its time is the limit
            pass
        finally:
            signal.alarm(0)
        best = min(best, time.perf_counter() - began)
    return best


def fuzz_format(
    fmt: str, count: int, seed: int, time_limit: int, save: Path | None, budget: float | None = None
) -> dict:
    """Run `count` inputs of one format (fewer if `budget` seconds run out or SIGTERM arrives:
    the row says how many ran)."""
    started = time.monotonic()
    deadline = started + budget if budget else None  # seeds and hypothesis count too
    rng = random.Random(seed)
    base = seeds(fmt)
    if not base:
        return {"format": fmt, "inputs": 0, "note": "no seeds"}
    run = make_runner()
    inputs = hypothesis_inputs(fmt, min(count // 10, 300), base, seed)
    signal.signal(signal.SIGALRM, _alarm)
    path = Path(tempfile.mkdtemp(prefix="keino-fuzz-")) / f"input{SUFFIX[fmt]}"
    _warm_up(run, base, path, time_limit)
    signal.signal(signal.SIGTERM, _stop)
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        virtual = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (virtual + MEMORY_LIMIT, hard))
    outcomes: Counter[str] = Counter()
    times: list[float] = []
    slowest = (0.0, b"")
    failures: list[str] = []
    try:
        for index in range(count):
            if deadline is not None and time.monotonic() > deadline:
                break
            data = inputs[index] if index < len(inputs) else mutate(fmt, rng.choice(base), rng)
            path.write_bytes(data)
            began = time.perf_counter()
            signal.alarm(time_limit)
            try:
                outcome = run(str(path))
            except _OverTime:
                outcome = "over time"
            except MemoryError:
                outcome = "over memory"
            except Exception as error:  # the point: every other exception is a bug to report
                outcome = "internal error"
                frame = traceback.extract_tb(error.__traceback__)[-1]
                failures.append(
                    f"{Path(frame.filename).name}:{frame.lineno} {type(error).__name__}: {error!s:.120}"
                )
            finally:
                signal.alarm(0)
            took = time.perf_counter() - began
            times.append(took)
            slowest = max(slowest, (took, data))
            outcomes[outcome] += 1
            if outcome in ("internal error", "over time", "over memory") and save is not None:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"{fmt}-{seed}-{index}{SUFFIX[fmt]}").write_bytes(data)
    except _Stopped:
        pass  # `timeout` ended the run: report what was done
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        (save / f"{fmt}-{seed}-slowest{SUFFIX[fmt]}").write_bytes(slowest[1])
    median = statistics.median(times) if times else 0.0
    replayed = _replay(run, slowest[1], path, time_limit) if times else 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "format": fmt,
        "inputs": len(times),
        "seeds": len(base),
        "outcomes": {name: outcomes.get(name, 0) for name in OUTCOMES},
        "median_ms": round(median * 1000, 2),
        "mean_ms": round(statistics.fmean(times) * 1000, 2) if times else 0.0,
        "slowest_ms": round(slowest[0] * 1000, 1),
        "slowest_ratio": round(slowest[0] / median, 1) if median else None,
        "slowest_bytes": len(slowest[1]),
        "slowest_replayed_ms": round(replayed * 1000, 1),
        "peak_rss_mib": round(peak / 2**20),
        "rss_before_mib": round(start_rss / 2**20),
        "wall_s": round(time.monotonic() - started, 1),
        "errors": Counter(failures).most_common(10),
    }


def table(rows: list[dict]) -> str:
    head = ["format", "inputs", *OUTCOMES, "median ms", "slowest ms", "slowest/median", "slowest replayed ms",
            "peak MiB", "wall s"]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        if "outcomes" not in row:
            lines.append(f"| {row['format']} | {row.get('inputs', 0)} | {row.get('note', 'failed')} |")
            continue
        cells = [row["format"], row["inputs"], *row["outcomes"].values(), row["median_ms"], row["slowest_ms"],
                 row["slowest_ratio"], row.get("slowest_replayed_ms"), row["peak_rss_mib"],
                 row["wall_s"]]  # fmt: skip
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="inputs per format")
    parser.add_argument("--format", choices=FORMATS, action="append", help="one format (repeatable)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=int, default=20, help="seconds per input")
    parser.add_argument("--save", type=Path, help="folder for failing inputs")
    parser.add_argument("--budget", type=float, help="stop each format after this many seconds")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    os.environ.setdefault("KEINO_NO_CACHE", "1")
    formats = args.format or list(FORMATS)
    if len(formats) == 1:
        row = fuzz_format(formats[0], args.count, args.seed, args.time_limit, args.save, args.budget)
        print(json.dumps(row) if args.json else table([row]))
        for message, count in row.get("errors", []):
            print(f"  {count} x {message}", file=sys.stderr)
        return
    rows = []
    for fmt in formats:  # one process per format: a crash or leak in one cannot skew another
        command = [sys.executable, __file__, "--count", str(args.count), "--format", fmt, "--seed",
                   str(args.seed), "--time-limit", str(args.time_limit), "--json"]  # fmt: skip
        if args.save:
            command += ["--save", str(args.save)]
        if args.budget:
            command += ["--budget", str(args.budget)]
        done = subprocess.run(command, capture_output=True, text=True)
        sys.stderr.write(done.stderr)
        try:
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        except (ValueError, IndexError):
            rows.append({"format": fmt, "inputs": args.count, "note": f"worker failed ({done.returncode})"})
    print(table(rows))


if __name__ == "__main__":
    main()
