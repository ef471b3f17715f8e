"""`obzor eval positions`: stance per statement and changes of position on labelled RIA news.

positions_labels.tsv holds obzor's own labels on real RIA Novosti 2023 statements (ids,
offsets into the article's `content`, speaker, subject, stance, split by date; never the text:
RIA is CC BY-NC-ND), positions_labels_second.tsv a blind second pass on a sample, and
positions_changes.tsv pairs of statements by one actor on one subject, labelled changed or
not. The guide is docs/positions-labels.md.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from obzor.evaluation.counts import Counts, nominal_kappa
from obzor.positions.stance import MODEL_FILE, STANCES, StanceModel, fit, lexicon_stance
from obzor.positions.timeline import is_change

HERE = Path(__file__).parent
LABELS = HERE / "positions_labels.tsv"
SECOND = HERE / "positions_labels_second.tsv"
CHANGES = HERE / "positions_changes.tsv"
# English statements of real English news (the clustering pool's texts, ../shared/eval):
# scored only, never fitted on (docs/positions-labels.md, "English").
ENGLISH = HERE / "positions_labels_en.tsv"
ENGLISH_SECOND = HERE / "positions_labels_en_second.tsv"  # a blind second pass on 30
# English DEV statements: omelas headlines (Kazakhstan, January 2022), the whole headline is the
# statement; the English cues of positions/cues.yaml were added on their errors.
ENGLISH_DEV = HERE / "positions_labels_en_dev.tsv"
# The settings tried on dev: the regularization strength (sklearn's C, smaller is stronger: a
# decade either side of the default in half-decade steps, where a few hundred short texts
# settle), the cue features' scale (1: as counted; 3: the lexicon outweighs single lemmas) and
# whether concern cues decide (StanceModel.concern_cues).
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
CUE_WEIGHTS = (1.0, 3.0)
CONCERN_CUES = (False, True)
Setting = tuple[float, float, bool]
# Folds for the held-out stances of the change pairs (about 80 statements each).
FOLDS = 5


@dataclass(frozen=True, slots=True)
class Labelled:
    """One labelled statement: where it is, who said it, its subject and stance."""

    ria_id: str
    start: int
    end: int
    speaker: str
    subject: str
    stance: str
    split: str
    text: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.ria_id, self.start)


@dataclass(frozen=True, slots=True)
class StanceScore:
    """A system's answers on one split: accuracy, per-class recall, macro F1."""

    system: str
    split: str
    n: int
    accuracy: float
    per_class: dict[str, tuple[int, float]]  # stance -> (gold count, share right)
    macro_f1: float


@dataclass(frozen=True, slots=True)
class ChangeScore:
    """Change detection on labelled pairs: the counts on the changed ones."""

    system: str
    pairs: int
    counts: Counts

    @property
    def changed(self) -> int:
        return self.counts.tp + self.counts.fn

    @property
    def found(self) -> int:
        return self.counts.tp + self.counts.fp


def ria_texts(folder: Path) -> dict[str, str]:
    """RIA article id -> content (the shared RIA reader: each article once)."""
    from obzor.evaluation.ria_stories import ria_articles

    return {article_id: row["content"] for article_id, row in ria_articles(folder).items()}


def english_texts(pool: Path) -> dict[str, str]:
    """URL -> text of each English article of the clustering pool (both sides of its pairs)."""
    csv.field_size_limit(sys.maxsize)
    found: dict[str, str] = {}
    with pool.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            for side in ("first", "second"):
                found.setdefault(row[f"INPUT:{side}_url"], row[f"INPUT:{side}_text"])
    return found


def omelas_texts(headlines: Path) -> dict[str, str]:
    """Row index (after the header) -> headline of the omelas corpus (the English dev texts)."""
    with headlines.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    return {str(n): row[0] for n, row in enumerate(rows) if row}


def load_labels(
    path: Path, texts: dict[str, str] | None = None, key: str = "ria_id", split: str = ""
) -> list[Labelled]:
    """The labelled statements of a TSV (header: ria_id start end speaker subject stance
    split; the English file has url for ria_id and no split: key, split); excluded rows
    (stance "x": not a statement) are left out. With texts, each gets its statement text; a
    ValueError names a row whose stance or offsets are wrong."""
    found: list[Labelled] = []
    with path.open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f, delimiter="\t"), start=2):
            stance = row["stance"].strip()
            if stance == "x":
                continue
            if stance not in STANCES:
                raise ValueError(f"{path.name}:{n}: stance {stance!r} is not one of {STANCES}")
            start, end = int(row["start"]), int(row["end"])
            text = ""
            if texts is not None:
                content = texts.get(row[key])
                if content is None or not 0 <= start < end <= len(content):
                    raise ValueError(f"{path.name}:{n}: no such span in {row[key]}")
                text = content[start:end]
            found.append(
                Labelled(row[key], start, end, row["speaker"], row["subject"], stance,
                         row.get("split", split), text)
            )  # fmt: skip
    return found


