"""A candidate statistical layer under the stance rules, measured by `bench/eval_stance.py
--min-prob P` and not shipped (it did not raise the leave-one-out figures; see README).

Multinomial logistic regression over the reading's features (`Stance.features`: the rules' own
verdict and family, the cue, the content's lemmas, negation, modals, conditions, what it names).
It is consulted only where no rule read an attitude, and speaks only when its most probable
attitude reaches `min_prob`. Training is full-batch gradient descent from zeros: the same data
gives the same weights.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

NEUTRAL = "neutral"


@dataclass(frozen=True)
class StanceModel:
    classes: tuple[str, ...]
    vocabulary: dict[str, int]
    weights: np.ndarray  # features x classes
    bias: np.ndarray  # classes
    min_prob: float

    def probabilities(self, features: Sequence[str]) -> np.ndarray:
        ids = [self.vocabulary[f] for f in set(features) if f in self.vocabulary]
        scores = self.bias + self.weights[ids].sum(axis=0)
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def attitude(self, features: Sequence[str]) -> tuple[str, float] | None:
        """The most probable non-neutral stance and its probability, when it reaches min_prob."""
        p = self.probabilities(features)
        order = [i for i in np.argsort(-p) if self.classes[i] != NEUTRAL]
        best = order[0]
        return (self.classes[best], float(p[best])) if p[best] >= self.min_prob else None

    @classmethod
    def train(
        cls,
        examples: Sequence[tuple[Sequence[str], str]],
        min_prob: float,
        min_count: int = 2,
        l2: float = 0.01,
        steps: int = 400,
        rate: float = 0.5,
    ) -> StanceModel:
        counts = Counter(f for features, _ in examples for f in set(features))
        vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
        classes = tuple(sorted({label for _, label in examples}))
        x = np.zeros((len(examples), len(vocabulary)))
        y = np.zeros((len(examples), len(classes)))
        for row, (features, label) in enumerate(examples):
            for f in set(features):
                if f in vocabulary:
                    x[row, vocabulary[f]] = 1.0
            y[row, classes.index(label)] = 1.0
        w = np.zeros((len(vocabulary), len(classes)))
        b = np.zeros(len(classes))
        n = max(len(examples), 1)
        for _ in range(steps):
            scores = x @ w + b
            scores = np.exp(scores - scores.max(axis=1, keepdims=True))
            p = scores / scores.sum(axis=1, keepdims=True)
            grad = p - y
            w -= rate * (x.T @ grad / n + l2 * w)
            b -= rate * grad.mean(axis=0)
        return cls(classes, vocabulary, w, b, min_prob)
