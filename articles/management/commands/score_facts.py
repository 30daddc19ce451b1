"""Score the fact extractor against the gold set (`tests/facts_gold`).

Every page the gold file lists is run through the real importer in dry-run fashion
(`runner.run_import(paths, dry_run=True)`: decode, parse, extract, link, facts; nothing is
written), and what it extracted is compared with the page's annotations. Printed: gold,
predicted and matched counts with precision, recall and F1 per fact kind, for all facts
and for the published subset (facts at or above `settings.FACTS_PUBLISH_CONFIDENCE`, when
the facts carry a confidence; otherwise only "all" is printed), then the attributes of
matched facts that agree, the must_not violations, and a one-line summary (last line).

Matching rules (one gold fact matches at most one predicted fact of its page, and back):

- event: same date (the ISO string: 2021, 2021-09 or 2021-09-01, so the precision must
  agree too) and either overlapping places (names of provinces, divisions or hospitals)
  or an overlapping programme. Kind is compared among matched events, not required.
- designation: same programme and target name (+ the same batch when the gold has one).
  Role is compared among matched designations, not required.
- figure: same value as written (600余 is not 600) and the same unit, after folding
  ％ → % and the extractor's "家医院" → 家 (the gold writes the measure word only).
  Measure is compared among matched figures, not required.
- pair: the same output and input hospital (canonical names), in that order.
- owner mention: the set of entities the page's 我省/我县/我院 … resolved to
  (mentions with method "owner") against the gold's `owner_mentions`.
- must_not: a rule {"kind": k, field: value, …} is violated by any predicted fact of kind
  k whose fields all agree (an event's `date` agrees when the predicted date starts with
  it, so "2025" catches 2025-06; `place` is one of its places; "*" agrees with anything).

A field the extractor does not produce (yet) is skipped, and said so. The gold names are
checked against the reference data the importer links to; unknown names are listed.
The reference data must be loaded (`manage.py load_reference`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.ingest.runner import PageOutcome, run_import

KINDS = ("events", "designations", "figures", "pairs", "owner_mentions")
MUST_NOT_KINDS = {
    "event": "events",
    "designation": "designations",
    "figure": "figures",
    "pair": "pairs",
    "owner_mention": "owner_mentions",
}
_UNITS = {"％": "%", "家医院": "家"}
_MISSING = object()


def _unit(unit) -> str:
    unit = (unit or "").strip()
    return _UNITS.get(unit, unit)


def _value(value) -> str:
    return str(value if value is not None else "").replace(" ", "").strip()


@dataclass
class Predicted:
    """What the extractor produced for one page, as plain dicts (fields it lacks are absent)."""

    events: list[dict] = field(default_factory=list)
    designations: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    pairs: list[dict] = field(default_factory=list)
    owner_mentions: list[dict] = field(default_factory=list)
    error: str | None = None


def _get(obj, name):
    return getattr(obj, name, _MISSING)


def _put(out: dict, key: str, value, present: set) -> None:
    if value is not _MISSING:
        out[key] = value
        present.add(key)


def predicted_from(result, present: dict[str, set]) -> Predicted:
    """The PageResult's facts as dicts; `present[kind]` collects the fields that exist."""
    if not result.ok:
        return Predicted(error=result.error or "not imported")
    linked, facts = result.linked, result.facts
    if facts is None:
        return Predicted(error="no facts (was the page linked?)")
    mentions = linked.mentions if linked is not None else ()
    names = {m.key: m.name for m in mentions}
    out = Predicted()
    for e in _get(facts, "events") or ():
        d: dict = {}
        date = _get(e, "date")
        _put(d, "date", date.iso() if date not in (None, _MISSING) else _MISSING, present["events"])
        _put(d, "kind", _get(e, "kind"), present["events"])
        progs = _get(e, "programmes")
        _put(d, "programmes", list(progs) if progs is not _MISSING else _MISSING, present["events"])
        places = _get(e, "places")
        _put(
            d,
            "places",
            [p.name for p in places] if places is not _MISSING else _MISSING,
            present["events"],
        )
        _put(d, "confidence", _get(e, "confidence"), present["events"])
        _put(d, "text", _get(e, "text"), set())
        out.events.append(d)
    for x in _get(facts, "designations") or ():
        d = {}
        _put(d, "programme", _get(x, "programme"), present["designations"])
        target = _get(x, "target")
        _put(d, "target", target.name if target is not _MISSING else _MISSING, present["designations"])
        for name in ("role", "batch", "confidence"):
            _put(d, name, _get(x, name), present["designations"])
        _put(d, "text", _get(x, "text"), set())
        out.designations.append(d)
    for f in _get(facts, "figures") or ():
        d = {}
        for name in ("value", "unit", "measure", "programme", "confidence"):
            _put(d, name, _get(f, name), present["figures"])
        label = _get(f, "subject")
        _put(d, "subject", label if label is not _MISSING else _get(f, "label"), present["figures"])
        out.figures.append(d)
    for p in _get(facts, "pairs") or ():
        d = {"output": names.get(p.output, p.output), "input": names.get(p.input, p.input)}
        present["pairs"].update(("output", "input"))
        _put(d, "confidence", _get(p, "confidence"), present["pairs"])
        out.pairs.append(d)
    seen = set()
    for m in mentions:
        if _get(m, "method") == "owner" and m.name not in seen:
            seen.add(m.name)
            out.owner_mentions.append({"name": m.name})
    present["owner_mentions"].add("name")
    return out