def score(system: str, split: str, gold: Sequence[str], guess: Sequence[str]) -> StanceScore:
    """Accuracy, the share right per gold class, and the macro F1 over the four stances."""
    right = Counter(g for g, p in zip(gold, guess, strict=True) if g == p)
    totals, guessed = Counter(gold), Counter(guess)
    f1s = []
    for s in STANCES:
        p = right[s] / guessed[s] if guessed[s] else 0.0
        r = right[s] / totals[s] if totals[s] else 0.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return StanceScore(
        system,
        split,
        len(gold),
        sum(right.values()) / len(gold) if gold else 0.0,
        {s: (totals[s], right[s] / totals[s] if totals[s] else 0.0) for s in STANCES},
        sum(f1s) / len(f1s),
    )


def choose(train: Sequence[Labelled], dev: Sequence[Labelled]) -> Setting:
    """The (C, cue weight, concern cues) whose model, fitted on train, has the best macro F1
    on dev (the first of equals, in grid order)."""
    gold = [x.stance for x in dev]

    def dev_f1(setting: Setting) -> float:
        model = fit_on(train, *setting)
        return score("", "dev", gold, [model.predict(x.text) for x in dev]).macro_f1

    grid = [(c, w, k) for k in CONCERN_CUES for w in CUE_WEIGHTS for c in C_GRID]
    return max(grid, key=dev_f1)


def fit_on(
    items: Sequence[Labelled],
    c: float,
    cue_weight: float = 1.0,
    concern_cues: bool = False,
) -> StanceModel:
    return fit([x.text for x in items], [x.stance for x in items], c, cue_weight, concern_cues)


def systems(items: Sequence[Labelled], model: StanceModel) -> dict[str, Callable[[str], str]]:
    """The compared systems: the model, the cue lexicon alone, the train split's majority."""
    majority = Counter(x.stance for x in items if x.split == "train").most_common(1)[0][0]
    return {
        "obzor model": model.predict,
        "lexicon rule": lexicon_stance,
        "majority class": lambda _text: majority,
    }


def evaluate_stance(items: Sequence[Labelled], models: dict[str, StanceModel]) -> list[StanceScore]:
    """Each system on each split named in models (split -> the model scored there)."""
    found = []
    for split, model in models.items():
        part = [x for x in items if x.split == split]
        for name, guess in systems(items, model).items():
            found.append(
                score(name, split, [x.stance for x in part], [guess(x.text) for x in part])
            )
    return found


def held_out_guesses(
    items: Sequence[Labelled], setting: Setting, folds: int = FOLDS
) -> dict[tuple[str, int], str]:
    """Every statement's stance from a model that did not see it: the statements, in date
    order as the labels file holds them, are cut into consecutive folds, each predicted by a
    model fitted on the others (the change pairs span every split, so no one model is held
    out from all of them)."""
    found: dict[tuple[str, int], str] = {}
    for k in range(folds):
        lo, hi = k * len(items) // folds, (k + 1) * len(items) // folds
        model = fit_on([*items[:lo], *items[hi:]], *setting)
        found.update({x.key: model.predict(x.text) for x in items[lo:hi]})
    return found


def load_changes(path: Path) -> list[tuple[tuple[str, int], tuple[str, int], bool]]:
    """Labelled pairs: (first statement key, second statement key, changed)."""
    pairs = []
    with path.open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f, delimiter="\t"), start=2):
            if row["changed"] not in ("0", "1"):
                raise ValueError(f"{path.name}:{n}: changed must be 0 or 1")
            pairs.append(
                ((row["ria_id_a"], int(row["start_a"])), (row["ria_id_b"], int(row["start_b"])),
                 row["changed"] == "1")
            )  # fmt: skip
    return pairs


def evaluate_changes(
    pairs: Sequence[tuple[tuple[str, int], tuple[str, int], bool]],
    guessers: dict[str, Callable[[tuple[str, int]], str]],
) -> list[ChangeScore]:
    """Each stance system's change detection (is_change of its two stances) on the pairs."""
    found = []
    for name, guess in guessers.items():
        counts = Counts()
        for a, b, gold in pairs:
            said = is_change(guess(a), guess(b))
            counts.tp += said and gold
            counts.fp += said and not gold
            counts.fn += gold and not said
        found.append(ChangeScore(name, len(pairs), counts))
    return found


def kappa(first: Sequence[str], second: Sequence[str]) -> float:
    """Cohen's kappa of two labelings of the same items."""
    return nominal_kappa(first, second)


def write_model(model: StanceModel) -> Path:
    """Write the model as the one obzor ships (positions/stance_model.json.gz)."""
    import gzip
    import json

    path = Path(__file__).resolve().parents[1] / "positions" / MODEL_FILE
    data = json.dumps(model.to_json(), ensure_ascii=False, sort_keys=True).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0))  # mtime 0: the same model, the same bytes
    return path
