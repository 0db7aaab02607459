"""Stance figures, leave one negotiation out, with the calibration of the stance confidence.

    python bench/eval_stance.py [--sets gaza,iran,windsor,farc] [--threshold 0.5]
                                [--min-prob P] [--write-calibration] [--verbose]
    make eval-stance

For each development negotiation in ../shared/eval/ (SET-negotiation.yaml, SET-articles.jsonl,
SET-gold.jsonl): load and ingest it on a throw-away SQLite database, export its statements as
`export_statements` does, and pair them with the gold the way score_statements.py does (Dice
overlap of word tokens >= 0.5, best first, one to one within an article). The figures are the
scorer's: stance acc, the attitudes' P/R/F1 (non-neutral stances only) and proposal acc.

Leave one out: the stance rules fit nothing, so a fold's stance and proposal figures are the
held-out set's own; what is fitted is the confidence. Each stance records the rule family that
read it (`Stance.rule`); a family's confidence is its measured precision (right stances over
stances it read, Laplace-smoothed) on the OTHER three sets, and the held-out set's statements are
banded by it. A calibrated confidence has band accuracy near the band's confidence. The
`shown P/R` columns treat stances below the threshold as "unclear" (not shown on the grid).

--min-prob P scores a candidate statistical layer (bench/stance_model.py) leave one out: for each
fold a model trained on the other sets' gold speaks where no rule read an attitude, from
probability P. It is not shipped: it did not raise the folds.

--write-calibration writes the precision per family measured on all the sets given to
negotiations/extraction/stance_calibration.json, which stance.py reads.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SETS = ("gaza", "iran", "windsor", "farc")
BANDS = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
CALIBRATION = ROOT / "negotiations" / "extraction" / "stance_calibration.json"


@dataclass(frozen=True)
class Pair:
    """A gold statement paired with the system's, as the scorer pairs them."""

    set: str
    text: str
    gold_stance: str
    stance: str
    gold_target: str
    target: str
    gold_proposal: str | None  # None: the gold line carries no proposal label
    proposal: str
    rule: str
    features: tuple[str, ...] = ()
    confidence: float | None = None  # the model's probability, for its readings