# ---------------------------------------------------------------- matching


def _event_match(g: dict, p: dict) -> bool:
    if p.get("date") != g.get("date"):
        return False
    places = set(g.get("places") or ()) & set(p.get("places") or ())
    programmes = set(g.get("programmes") or ()) & set(p.get("programmes") or ())
    return bool(places or programmes)


def _designation_match(g: dict, p: dict) -> bool:
    if p.get("programme") != g.get("programme") or p.get("target") != g.get("target"):
        return False
    return g.get("batch") is None or p.get("batch") == g.get("batch")


def _figure_match(g: dict, p: dict) -> bool:
    return _value(p.get("value")) == _value(g.get("value")) and _unit(p.get("unit")) == _unit(g.get("unit"))


def _pair_match(g, p: dict) -> bool:
    return [p.get("output"), p.get("input")] == list(g)


def _owner_match(g, p: dict) -> bool:
    return p.get("name") == g


MATCHERS = {
    "events": _event_match,
    "designations": _designation_match,
    "figures": _figure_match,
    "pairs": _pair_match,
    "owner_mentions": _owner_match,
}


def _event_preference(g: dict, p: dict) -> int:
    """Among candidates for one gold event, prefer shared places, then the same kind."""
    return 2 * bool(set(g.get("places") or ()) & set(p.get("places") or ())) + (
        p.get("kind") == g.get("kind")
    )


