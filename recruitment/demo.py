"""Talent keywords for the eight areas, and a few candidates at each step in the demo provinces."""
import datetime

from django.utils import timezone

from areas.models import Area
from core.normalize import search_key

from . import services
from .choices import KeywordTarget
from .models import TalentKeyword
from .talent import talent_search

KEYWORDS = {
    "health": [("پرستار", 3), ("پزشک", 3), ("بهداشت", 2), ("مامایی", 2), ("بهیار", 2), ("داروسازی", 1)],
    "environment": [("محیط زیست", 3), ("منابع طبیعی", 3), ("جنگلبان", 2), ("کشاورزی", 1)],
    "water-energy": [("برق", 3), ("آب", 2), ("نیرو", 1), ("مهندس", 1)],
    "traffic-safety": [("راهنمایی و رانندگی", 3), ("ترافیک", 3), ("راننده", 1), ("عمران", 1)],
    "social-harms": [("مددکار", 3), ("روان‌شناسی", 3), ("مشاور", 2), ("جامعه‌شناسی", 2)],
    "family": [("مشاور", 3), ("روان‌شناسی", 2), ("علوم تربیتی", 2), ("معلم", 1)],
    "citizenship-law": [("حقوق", 3), ("قاضی", 3), ("کارشناس حقوقی", 2), ("علوم سیاسی", 1)],
    "entrepreneurship": [("اقتصاد", 3), ("حسابدار", 2), ("مدیریت", 2), ("کشاورزی", 1)],
}


def seed(ctx):
    admin = ctx.users["admin"]
    for slug, words in KEYWORDS.items():
        area = Area.objects.filter(slug=slug).first()
        if area is None:
            continue
        for word, weight in words:
            TalentKeyword.objects.create(area=area, keyword=word, key=search_key(word), target=KeywordTarget.ANY,
                                         weight=weight, created_by=admin)
    today = timezone.localdate()
    for prefix in ctx.provinces:
        coordinator = ctx.users[f"{prefix}.coordinator"]
        ambassador = ctx.users[f"{prefix}.ambassador"]
        for slug in ("health", "environment", "family"):
            area = Area.objects.get(slug=slug)
            for index, match in enumerate(talent_search(coordinator, area)[:6]):
                responsible = ambassador if index % 2 else coordinator
                start = today - datetime.timedelta(days=40 - index)
                candidate = services.candidate_identify(match.person, area, coordinator, responsible=responsible,
                                                        reason="؛ ".join(match.reasons), score=match.score, on=start)
                step = {"notes": "", "responsible": responsible}
                if index >= 1:
                    services.candidate_contact(candidate, coordinator, on=start + datetime.timedelta(days=3), **step)
                if index >= 3:
                    services.candidate_interest(candidate, coordinator, on=start + datetime.timedelta(days=7), **step)
                if index == 5 and match.kind == "retiree":
                    services.candidate_onboard(candidate, coordinator, on=start + datetime.timedelta(days=12), **step)
                if index == 2:
                    services.candidate_decline(candidate, coordinator, on=start + datetime.timedelta(days=6),
                                               notes="فعلاً فرصت همکاری ندارد.", responsible=coordinator)
