"""Generate N realistic, varied procurement descriptions for benchmarks (deterministic by --seed).

    python benchmarks/generate.py 5000 --out /tmp/descs --format yaml --seed 1

CPV codes come from the loaded catalog's product groups and facts from its fact vocabulary
(types, allowed values, shares derived from counts), so the descriptions stay valid as the
criteria grow. Buyers, procedures, values, lots, award criteria and labels vary like a real
municipal portfolio: most procedures open, values log-normal, a third with lots.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

import yaml

from keino_cli.catalog import Catalog, load_catalog
from keino_cli.facts import STRUCTURAL_FACTS
from keino_cli.model.criteria import FactSpec, ValueType

BUYERS = [
    ("City of Helsinki", "municipality"),
    ("City of Espoo", "municipality"),
    ("City of Tampere", "municipality"),
    ("City of Vantaa", "municipality"),
    ("City of Oulu", "municipality"),
    ("City of Turku", "municipality"),
    ("City of Jyväskylä", "municipality"),
    ("City of Lahti", "municipality"),
    ("City of Kuopio", "municipality"),
    ("Town of Järvenpää", "municipality"),
    ("Municipality of Kirkkonummi", "municipality"),
    ("Pirkanmaa Wellbeing Services County", "wellbeing-services-county"),
    ("Varha – Southwest Finland Wellbeing Services County", "wellbeing-services-county"),
    ("Hansel Ltd", "central-purchasing-body"),
    ("Senate Properties", "central-government"),
    ("Finnish Transport Infrastructure Agency", "central-government"),
    ("KL-Kuntahankinnat Oy", "central-purchasing-body"),
    ("Helsinki Region Transport HSL", "joint-municipal-authority"),
]
PROCEDURES = [("open", 70), ("restricted", 8), ("neg-w-call", 8), ("comp-dial", 3), ("innovation", 2)]
PROCEDURES += [("neg-wo-call", 4), ("oth-single", 5)]
TITLE_WORDS = [
    "framework agreement",
    "procurement",
    "service contract",
    "supply",
    "dynamic purchasing system",
]
AWARD_NAMES = {
    "climate": "Lower emissions",
    "resource-efficiency": "Circularity and durability",
    "social-responsibility": "Employment and working conditions",
    "innovation": "Innovative solution",
}


def cpv_code(prefix: str) -> str:
    return (prefix + "00000000")[:8]


def fact_value(rng: random.Random, key: str, spec: FactSpec) -> Any:
    if spec.type is ValueType.BOOLEAN:
        return rng.random() < 0.55
    if spec.type in (ValueType.NUMBER, ValueType.INTEGER):
        top = 100 if spec.unit == "%" else rng.choice([10, 50, 200, 1500])
        value = rng.uniform(0, top)
        return int(value) if spec.type is ValueType.INTEGER else round(value, 1)
    values = spec.values or ["other"]
    if spec.type is ValueType.STRING:
        return rng.choice(values) if spec.values else f"{key.rsplit('.', 1)[-1]} text"
    return sorted(rng.sample(values, rng.randint(0, min(3, len(values)))))


def put(tree: dict[str, Any], key: str, value: Any) -> None:
    """Nest a dotted key; a key that would clash with an existing leaf or branch is dropped."""
    *parents, leaf = key.split(".")
    node = tree
    for part in parents:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            return
        node = child
    if leaf not in node:
        node[leaf] = value


class Generator:
    """Descriptions drawn from one catalog's vocabulary."""

    def __init__(self, catalog: Catalog, seed: int) -> None:
        self.rng = random.Random(seed)
        self.groups = sorted(catalog.product_groups.items())
        self.facts = {k: s for k, s in sorted(catalog.facts.items()) if k not in STRUCTURAL_FACTS}
        self.derived = {k: s.derived.share_of for k, s in self.facts.items() if s.derived}
        self.counts = {s.part for s in self.derived.values()} | {s.whole for s in self.derived.values()}
        vocabulary = catalog.facts
        self.rewards = vocabulary["award.rewards"].values or [] if "award.rewards" in vocabulary else []
        self.labels = vocabulary["labels.required"].values or [] if "labels.required" in vocabulary else []
        # Facts each product group's criteria read, so that generated facts exercise the rules.
        self.group_facts: dict[str, list[str]] = {}
        for entry in catalog.criteria.values():
            c = entry.criterion
            used = [c.scoring.fact] if c.scoring else [key for key in self.facts if key in repr(c.rule)]
            for group in c.applies_to.product_groups or ["*"]:
                self.group_facts.setdefault(group, []).extend(k for k in used if k in self.facts)

    def facts_for(self, group: str) -> dict[str, Any]:
        rng = self.rng
        keys = set(
            rng.sample(self.group_facts.get(group, []), k=min(12, len(self.group_facts.get(group, []))))
        )
        keys |= set(rng.sample(sorted(self.facts), k=min(len(self.facts), rng.randint(3, 10))))
        tree: dict[str, Any] = {}
        for key in sorted(keys):
            if key in self.derived:  # give the counts it is derived from, part <= whole
                share = self.derived[key]
                whole = rng.randint(1, 60)
                put(tree, share.whole, whole)
                put(tree, share.part, rng.randint(0, whole))
            elif key not in {s.part for s in self.derived.values()} | {
                s.whole for s in self.derived.values()
            }:
                put(tree, key, fact_value(rng, key, self.facts[key]))
        return tree

    def award(self) -> list[dict[str, Any]]:
        rng = self.rng
        price = rng.choice([40, 50, 60, 70, 80, 100])
        criteria: list[dict[str, Any]] = [{"name": "Price", "type": "price", "weight": price}]
        left = 100 - price
        themes = rng.sample(sorted(AWARD_NAMES), k=rng.randint(0, 3)) if left else []
        for index, theme in enumerate(themes):
            weight = left if index == len(themes) - 1 else rng.randint(1, max(1, left - 1))
            left -= weight
            rewards = rng.sample(self.rewards, k=min(len(self.rewards), rng.randint(1, 2)))
            criteria.append(
                {
                    "name": AWARD_NAMES[theme],
                    "type": "quality",
                    "weight": weight,
                    "theme": theme,
                    "rewards": rewards,
                }
            )
        if left and len(criteria) == 1:
            criteria.append({"name": "Quality", "type": "quality", "weight": left})
        elif left:
            criteria[-1]["weight"] += left
        return criteria

    def description(self, number: int) -> dict[str, Any]:
        rng = self.rng
        key, group = rng.choice(self.groups)
        buyer, buyer_type = rng.choice(BUYERS)
        value = round(rng.lognormvariate(12.5, 1.4), -2)
        doc: dict[str, Any] = {
            "id": f"GEN-{2026 + number % 3}-{number:06d}",
            "title": f"{group.title.en} {rng.choice(TITLE_WORDS)} {2026 + number % 4}",
            "description": f"Generated description {number} for {group.title.en.lower()}.",
            "buyer": {"name": buyer, "type": buyer_type, "country": "FI"},
            "procedure": rng.choices([p for p, _ in PROCEDURES], [w for _, w in PROCEDURES])[0],
            "cpv": [cpv_code(rng.choice(group.cpv))],
            "product_groups": [key],
            "duration_months": rng.choice([12, 24, 36, 48, 60]),
        }
        if rng.random() < 0.9:
            doc["value"] = {"amount": value, "currency": "EUR"}
        if rng.random() < 0.3:
            lots = []
            for index in range(rng.randint(2, 4)):
                lot: dict[str, Any] = {"id": f"LOT-{index + 1}", "title": f"Lot {index + 1}"}
                lot["cpv"] = [cpv_code(rng.choice(group.cpv))]
                lot["value"] = {"amount": round(value / 3, -2), "currency": "EUR"}
                if rng.random() < 0.5:
                    lot["award_criteria"] = self.award()
                lots.append(lot)
            doc["lots"] = lots
        if rng.random() < 0.8:
            doc["award_criteria"] = self.award()
        if rng.random() < 0.6:
            doc["labels"] = rng.sample(self.labels, k=min(len(self.labels), rng.randint(0, 2)))
        doc["facts"] = self.facts_for(key)
        return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--criteria", type=Path, action="append", default=[])
    parser.add_argument("--no-bundled", action="store_true")
    args = parser.parse_args()
    write(
        args.count, args.out, args.format, args.seed, load_catalog(args.criteria, bundled=not args.no_bundled)
    )


def write(count: int, out: Path, fmt: str, seed: int, catalog: Catalog) -> list[Path]:
    """Write `count` descriptions into `out` (files named by number, so sorted = generated order)."""
    out.mkdir(parents=True, exist_ok=True)
    generator = Generator(catalog, seed)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    paths = []
    for number in range(count):
        doc = generator.description(number)
        path = out / f"desc-{number:06d}.{fmt}"
        if fmt == "json":
            text = json.dumps(doc, ensure_ascii=False, indent=2)
        else:
            text = yaml.dump(doc, Dumper=dumper, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    main()
