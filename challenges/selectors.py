"""Read-side functions of challenges: similar challenges (Persian-normalised text
similarity), the open priority round, a person's remaining supports, scores and rankings."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db.models import Count, Q
from django.utils import timezone

from core import jalali
from core.normalize import normalize_text, to_ascii_digits

from .choices import ChallengeStatus
from .models import WEIGHTS, Challenge, PriorityRound, Support

# Words too common to tell two challenges apart.
STOPWORDS = frozenset(
    "و در به از که این آن با برای را تا یا هم است هست نیست شد شده می نمی ها های ای یک بر اما اگر چه"
    " کم زیاد خیلی بسیار نبود نبودن عدم مشکل".split()
)
SIMILAR_THRESHOLD = 0.35
CANDIDATES = 500  # the province's most recent challenges compared per check


def words(text: str) -> set[str]:
    """Normalised words: ی/ي and ک/ك unified, digits ASCII, half-spaces joined, stop words out."""
    text = normalize_text(to_ascii_digits(text or "")).replace("\u200c", "").casefold()
    return {word for word in re.findall(r"\w+", text) if len(word) > 1 and word not in STOPWORDS}


def similarity(a: str, b: str) -> float:
    """0…1: the larger of word overlap (Jaccard) and character similarity of the joined words."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    jaccard = len(wa & wb) / len(wa | wb)
    chars = SequenceMatcher(None, " ".join(sorted(wa)), " ".join(sorted(wb))).ratio()
    return max(jaccard, chars * 0.8)


def similar_enough(wa: set[str], wb: set[str], threshold: float) -> bool:
    """`similarity(a, b) >= threshold` from the two texts' words, with SequenceMatcher's cheap
    upper bounds tried before its full ratio (the national roll-up compares thousands)."""
    if not wa or not wb:
        return False
    if len(wa & wb) / len(wa | wb) >= threshold:
        return True
    matcher = SequenceMatcher(None, " ".join(sorted(wa)), " ".join(sorted(wb)))
    return (matcher.real_quick_ratio() * 0.8 >= threshold and matcher.quick_ratio() * 0.8 >= threshold
            and matcher.ratio() * 0.8 >= threshold)


def similar_challenges(province, title: str, description: str = "", exclude=None, limit: int = 5) -> list[tuple[Challenge, float]]:
    """Open or reported challenges of the province that read like this one, most similar first."""
    text = f"{title} {title} {description}"  # the title counts double
    queryset = Challenge.objects.filter(province=province, status__in=[ChallengeStatus.REPORTED, ChallengeStatus.OPEN])
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    scored = []
    for challenge in queryset.order_by("-created_at")[:CANDIDATES]:
        value = similarity(text, f"{challenge.title} {challenge.title} {challenge.description}")
        if value >= SIMILAR_THRESHOLD:
            scored.append((challenge, value))
    scored.sort(key=lambda pair: -pair[1])
    return scored[:limit]


def quarter_of(date) -> tuple[int, int]:
    year, month = jalali.month_of(date)
    return year, (month - 1) // 3 + 1


def open_round(province) -> PriorityRound | None:
    """The province's round that takes supports now: not closed, closing later."""
    return (PriorityRound.objects.filter(province=province, closed_at__isnull=True, closes_at__gt=timezone.now())
            .order_by("closes_at").first())


def supports_used(round_, user) -> int:
    """Supports this person has given in the round; those on a challenge since merged into
    another are given back (the support stays recorded, visible, and is not moved)."""
    return Support.objects.filter(round=round_, supporter=user).exclude(challenge__status=ChallengeStatus.MERGED).count()


def score(challenge: Challenge, supports: int) -> int:
    return (WEIGHTS["impact"] * challenge.impact + WEIGHTS["urgency"] * challenge.urgency
            + WEIGHTS["feasibility"] * challenge.feasibility + WEIGHTS["supports"] * supports)


def ranking(round_: PriorityRound) -> list[dict]:
    """Open challenges of the round's province with their supports in the round and score,
    highest first; the frozen ranking once the round is closed."""
    if round_.ranking is not None:
        return round_.ranking
    challenges = (Challenge.objects.filter(province_id=round_.province_id, status=ChallengeStatus.OPEN)
                  .annotate(round_supports=Count("supports", filter=Q(supports__round=round_))).select_related("area"))
    rows = [{"id": c.pk, "title": c.title, "area": c.area.name, "supports": c.round_supports,
             "impact": c.impact, "urgency": c.urgency, "feasibility": c.feasibility,
             "people_affected": c.people_affected, "score": score(c, c.round_supports)} for c in challenges]
    rows.sort(key=lambda row: (-row["score"], -row["supports"], -row["people_affected"], row["id"]))
    for position, row in enumerate(rows, start=1):
        row["rank"] = position
    return rows


# --- national roll-up -----------------------------------------------------------------------

ROLLUP_CANDIDATES = 3000  # the most recent open or awaiting challenges grouped nationally


@dataclass
class RollupGroup:
    """Challenges of several provinces that read alike (the same `similarity` as the
    suggestions before filing), with their supports and the people they affect."""

    lead: Challenge
    challenges: list[Challenge] = field(default_factory=list)
    supports: int = 0
    people_affected: int = 0

    @property
    def provinces(self) -> list:
        seen = {}
        for challenge in self.challenges:
            seen.setdefault(challenge.province_id, challenge.province)
        return sorted(seen.values(), key=lambda province: province.name)


def national_rollup(user, threshold: float = SIMILAR_THRESHOLD) -> list[RollupGroup]:
    """Open and awaiting challenges the user sees, grouped across provinces by similarity:
    most supported first. Supports count those given to each challenge and to the challenges
    merged into it (a merge never makes supports vanish); people affected are summed over the
    group's own challenges (a merged copy repeats them and is not added)."""
    challenges = list(
        Challenge.objects.visible_to(user).filter(status__in=[ChallengeStatus.REPORTED, ChallengeStatus.OPEN])
        .select_related("province", "area").order_by("-created_at")[:ROLLUP_CANDIDATES])
    own = dict(Support.objects.filter(challenge__in=challenges).values_list("challenge").annotate(n=Count("pk")))
    merged = dict(Support.objects.filter(challenge__merged_into__in=challenges)
                  .values_list("challenge__merged_into").annotate(n=Count("pk")))
    for challenge in challenges:
        challenge.rollup_supports = own.get(challenge.pk, 0) + merged.get(challenge.pk, 0)
    challenges.sort(key=lambda c: (-c.rollup_supports, -c.people_affected, c.pk))
    groups: list[tuple[set[str], RollupGroup]] = []
    by_word: dict[str, list[int]] = {}  # a group is compared only if its lead shares a word
    for challenge in challenges:
        text = f"{challenge.title} {challenge.title} {challenge.description}"
        its_words = words(text)
        candidates = sorted({index for word in its_words for index in by_word.get(word, ())})
        for index in candidates:
            if similar_enough(its_words, groups[index][0], threshold):
                group = groups[index][1]
                break
        else:
            group = RollupGroup(lead=challenge)
            groups.append((its_words, group))
            for word in its_words:
                by_word.setdefault(word, []).append(len(groups) - 1)
        group.challenges.append(challenge)
        group.supports += challenge.rollup_supports
        group.people_affected += challenge.people_affected
    result = [group for _words, group in groups]
    result.sort(key=lambda g: (-g.supports, -g.people_affected, -len(g.challenges), g.lead.pk))
    return result
