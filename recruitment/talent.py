"""Talent search (D3): retirees and their children in a province who match an area's keywords,
ranked, each with the reasons it matched. Left out: anyone already in the pipeline (in any
state, declined included) and anyone without consent to be contacted."""
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import translation

from core.normalize import search_key
from retirees.choices import RosterEducation
from retirees.models import Child, Retiree

from .choices import CandidateKind, KeywordTarget
from .models import Candidate, TalentKeyword

RESULT_LIMIT = 200


@dataclass
class Match:
    kind: str
    person: object
    score: int = 0
    reasons: list = field(default_factory=list)


def _education_levels(key: str) -> set[str]:
    """Education levels whose Persian or English name contains the keyword."""
    levels = set()
    for language in ("fa", "en"):
        with translation.override(language):
            for value, label in RosterEducation.choices:  # a superset of EducationLevel (children)
                if key in search_key(str(label)) or key == value:
                    levels.add(value)
    return levels


def talent_search(user, area, province=None, limit: int = RESULT_LIMIT) -> list[Match]:
    keywords = list(TalentKeyword.objects.filter(area=area))
    if not keywords:
        return []
    retirees = Retiree.objects.visible_to(user).filter(consent_contact=True)
    children = Child.objects.visible_to(user).filter(consent_contact=True, retiree__consent_children=True)
    if province is not None:
        retirees, children = retirees.filter(province=province), children.filter(retiree__province=province)
    retirees = retirees.exclude(pk__in=Candidate.objects.filter(retiree__isnull=False).values("retiree_id"))
    children = children.exclude(pk__in=Candidate.objects.filter(child__isnull=False).values("child_id"))

    retiree_any, child_any = Q(pk__in=[]), Q(pk__in=[])
    levels_by_keyword = {}
    for keyword in keywords:
        if keyword.target in (KeywordTarget.ANY, KeywordTarget.FIELD):
            retiree_any |= Q(field_key__contains=keyword.key)
            child_any |= Q(field_key__contains=keyword.key)
        if keyword.target in (KeywordTarget.ANY, KeywordTarget.SPECIALTY):
            retiree_any |= Q(specialty_key__contains=keyword.key)
        if keyword.target in (KeywordTarget.ANY, KeywordTarget.EDUCATION):
            levels = levels_by_keyword[keyword.pk] = _education_levels(keyword.key)
            if levels:
                retiree_any |= Q(education__in=levels)
                child_any |= Q(education__in=levels)

    matches = []
    for retiree in retirees.filter(retiree_any).select_related("county", "agency"):
        match = _score(Match(CandidateKind.RETIREE, retiree), keywords, levels_by_keyword, retiree.specialty_key)
        if match.score:
            matches.append(match)
    for child in children.filter(child_any).select_related("retiree"):
        match = _score(Match(CandidateKind.CHILD, child), keywords, levels_by_keyword, "")
        if match.score:
            matches.append(match)
    matches.sort(key=lambda m: (-m.score, m.person.last_name, m.person.first_name, m.person.pk))
    return matches[:limit]


def _score(match: Match, keywords, levels_by_keyword, specialty_key: str) -> Match:
    person = match.person
    from django.utils.translation import gettext as _

    for keyword in keywords:
        hits = []
        if keyword.target in (KeywordTarget.ANY, KeywordTarget.FIELD) and keyword.key in person.field_key:
            hits.append(_("field of study “%(value)s”") % {"value": person.field_of_study})
        if keyword.target in (KeywordTarget.ANY, KeywordTarget.SPECIALTY) and specialty_key and keyword.key in specialty_key:
            hits.append(_("specialty “%(value)s”") % {"value": person.specialty})
        if person.education and person.education in levels_by_keyword.get(keyword.pk, ()):
            hits.append(_("education “%(value)s”") % {"value": person.get_education_display()})
        if hits:
            match.score += keyword.weight * len(hits)
            match.reasons.append(_("%(where)s matches “%(keyword)s”") % {"where": "، ".join(hits), "keyword": keyword.keyword})
    return match