def match(kind: str, gold: list, predicted: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching: (gold index, predicted index) pairs."""
    matcher = MATCHERS[kind]
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        candidates = [pi for pi, p in enumerate(predicted) if pi not in used and matcher(g, p)]
        if not candidates:
            continue
        if kind == "events":
            candidates.sort(key=lambda pi: -_event_preference(g, predicted[pi]))
        used.add(candidates[0])
        pairs.append((gi, candidates[0]))
    return pairs


def _agrees(rule_value, value) -> bool:
    if rule_value == "*":
        return True
    return value == rule_value


def violates(rule: dict, fact: dict) -> bool:
    for key, wanted in rule.items():
        if key in ("kind", "why"):
            continue
        if key == "date":
            if not str(fact.get("date") or "").startswith(str(wanted)):
                return False
        elif key == "place":
            if wanted != "*" and wanted not in (fact.get("places") or ()):
                return False
        elif key == "value":
            if not _agrees(_value(wanted), _value(fact.get("value"))):
                return False
        elif key == "unit":
            if not _agrees(_unit(wanted), _unit(fact.get("unit"))):
                return False
        elif key not in fact:
            return False  # a field the extractor does not produce cannot be held against it
        elif not _agrees(wanted, fact[key]):
            return False
    return True


# ---------------------------------------------------------------- tallies


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    tp: int = 0  # matched predicted facts (= matched gold facts: matching is one-to-one)

    @property
    def precision(self) -> float | None:
        return self.tp / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)


def _fmt(x: float | None) -> str:
    return "   -" if x is None else f"{x:.2f}"


@dataclass
class Scores:
    all: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    published: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    agree: dict[str, list[int]] = field(default_factory=dict)  # "event kind" → [agree, compared]
    violations: int = 0
    violations_published: int = 0
    rules: int = 0


class Command(BaseCommand):
    help = "Score the fact extractor against the gold set (precision/recall per fact kind)."

    def add_arguments(self, parser):
        parser.add_argument("--gold", default="tests/facts_gold", help="folder with gold.json and pages/")
        parser.add_argument("--verbose", action="store_true", help="list misses and extra facts per page")

    def handle(self, *args, gold, verbose, **options):
        folder = Path(gold)
        gold_file = folder / "gold.json" if folder.is_dir() else folder
        pages_dir = gold_file.parent / "pages"
        try:
            doc = json.loads(gold_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read the gold file {gold_file}: {exc}") from exc
        entries = doc["pages"] if isinstance(doc, dict) else doc
        by_file = {e["file"]: e for e in entries}
        missing = [f for f in by_file if not (pages_dir / f).is_file()]
        paths = [str(pages_dir / f) for f in by_file if f not in missing]
        threshold = getattr(settings, "FACTS_PUBLISH_CONFIDENCE", None)

        self._check_reference(entries)
        present: dict[str, set] = {k: set() for k in KINDS}
        predicted: dict[str, Predicted] = {}

        def on_page(outcome: PageOutcome) -> None:
            name = Path(outcome.result.source).name
            predicted[name] = predicted_from(outcome.result, present)

        run_import(paths, dry_run=True, on_page=on_page)
        has_confidence = threshold is not None and any("confidence" in present[k] for k in KINDS)
        scores = Scores()
        failed = []
        for entry in entries:
            page = predicted.get(entry["file"]) or Predicted(error="page file missing")
            if page.error:
                failed.append(f"{entry['file']}: {page.error}")
            self._score_page(entry, page, scores, threshold if has_confidence else None, verbose)

        self._report(scores, present, has_confidence, threshold, len(entries), failed, missing)

    # ------------------------------------------------------------ per page

    def _score_page(self, entry: dict, page: Predicted, scores: Scores, threshold, verbose: bool) -> None:
        lines = []
        for kind in KINDS:
            gold = entry.get(kind) or []
            preds = getattr(page, kind)
            matched = match(kind, gold, preds)
            t = scores.all[kind]
            t.gold += len(gold)
            t.pred += len(preds)
            t.tp += len(matched)
            self._attributes(kind, gold, preds, matched, scores)
            if threshold is not None:
                sure = [p for p in preds if _published(p, threshold, kind)]
                tp = scores.published[kind]
                tp.gold += len(gold)
                tp.pred += len(sure)
                tp.tp += len(match(kind, gold, sure))
            if verbose:
                hit_g = {gi for gi, _ in matched}
                hit_p = {pi for _, pi in matched}
                for gi, g in enumerate(gold):
                    if gi not in hit_g:
                        lines.append(f"  missed {kind[:-1]}: {_show(kind, g)}")
                for pi, p in enumerate(preds):
                    if pi not in hit_p:
                        lines.append(f"  extra  {kind[:-1]}: {_show(kind, p)}")
        for rule in entry.get("must_not") or []:
            scores.rules += 1
            kind = MUST_NOT_KINDS.get(rule.get("kind"))
            if kind is None:
                continue
            bad = [p for p in getattr(page, kind) if violates(rule, p)]
            if bad:
                scores.violations += 1
                if threshold is not None and any(_published(p, threshold, kind) for p in bad):
                    scores.violations_published += 1
                if verbose:
                    lines.append(f"  MUST NOT {json.dumps(rule, ensure_ascii=False)} ← {_show(kind, bad[0])}")
        if verbose and (lines or page.error):
            self.stdout.write(entry["file"] + (f"  [error: {page.error}]" if page.error else ""))
            for line in lines:
                self.stdout.write(line)

    def _attributes(self, kind, gold, preds, matched, scores: Scores) -> None:
        fields = {"events": ("kind",), "designations": ("role",), "figures": ("measure",)}.get(kind, ())
        for name in fields:
            for gi, pi in matched:
                if name not in preds[pi] or gold[gi].get(name) is None:
                    continue
                tally = scores.agree.setdefault(f"{kind[:-1]} {name}", [0, 0])
                tally[0] += preds[pi][name] == gold[gi][name]
                tally[1] += 1

    # ------------------------------------------------------------ report

    def _report(self, scores: Scores, present, has_confidence, threshold, pages, failed, missing) -> None:
        w = self.stdout.write
        w(f"score_facts: {pages} gold pages, {pages - len(failed)} imported, {len(failed)} failed")
        for line in failed:
            w(f"  failed: {line}")
        for line in missing:
            w(f"  page file missing: {line}")
        header = f"{'kind':15} {'gold':>5} {'pred':>5} {'match':>5} {'prec':>5} {'recall':>6} {'F1':>5}"
        subsets = [("all", scores.all)]
        if has_confidence:
            subsets.append((f"published (confidence >= {threshold:g})", scores.published))
        else:
            w("published: the facts carry no confidence/publish flag; only 'all' is scored")
        for label, tallies in subsets:
            w("")
            w(label)
            w(header)
            for kind in KINDS:
                t = tallies[kind]
                note = ""
                if label != "all" and kind == "owner_mentions":
                    note = "  (mentions carry no confidence: all counted)"
                    t = scores.all[kind]
                w(
                    f"{kind:15} {t.gold:5} {t.pred:5} {t.tp:5} {_fmt(t.precision):>5} "
                    f"{_fmt(t.recall):>6} {_fmt(t.f1):>5}{note}"
                )
        w("")
        if scores.agree:
            parts = [f"{name} {a}/{n}" for name, (a, n) in sorted(scores.agree.items())]
            w("attributes of matched facts that agree: " + ", ".join(parts))
        skipped = []
        wanted = {
            "events": ("date", "kind", "programmes", "places", "confidence"),
            "designations": ("programme", "target", "role", "batch", "confidence"),
            "figures": ("value", "unit", "measure", "programme", "confidence"),
            "pairs": ("confidence",),
        }
        for kind, names in wanted.items():
            absent = [n for n in names if n not in present[kind]]
            if absent and scores.all[kind].pred:
                skipped.append(f"{kind}: {', '.join(absent)}")
        w("skipped (not produced by the extractor): " + ("; ".join(skipped) if skipped else "nothing"))
        violations = f"{scores.violations} of {scores.rules} rules violated"
        if has_confidence:
            violations += f" ({scores.violations_published} by published facts)"
        w(f"must_not: {violations}")
        summary = " ".join(
            f"{kind.split('_')[0]} P={_fmt(scores.all[kind].precision).strip()}"
            f"/R={_fmt(scores.all[kind].recall).strip()}"
            for kind in KINDS
        )
        if has_confidence:
            pub = " ".join(
                f"{kind.split('_')[0]}={_fmt(scores.published[kind].precision).strip()}" for kind in KINDS[:4]
            )
            summary += f" | published P: {pub}"
        w(f"SUMMARY pages={pages} {summary} | must_not violations={scores.violations}/{scores.rules}")

    def _check_reference(self, entries) -> None:
        """Gold names the reference data does not know (a typo would read as a miss)."""
        from hospitals.models import Division, Hospital, Province

        provinces = set(Province.objects.values_list("short_name", flat=True))
        if not provinces:
            raise CommandError("no reference data: run `manage.py load_reference` first")
        known = provinces | set(Division.objects.values_list("name", flat=True))
        known |= set(Hospital.objects.values_list("name", flat=True))
        unknown = set()
        for e in entries:
            names = [d["target"] for d in e.get("designations") or []]
            names += [n for pair in e.get("pairs") or [] for n in pair]
            names += list(e.get("owner_mentions") or [])
            names += [p for ev in e.get("events") or [] for p in ev.get("places") or []]
            unknown.update(n for n in names if n not in known)
        if unknown:
            self.stdout.write("gold names not in the reference data: " + "、".join(sorted(unknown)))


def _published(fact: dict, threshold: float, kind: str) -> bool:
    if kind == "owner_mentions":
        return True
    confidence = fact.get("confidence")
    return confidence is not None and confidence >= threshold


def _show(kind: str, fact) -> str:
    if kind == "pairs":
        pair = fact if isinstance(fact, list) else [fact.get("output"), fact.get("input")]
        return " → ".join(map(str, pair))
    if kind == "owner_mentions":
        return fact if isinstance(fact, str) else fact.get("name", "")
    shown = {k: v for k, v in fact.items() if k not in ("text",)}
    return json.dumps(shown, ensure_ascii=False)
