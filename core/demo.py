"""Shared pieces for demo data: each app's `demo.py` defines `seed(ctx)`; `manage.py seed_demo`
runs them in INSTALLED_APPS order with one DemoContext."""
import random
from dataclasses import dataclass, field

from faker import Faker

from .normalize import normalize_text

# Demo provinces: (login prefix, province name as in geo/data/divisions.json).
DEMO_PROVINCES = [("tehran", "تهران"), ("isfahan", "اصفهان"), ("mashhad", "خراسان رضوی")]


@dataclass
class DemoContext:
    rng: random.Random
    faker: Faker
    provinces: dict = field(default_factory=dict)  # prefix -> Province
    users: dict = field(default_factory=dict)  # username -> User
    logins: list = field(default_factory=list)  # rows printed at the end
    out: object = None

    def person_name(self, gender: str) -> tuple[str, str]:
        first = self.faker.first_name_female() if gender == "female" else self.faker.first_name_male()
        return normalize_text(first), normalize_text(self.faker.last_name())


def make_context(seed: int = 1405) -> DemoContext:
    Faker.seed(seed)
    faker = Faker("fa_IR")
    return DemoContext(rng=random.Random(seed), faker=faker)
