"""Suggesting a risk level from the plan's grading factors: pure functions, no ORM.

The plan grades a risk point high, medium or low from the importance of the power and how often
it is used, the size of discretion, the probability of corruption and the degree of harm, and
names hard criteria (三重一大 matters, allocating people, money or goods with wide discretion) that
make a point high whatever its score. The weights, thresholds and which flags force high come from
the campaign's grading configuration.
"""

from dataclasses import dataclass, field

LEVELS = [("high", "High"), ("medium", "Medium"), ("low", "Low")]
LEVEL_RANK = {"low": 1, "medium": 2, "high": 3}

FACTORS = ("importance", "frequency", "discretion", "probability", "harm")
FLAGS = ("major_matter", "resource_allocation", "past_problem")


@dataclass(frozen=True)
class GradingRules:
    weights: dict  # factor -> weight (>= 0, not all zero)
    high_threshold: float
    medium_threshold: float
    forcing_flags: frozenset = field(default_factory=frozenset)  # flags that make a point high


@dataclass(frozen=True)
class Suggestion:
    level: str | None  # None: not enough inputs to suggest
    score: float | None
    forced_by: tuple = ()  # flags that forced high
    missing: tuple = ()  # factors without a score

    def reasons(self, rules):
        """A language-neutral account of the suggestion, rendered by the model."""
        reasons = [["forced", flag] for flag in self.forced_by]
        if self.score is not None:
            if self.score >= rules.high_threshold:
                reasons.append(["score_high", self.score, rules.high_threshold])
            elif self.score >= rules.medium_threshold:
                reasons.append(["score_medium", self.score, rules.medium_threshold, rules.high_threshold])
            else:
                reasons.append(["score_low", self.score, rules.medium_threshold])
        elif self.missing:
            reasons.append(["missing", list(self.missing)])
        return reasons


def weighted_score(scores, weights):
    """Weighted mean of the factor scores (1-5); None when a weighted factor has no score."""
    total_weight = sum(weights.get(f, 0.0) for f in FACTORS)
    if total_weight <= 0:
        return None
    if any(weights.get(f, 0.0) > 0 and not scores.get(f) for f in FACTORS):
        return None
    return round(sum(weights.get(f, 0.0) * (scores.get(f) or 0) for f in FACTORS) / total_weight, 2)


def suggest(scores, flags, rules):
    """Suggest a level: a forcing flag makes it high, otherwise the weighted score against thresholds."""
    forced_by = tuple(flag for flag in FLAGS if flags.get(flag) and flag in rules.forcing_flags)
    missing = tuple(f for f in FACTORS if rules.weights.get(f, 0.0) > 0 and not scores.get(f))
    score = weighted_score(scores, rules.weights)
    if forced_by:
        level = "high"
    elif score is None:
        level = None
    elif score >= rules.high_threshold:
        level = "high"
    elif score >= rules.medium_threshold:
        level = "medium"
    else:
        level = "low"
    return Suggestion(level=level, score=score, forced_by=forced_by, missing=missing)


def is_below(level, other):
    """True when ``level`` is a lower risk level than ``other`` (both set)."""
    return bool(level and other) and LEVEL_RANK[level] < LEVEL_RANK[other]
