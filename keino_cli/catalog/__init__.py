"""Loading criteria sets: bundled and user sets, merged into one validated `Catalog`.

Every file is read and checked even when an earlier one failed, so a user sees all problems in
one run. Cross-file checks (duplicate ids, overrides, fact keys, parameters, product groups, and
whether each operator suits the type of the fact it reads) run once all files have loaded. The
classes are plain `__slots__` classes (why: keino_cli/values.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from keino_cli.errors import InputError, Problem
from keino_cli.model.records import Theme, ValueType, kind_of
from keino_cli.rules import criterion_params, walk_comparisons
from keino_cli.validation import suggest
from keino_cli.yamlsource import KeyPath, Marks, load_yaml

if TYPE_CHECKING:  # a cached catalog holds records of these (model/records.py); models on a fresh load
    from keino_cli.model.criteria import (
        CriteriaSet,
        Criterion,
        EvidenceRule,
        FactSpec,
        ProductGroup,
        Vocabulary,
    )
    from keino_cli.model.labels import Label
    from keino_cli.model.notice_kinds import NoticeKind
    from keino_cli.model.rules import Comparison

MAX_CRITERIA_FILE_BYTES = 5 * 1024 * 1024


def bundled_criteria_dir() -> Path:
    """The criteria shipped in the wheel; in a source checkout, the top-level `criteria/`."""
    packaged = Path(__file__).resolve().parent.parent / "data" / "criteria"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "criteria"


class SourceFile:
    """One loaded YAML file: its model and the marks that locate anything inside it.

    The marks are only needed to point at a problem, so a cached catalog leaves them out and
    reads the file again the first time one is asked for."""

    __slots__ = ("_marks", "bundled", "model", "path")

    def __init__(self, path: str, model: Vocabulary, marks: Marks | None, bundled: bool) -> None:
        self.path = path
        self.model = model
        self._marks = marks
        self.bundled = bundled

    @property
    def marks(self) -> Marks:
        if self._marks is None:
            self._marks = load_yaml(Path(self.path).read_bytes(), self.path)[1]
        return self._marks

    def __getstate__(self) -> tuple[str, Vocabulary, bool]:
        return self.path, self.model, self.bundled

    def __setstate__(self, state: tuple[str, Vocabulary, bool]) -> None:
        self.path, self.model, self.bundled = state
        self._marks = None

    def locate(self, key_path: KeyPath, message: str) -> Problem:
        line, column = self.marks.find(key_path)
        return Problem(self.path, message, line, column)


class Entry:
    """A criterion as loaded: with its resolved theme, the set and file it came from."""

    __slots__ = ("criterion", "file", "index", "overrides", "set_id", "theme")

    def __init__(
        self,
        criterion: Criterion,
        theme: Theme,
        set_id: str,
        file: SourceFile,
        index: int,
        overrides: str | None = None,
    ) -> None:
        self.criterion = criterion
        self.theme = theme
        self.set_id = set_id
        self.file = file
        self.index = index
        self.overrides = overrides  # the set whose criterion of the same id this one replaces

    def locate(self, key_path: KeyPath, message: str) -> Problem:
        return self.file.locate(("criteria", self.index, *key_path), f"{self.criterion.id}: {message}")


class EvidenceEntry:
    """One evidence rule as loaded: the fact it sets and where it is declared."""

    __slots__ = ("fact", "file", "index", "rule")

    def __init__(self, fact: str, rule: EvidenceRule, file: SourceFile, index: int) -> None:
        self.fact = fact
        self.rule = rule
        self.file = file
        self.index = index


class Catalog:
    """Every loaded criteria file merged: criteria, facts, product groups, evidence, labels."""

    __slots__ = (
        "criteria",
        "evidence",
        "fact_files",
        "facts",
        "files",
        "kind_files",
        "label_files",
        "labels",
        "negations",
        "notice_kinds",
        "product_groups",
    )

    def __init__(self) -> None:
        self.files: list[SourceFile] = []
        self.criteria: dict[str, Entry] = {}
        self.facts: dict[str, FactSpec] = {}
        self.fact_files: dict[str, SourceFile] = {}
        self.product_groups: dict[str, ProductGroup] = {}
        self.evidence: list[EvidenceEntry] = []
        self.negations: dict[str, dict[str, list[str]]] = {}  # lang -> kind -> cues
        self.labels: dict[str, Label] = {}  # what each label certifies
        self.label_files: dict[str, SourceFile] = {}
        self.notice_kinds: dict[str, NoticeKind] = {}  # kind -> which criteria apply
        self.kind_files: dict[str, SourceFile] = {}

    def notice_kind(
        self, notice_type: str | None, tender_status: str | None = None
    ) -> tuple[str, NoticeKind] | None:
        """The kind of a notice by its eForms notice type (BT-02), else by its OCDS tender status
        (OCDS has no notice type); None for a contract notice."""
        for key, kind in self.notice_kinds.items():
            if notice_type is not None and notice_type in kind.notice_types:
                return key, kind
        if notice_type is None and tender_status is not None:
            for key, kind in self.notice_kinds.items():
                if tender_status in kind.ocds_tender_statuses:
                    return key, kind
        return None

    @property
    def sets(self) -> list[CriteriaSet]:
        return [f.model for f in self.files if kind_of(f.model) == "CriteriaSet"]  # type: ignore[misc]

    def groups_covering(self, codes: Iterable[str]) -> list[str]:
        """The product groups any of these CPV codes falls in (`ProductGroup.covers`), in catalog order."""
        codes = list(codes)
        return [key for key, group in self.product_groups.items() if any(group.covers(c) for c in codes)]

    def member_groups(self, criterion: Criterion) -> frozenset[str]:
        """The product groups a criterion belongs to (counts in their scores and ambition): those
        it names, and those whose scope holds every one of its own CPV prefixes (a transport
        service clause scoped by 601... is road transport's)."""
        own = criterion.applies_to.cpv
        holding = [
            key for key, group in self.product_groups.items() if own and all(group.covers(p) for p in own)
        ]
        return frozenset([*criterion.applies_to.product_groups, *holding])

    def covers(self, criterion: Criterion, codes: Iterable[str]) -> bool:
        """Whether a criterion scoped by CPV applies to any of these codes: under one of its own
        prefixes, or in one of its product groups (`ProductGroup.covers`)."""
        own = tuple(criterion.applies_to.cpv)
        groups = [self.product_groups[group] for group in criterion.applies_to.product_groups]
        for code in codes:
            if (own and code.startswith(own)) or any(group.covers(code) for group in groups):
                return True
        return False


def criteria_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return [path]


def _read_file(path: Path, bundled: bool, sets: bool = True) -> SourceFile:
    """One criteria file, validated; with `sets` off, a set keeps only its vocabulary."""
    from keino_cli.model.criteria import CriteriaSet, Vocabulary
    from keino_cli.validation import validate

    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_CRITERIA_FILE_BYTES:
            raise InputError.single(name, f"criteria file is larger than {MAX_CRITERIA_FILE_BYTES} bytes")
        text = path.read_bytes()
    except OSError as error:
        raise InputError.single(name, f"cannot read criteria: {error.strerror or error}") from None
    data, marks = load_yaml(text, name)
    if not isinstance(data, dict):
        raise InputError.single(name, "a criteria file must be a mapping (a set or a vocabulary)", 1, 1)
    if "criteria" not in data:
        return SourceFile(name, validate(Vocabulary, data, name, marks), marks, bundled)
    criteria_set = validate(CriteriaSet, data, name, marks)
    if not sets:
        vocabulary = Vocabulary(facts=criteria_set.facts, product_groups=criteria_set.product_groups)
        return SourceFile(name, vocabulary, marks, bundled)
    return SourceFile(name, criteria_set, marks, bundled)


def load_catalog(paths: Iterable[Path] = (), *, bundled: bool = True, records: bool = False) -> Catalog:
    """Load the bundled files, then each user path in order.

    With `bundled=False` the bundled criteria are left out, but the bundled vocabulary (every
    declared fact and product group) still loads: user sets and descriptions build on it.
    With `records`, a cached catalog comes as records (model/records.py), which the engine, the
    readers and the renderers read like the models; with the cache off it is the models.
    """
    sources = [(p, True) for p in criteria_files(bundled_criteria_dir())]
    seen = {p.resolve() for p, _ in sources} if paths else set()
    for path in paths:
        if not path.exists():
            raise InputError.single(str(path), "criteria path does not exist")
        for file in criteria_files(path):
            if file.resolve() not in seen:  # naming a bundled file again loads it once
                seen.add(file.resolve())
                sources.append((file, False))
    from keino_cli.catalog.cache import cached, caching

    if records and caching():
        from keino_cli.model.records import from_model

        return cached(sources, bundled, lambda: from_model(_load(sources, bundled)), kind="records")
    return cached(sources, bundled, lambda: _load(sources, bundled))


def _load(sources: list[tuple[Path, bool]], bundled: bool) -> Catalog:
    catalog = Catalog()
    problems: list[Problem] = []
    for path, is_bundled in sources:
        try:
            catalog.files.append(_read_file(path, is_bundled, sets=bundled or not is_bundled))
        except InputError as error:
            problems.extend(error.problems)
    if not problems:
        problems.extend(_merge(catalog))
    if not problems:
        problems.extend(check_rules(catalog))
        problems.extend(check_labels(catalog))
        problems.extend(check_notice_kinds(catalog, bundled))
    if not problems:
        from keino_cli.catalog.evidence import check_evidence

        problems.extend(check_evidence(catalog, bundled))
    if problems:
        raise InputError(problems)
    return catalog


def _merge(catalog: Catalog) -> list[Problem]:
    from keino_cli.model.criteria import CriteriaSet

    problems: list[Problem] = []
    for source in catalog.files:
        model = source.model
        for key, spec in model.facts.items():
            if key in catalog.facts:
                first = catalog.fact_files[key].path
                problems.append(source.locate(("facts", key), f"fact {key!r} is already declared in {first}"))
            catalog.facts[key] = spec
            catalog.fact_files[key] = source
        for key, group in model.product_groups.items():
            if key in catalog.product_groups:
                problems.append(
                    source.locate(("product_groups", key), f"product group {key!r} is declared twice")
                )
            catalog.product_groups[key] = group
        for key, rules in model.evidence.items():
            catalog.evidence.extend(EvidenceEntry(key, rule, source, i) for i, rule in enumerate(rules))
        for key, label in model.labels.items():
            if key in catalog.labels:
                first = catalog.label_files[key].path
                problems.append(
                    source.locate(("labels", key), f"label {key!r} is already declared in {first}")
                )
            catalog.labels[key] = label
            catalog.label_files[key] = source
        for key, kind in model.notice_kinds.items():
            if key in catalog.notice_kinds:
                first = catalog.kind_files[key].path
                problems.append(
                    source.locate(
                        ("notice_kinds", key), f"notice kind {key!r} is already declared in {first}"
                    )
                )
            catalog.notice_kinds[key] = kind
            catalog.kind_files[key] = source
        for lang, cues in model.negations.items():
            for cue in ("cancel", "prohibit", "proof", "plain"):
                catalog.negations.setdefault(lang, {}).setdefault(cue, []).extend(getattr(cues, cue))
        if not isinstance(model, CriteriaSet):
            continue
        for index, criterion in enumerate(model.criteria):
            entry = Entry(criterion, criterion.theme or model.theme, model.id, source, index)
            previous = catalog.criteria.get(criterion.id)
            if previous is not None and previous.file is source:
                problems.append(entry.locate(("id",), "duplicate criterion id in this file"))
            elif previous is not None and not criterion.override:
                problems.append(
                    entry.locate(
                        ("id",),
                        f"id already used in {previous.file.path}; set `override: true` to replace it",
                    )
                )
            elif previous is None and criterion.override:
                problems.append(
                    entry.locate(("override",), "overrides nothing: no loaded criterion has this id")
                )
            if criterion.kind is None and source.bundled:
                message = "kind is missing: a bundled criterion declares kind: subject or practice"
                problems.append(entry.locate(("type",), message))
            if previous is not None:
                entry.overrides = previous.set_id
            catalog.criteria[criterion.id] = entry
    return problems


_TYPES_FOR = {
    "gt": {ValueType.NUMBER, ValueType.INTEGER},
    "contains": {ValueType.LIST},
    "any_of": {ValueType.LIST},
    "in": {ValueType.STRING, ValueType.NUMBER, ValueType.INTEGER},
}
for _op in ("gte", "lt", "lte"):
    _TYPES_FOR[_op] = _TYPES_FOR["gt"]


def _literals(value: Any) -> Iterator[Any]:
    if isinstance(value, list):
        yield from value
    elif value is not None and kind_of(value) != "ParamRef":
        yield value


def check_rules(catalog: Catalog) -> list[Problem]:
    """Every fact a criterion reads is declared, suits its operator, and every parameter exists."""
    problems: list[Problem] = []
    for entry in catalog.criteria.values():
        criterion = entry.criterion
        declared = set(criterion.parameters)
        for group in criterion.applies_to.product_groups:
            if group not in catalog.product_groups:
                hint = suggest(group, catalog.product_groups)
                problems.append(
                    entry.locate(("applies_to", "product_groups"), f"unknown product group {group!r}{hint}")
                )
        when = criterion.applies_to.when
        if when is not None:
            for key_path, comparison in walk_comparisons(when, ("applies_to", "when")):
                problems.extend(_check_comparison(catalog, entry, key_path, comparison))
        if criterion.rule is not None:
            for key_path, comparison in walk_comparisons(criterion.rule, ("rule",)):
                problems.extend(_check_comparison(catalog, entry, key_path, comparison))
        else:
            scoring = criterion.scoring
            assert scoring is not None
            spec = catalog.facts.get(scoring.fact)
            if spec is None:
                problems.append(entry.locate(("scoring", "fact"), _unknown_fact(catalog, scoring.fact)))
            elif spec.type not in (ValueType.NUMBER, ValueType.INTEGER):
                problems.append(
                    entry.locate(
                        ("scoring", "fact"),
                        f"{scoring.kind} scoring needs a number fact; {scoring.fact!r} is {spec.type}",
                    )
                )
        for name in sorted(criterion_params(criterion) - declared):
            problems.append(
                entry.locate(
                    ("rule" if criterion.rule else "scoring",),
                    f"unknown parameter {name!r}{suggest(name, declared)}",
                )
            )
    return problems


def check_labels(catalog: Catalog) -> list[Problem]:
    """What a label certifies must be declared facts of the right type, in known product groups."""
    from keino_cli.facts import type_problem

    problems: list[Problem] = []
    known = catalog.facts.get("labels.required")
    for key, label in catalog.labels.items():
        source = catalog.label_files[key]
        if known is not None and known.values is not None and key not in known.values:
            hint = suggest(key, known.values)
            problems.append(
                source.locate(("labels", key), f"label {key!r} is not a value of 'labels.required'{hint}")
            )
        for index, scheme in enumerate(label.schemes):
            at = ("labels", key, "schemes", index)
            for group in scheme.product_groups:
                if group not in catalog.product_groups:
                    hint = suggest(group, catalog.product_groups)
                    problems.append(
                        source.locate((*at, "product_groups"), f"unknown product group {group!r}{hint}")
                    )
            for fact, value in scheme.certifies.items():
                spec = catalog.facts.get(fact)
                issue = _unknown_fact(catalog, fact) if spec is None else type_problem(spec, value)
                if issue is not None:
                    problems.append(
                        source.locate((*at, "certifies", fact), f"{key}/{scheme.id}: {fact}: {issue}")
                    )
            for fact in scheme.references:
                if fact not in scheme.certifies:
                    message = f"{key}/{scheme.id}: reference for {fact!r}, which the scheme does not certify"
                    problems.append(source.locate((*at, "references", fact), message))
    return problems


def check_notice_kinds(catalog: Catalog, bundled: bool = True) -> list[Problem]:
    """Notice kinds name loaded criteria, and a notice type or OCDS tender status belongs to one
    kind only.

    The bundled kinds name bundled criteria, so without those (`--no-bundled`) their ids are not checked."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    seen_statuses: dict[str, str] = {}
    for key, kind in catalog.notice_kinds.items():
        source = catalog.kind_files[key]
        for field_name, ids in (("only", kind.only), ("except", kind.except_)):
            for index, criterion_id in enumerate(ids or []):
                if criterion_id not in catalog.criteria and (bundled or not source.bundled):
                    hint = suggest(criterion_id, catalog.criteria)
                    message = f"notice kind {key!r}: unknown criterion {criterion_id!r}{hint}"
                    problems.append(source.locate(("notice_kinds", key, field_name, index), message))
        for index, notice_type in enumerate(kind.notice_types):
            if notice_type in seen:
                message = f"notice type {notice_type!r} is already of kind {seen[notice_type]!r}"
                problems.append(source.locate(("notice_kinds", key, "notice_types", index), message))
            seen[notice_type] = key
        for index, status in enumerate(kind.ocds_tender_statuses):
            if status in seen_statuses:
                message = f"OCDS tender status {status!r} is already of kind {seen_statuses[status]!r}"
                problems.append(source.locate(("notice_kinds", key, "ocds_tender_statuses", index), message))
            seen_statuses[status] = key
    return problems


def _unknown_fact(catalog: Catalog, fact: str) -> str:
    return f"unknown fact {fact!r}{suggest(fact, catalog.facts)}"


def _check_comparison(catalog: Catalog, entry: Entry, key_path: KeyPath, rule: Comparison) -> list[Problem]:
    spec = catalog.facts.get(rule.fact)
    if spec is None:
        return [entry.locate((*key_path, "fact"), _unknown_fact(catalog, rule.fact))]
    operator = rule.operator
    allowed = _TYPES_FOR.get(operator)
    if allowed is not None and spec.type not in allowed:
        return [
            entry.locate(
                (*key_path, operator),
                f"operator {operator!r} does not suit {spec.type} fact {rule.fact!r}",
            )
        ]
    if spec.values is None:
        return []
    unknown = [v for v in _literals(rule.operand(operator)) if isinstance(v, str) and v not in spec.values]
    return [
        entry.locate(
            (*key_path, operator),
            f"{value!r} is not a known value of {rule.fact!r}{suggest(value, spec.values)}",
        )
        for value in unknown
    ]
