"""Plausible figures for demo and synthetic reports: one generator for seed_demo and generate_national.

Figures respect every declared part <= whole rule of the seed plans and improve a little each year.
"""

import random
from decimal import Decimal

from reports.models import ReportStatus

_RATINGS = ("excellent", "good", "completed", "not_completed")


class ValueMaker:
    """A unit's figures, stable in size across its periods (same random stream per unit)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.size = rng.randint(25, 420)
        self.officers = rng.randint(3, 14)
        self.strength = rng.random()

    def figures(self, codes: list[str], year: int, first_year: int) -> dict[str, tuple[Decimal | None, str]]:
        """Values for the given indicator codes: {code: (number, choice)} (one of the two is set)."""
        rng, progress = self.rng, (year - first_year) * 0.04
        wanted = set(codes)
        out: dict[str, tuple[Decimal | None, str]] = {}

        def put(code, number):
            if code in wanted:
                out[code] = (Decimal(number), "")

        if "rating" in wanted:
            draw = rng.random() - progress / 2
            index = 0 if draw < 0.3 else 1 if draw < 0.86 else 2 if draw < 0.985 else 3
            out["rating"] = (None, _RATINGS[index])
        members = self.size
        put("members", members)
        put("members_trained", round(members * min(0.95, 0.5 + self.strength * 0.25 + progress)))
        party = max(1, round(members * (0.1 + self.strength * 0.25)))
        good = round(party * rng.uniform(0.86, 0.99))
        put("party_members", party)
        put("party_members_good", good)
        put("party_members_failed", 0 if rng.random() < 0.8 else min(1, party - good))
        put("introduced_to_party", rng.choice((0, 1, 1, 1, 2, 3)))
        civil = round(members * (0.2 + self.strength * 0.6))
        put("civil_servant_members", civil)
        put("civil_servant_members_standard", civil if rng.random() < 0.6 else max(0, civil - rng.randint(1, 3)))
        put("officers_fulltime", self.officers)
        for code, share in (("officers_degree", 0.8), ("officers_political", 0.7)):
            put(code, min(self.officers, round(self.officers * (share + progress + self.strength * 0.1))))
        put("propagated", 1 if rng.random() < 0.96 else 0)
        put("hr_activities", rng.choice((0, 1, 1, 2, 2, 3, 4, 5)) if rng.random() < 0.92 else 0)
        agreements = rng.choice((0, 0, 1, 1, 1, 2))
        put("cla_new", agreements)
        put("cla_new_training", sum(1 for _ in range(agreements) if rng.random() < 0.55 + progress))
        return out


def draw_status(rng: random.Random, latest: bool) -> str | None:
    """A report's status, or None for a unit that never opened one (missing)."""
    draw = rng.random()
    table = (
        ((0.25, ReportStatus.APPROVED), (0.45, ReportStatus.SUBMITTED), (0.55, ReportStatus.RETURNED),
         (0.75, ReportStatus.DRAFT))
        if latest
        else ((0.82, ReportStatus.APPROVED), (0.88, ReportStatus.SUBMITTED), (0.91, ReportStatus.RETURNED),
              (0.94, ReportStatus.DRAFT))
    )  # fmt: skip
    for limit, status in table:
        if draw < limit:
            return status
    return None