def scorer():
    spec = importlib.util.spec_from_file_location("score_statements", EVAL / "score_statements.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--threshold", type=float, help="below it a stance is unclear (default: the setting)")
    ap.add_argument("--write-calibration", action="store_true")
    ap.add_argument(
        "--min-prob", type=float, default=None, help="score with the statistical layer, speaking from this probability"
    )

    ap.add_argument("--verbose", action="store_true", help="print every wrong stance")
    args = ap.parse_args()
    sets = [s for s in args.sets.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="parley-eval-stance-") as tmp:
        pairs, threshold = run(Path(tmp), sets)
    threshold = args.threshold if args.threshold is not None else threshold
    report(pairs, sets, threshold, args.verbose, args.min_prob)
    if args.write_calibration:
        table = {"*": 0.5, **precision_by_rule(pairs)}
        CALIBRATION.write_text(
            json.dumps(
                {
                    "about": "precision of each stance rule family on the development negotiations "
                    f"({', '.join(sets)}); written by bench/eval_stance.py --write-calibration",
                    "precision": dict(sorted(table.items())),
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {CALIBRATION.relative_to(ROOT)}")


def run(tmp: Path, sets: list[str]) -> tuple[list[Pair], float]:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'eval.sqlite3'}"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from negotiations.extraction.stance import ArticleStance
    from negotiations.models import Statement
    from negotiations.services.export import statement_rows
    from negotiations.services.ingest import ingest_articles
    from negotiations.services.setup import load_negotiation_file
    from negotiations.services.sources import read_path

    # Each reading (its rule family and features), by (article text, where the statement starts, party).
    readings: dict[tuple[str, int, str | None], object] = {}
    read = ArticleStance.read

    def recording_read(self, cue, content, construction, clause, speaker, party, issues, day):
        stance = read(self, cue, content, construction, clause, speaker, party, issues, day)
        readings[(self.doc.text, content.start_char, party)] = stance
        return stance

    ArticleStance.read = recording_read
    call_command("migrate", verbosity=0)
    sc = scorer()
    pairs: list[Pair] = []
    for name in sets:
        negotiation = load_negotiation_file(EVAL / f"{name}-negotiation.yaml").negotiation
        report = ingest_articles(negotiation, read_path(str(EVAL / f"{name}-articles.jsonl")))
        assert not report.failed, report
        rows = list(statement_rows(negotiation))
        texts = dict(Statement.objects.filter(pk__in=[r["id"] for r in rows]).values_list("pk", "article__text"))
        for row in rows:
            stance = readings.get((texts[row["id"]], row["start"], row["party"]))
            row["rule"] = stance.rule if stance else "none"
            row["features"] = stance.features if stance else ()
        pairs += paired(sc, name, rows)
    ArticleStance.read = read
    connection.close()
    return pairs, settings.PARLEY_STANCE_THRESHOLD


def paired(sc, name: str, rows: list[dict]) -> list[Pair]:
    """score_statements.py's pairing, keeping the gold lines that carry a stance."""
    articles = sc.read_records(EVAL / f"{name}-articles.jsonl")
    gold = sc.read_records(EVAL / f"{name}-gold.jsonl")
    key_to_article = {key: a["id"] for a in articles for key in sc.article_keys(a)}
    gold_by, sys_by = defaultdict(list), defaultdict(list)
    for g in gold:
        gold_by[g["article"]].append(g)
    for s in rows:
        aid = next((key_to_article[k] for k in sc.system_keys(s) if k in key_to_article), None)
        if aid is not None:
            sys_by[aid].append(s)
    out = []
    for aid, gs in gold_by.items():
        ss = sys_by.get(aid, [])
        gt = [sc.tokens(g["text"]) for g in gs]
        st = [sc.tokens(s.get("text")) for s in ss]
        scored = sorted(((sc.dice(gt[i], st[j]), i, j) for i in range(len(gs)) for j in range(len(ss))), reverse=True)
        used_g, used_s = set(), set()
        for score, i, j in scored:
            if score < sc.MATCH:
                break
            if i in used_g or j in used_s:
                continue
            used_g.add(i)
            used_s.add(j)
            g, s = gs[i], ss[j]
            if "stance" not in g:
                continue
            out.append(
                Pair(
                    set=name,
                    text=g["text"],
                    gold_stance=sc.norm(g["stance"]) or "neutral",
                    stance=sc.norm(s.get("stance")) or "neutral",
                    gold_target=sc.norm(g.get("target")),
                    target=sc.norm(s.get("target")),
                    gold_proposal=sc.norm(g["proposal"]) if "proposal" in g else None,
                    proposal=sc.norm(s.get("proposal")),
                    rule=s["rule"],
                    features=s["features"],
                )
            )
    return out


def train(pairs: list[Pair], min_prob: float):
    from stance_model import StanceModel

    return StanceModel.train([(p.features, p.gold_stance) for p in pairs], min_prob)


def with_model(model, pairs: list[Pair]) -> list[Pair]:
    """The pairs as the extractor with the statistical layer reads them: it speaks where no rule
    read an attitude."""
    out = []
    for p in pairs:
        read = model.attitude(p.features) if p.rule in {"none", "reported"} else None
        out.append(replace(p, stance=read[0], rule="model", confidence=read[1]) if read else p)
    return out


def precision_by_rule(pairs: list[Pair]) -> dict[str, float]:
    """Right stances over the stances each rule family read, Laplace-smoothed: (k + 1) / (n + 2)."""
    n, k = Counter(), Counter()
    for p in pairs:
        n[p.rule] += 1
        k[p.rule] += p.stance == p.gold_stance
    return {rule: round((k[rule] + 1) / (n[rule] + 2), 3) for rule in n}


def figures(pairs: list[Pair], shown=lambda p: True) -> dict[str, float]:
    n = len(pairs)
    ok = sum(p.stance == p.gold_stance for p in pairs)
    labelled = [p for p in pairs if p.gold_proposal is not None]
    proposal_ok = sum(p.proposal == p.gold_proposal for p in labelled)
    given = [p for p in pairs if p.stance != "neutral" and shown(p)]
    gold = [p for p in pairs if p.gold_stance != "neutral"]
    right = sum(p.stance == p.gold_stance for p in given)
    precision = right / len(given) if given else 0.0
    recall = right / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "n": n,
        "acc": ok / n if n else 0.0,
        "P": precision,
        "R": recall,
        "F1": f1,
        "prop": proposal_ok / len(labelled) if labelled else 0.0,
    }


def report(pairs: list[Pair], sets: list[str], threshold: float, verbose: bool, min_prob: float | None) -> None:
    if min_prob is not None:
        # Leave one out: each set read with a model trained on the others only.
        pairs = [
            p
            for name in sets
            for p in with_model(
                train([q for q in pairs if q.set != name], min_prob), [q for q in pairs if q.set == name]
            )
        ]
        print(f"statistical layer: speaks from probability {min_prob}, trained on the other sets")
    by_set = {name: [p for p in pairs if p.set == name] for name in sets}
    print(f"threshold for 'unclear': {threshold}")
    print("fold (held out)   n  stance acc  attitudes P    R    F1  proposal acc  shown P   R    F1")
    band_totals: dict[float, list[tuple[float, bool]]] = defaultdict(list)
    attitude_bands: dict[float, list[tuple[float, bool]]] = defaultdict(list)
    for name in sets:
        others = [p for p in pairs if p.set != name] if len(sets) > 1 else pairs
        table = precision_by_rule(others)
        fallback = sum(p.stance == p.gold_stance for p in others) / len(others) if others else 0.5

        def conf(p: Pair, table=table, fallback=fallback) -> float:
            return p.confidence if p.confidence is not None else table.get(p.rule, fallback)

        f = figures(by_set[name])
        s = figures(by_set[name], shown=lambda p, conf=conf: conf(p) >= threshold)
        print(
            f"{name:15s} {f['n']:4d}     {f['acc']:.3f}      {f['P']:.3f} {f['R']:.3f} {f['F1']:.3f}"
            f"         {f['prop']:.3f}    {s['P']:.3f} {s['R']:.3f} {s['F1']:.3f}"
        )
        for p in by_set[name]:
            band_totals[band_of(conf(p))].append((conf(p), p.stance == p.gold_stance))
            if p.stance != "neutral":
                attitude_bands[band_of(conf(p))].append((conf(p), p.stance == p.gold_stance))
    for title, bands in (("every stance", band_totals), ("attitudes only (what the grid shows)", attitude_bands)):
        print(f"calibration on the folds, {title} (confidence from the other sets):")
        print("band        n  mean conf  accuracy")
        for low in BANDS:
            items = bands.get(low, [])
            if items:
                mean = sum(c for c, _ in items) / len(items)
                acc = sum(ok for _, ok in items) / len(items)
                print(f"{low:.1f}-{next_band(low):.1f}  {len(items):4d}      {mean:.3f}     {acc:.3f}")
    counts = Counter((p.rule, p.stance == p.gold_stance) for p in pairs)
    print(
        "rule family: right/read  "
        + "  ".join(
            f"{rule} {counts[(rule, True)]}/{counts[(rule, True)] + counts[(rule, False)]}"
            for rule in sorted({p.rule for p in pairs})
        )
    )
    if verbose:
        for p in pairs:
            if p.stance != p.gold_stance:
                names = "".join(
                    k
                    for k, f in (("T", "names-text"), ("I", "names-issue"), ("P", "names-other-party"))
                    if f in p.features
                )
                print(
                    f"WRONG {p.set:8s} gold {p.gold_stance:11s} got {p.stance:11s} [{p.rule}] {names:3s} {p.text[:100]}"
                )


def band_of(confidence: float) -> float:
    return max(low for low in BANDS if confidence >= low)


def next_band(low: float) -> float:
    later = [b for b in BANDS if b > low]
    return later[0] if later else 1.0


if __name__ == "__main__":
    main()
