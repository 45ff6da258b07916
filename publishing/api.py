from datetime import datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from core.api import MAX_PAGE_SIZE, BoundedPagination, ErrorOut, ValidationErrorOut, crud_router

from . import selectors, workflows
from .choices import PostKind
from .feeds import post_id
from .filters import MembershipFilterSet, PostFilterSet, RevisionFilterSet, WorkingGroupFilterSet
from .forms import MembershipForm, PostForm, WorkingGroupForm
from .models import Membership, Post, Revision, WorkingGroup


def _ids(related) -> list[int]:
    return [item.pk for item in related.all()]


class WorkingGroupOut(Schema):
    id: int
    province: int = Field(alias="province_id")
    name: str
    description: str
    meetings: list[int] = Field(description="Meeting ids (meetings module).")

    @staticmethod
    def resolve_meetings(obj):
        return _ids(obj.meetings)


class WorkingGroupIn(Schema):
    province: int
    name: str
    description: str = ""
    meetings: list[int] = []


class MembershipOut(Schema):
    id: int
    group: int = Field(alias="group_id")
    user: int = Field(alias="user_id")
    role: str = Field(description="writer or editor")


class MembershipIn(Schema):
    group: int
    user: int
    role: str = Field("writer", description="writer or editor")


class PostOut(Schema):
    id: int
    kind: str = Field(description="news, report or event")
    province: int | None = Field(alias="province_id", description="None for a national post")
    areas: list[int]
    title: str
    summary: str
    body: str = Field(description="Sanitised HTML")
    cover_alt: str
    status: str = Field(description="draft, in_review, changes_requested, approved, scheduled, published or archived")
    authors: list[int]
    submitted_at: datetime | None
    reviewed_by: int | None = Field(alias="reviewed_by_id")
    reviewed_at: datetime | None
    review_comment: str
    publish_at: datetime | None
    published_at: datetime | None
    archived_at: datetime | None

    @staticmethod
    def resolve_areas(obj):
        return _ids(obj.areas)

    @staticmethod
    def resolve_authors(obj):
        return _ids(obj.authors)


class PostIn(Schema):
    kind: str = Field("news", description="news, report or event")
    province: int | None = Field(None, description="Empty for a national post (national admins only)")
    areas: list[int] = []
    title: str
    summary: str
    body: str = Field(description="HTML; sanitised, images need alt text, no national codes or mobiles")
    cover_alt: str = ""


class RevisionOut(Schema):
    id: int
    post: int = Field(alias="post_id")
    number: int
    title: str
    summary: str
    body: str
    cover_alt: str
    note: str
    status: str = Field(description="pending, approved or rejected")
    written_by: int | None = Field(alias="created_by_id")
    decided_by: int | None = Field(alias="decided_by_id")
    decided_at: datetime | None
    decision_comment: str


groups = crud_router(model=WorkingGroup, out_schema=WorkingGroupOut, in_schema=WorkingGroupIn,
                     form_class=WorkingGroupForm, filterset_class=WorkingGroupFilterSet, tags=["working groups"])
members = crud_router(model=Membership, out_schema=MembershipOut, in_schema=MembershipIn, form_class=MembershipForm,
                      filterset_class=MembershipFilterSet, tags=["working groups"])
posts = crud_router(model=Post, out_schema=PostOut, in_schema=PostIn, form_class=PostForm,
                    filterset_class=PostFilterSet, tags=["posts"], workflow=workflows.POST)
revisions = crud_router(model=Revision, out_schema=RevisionOut, filterset_class=RevisionFilterSet, tags=["posts"],
                        workflow=workflows.REVISION)


# --- the public, read-only endpoint: published posts, no sign-in ----------------------------

class PublicPostOut(Schema):
    id: int
    guid: str = Field(description="Stable id, the same as in the feeds (tag: URI)")
    url: str = Field(description="The post's page on the public site")
    kind: str = Field(description="news, report or event")
    province: str | None = Field(description="Province code; None for a national post")
    areas: list[str] = Field(description="Area slugs")
    title: str
    summary: str
    body: str = Field(description="Sanitised HTML")
    cover_image: str | None = Field(description="Address of the cover image, if any")
    cover_alt: str
    published_at: datetime

    @staticmethod
    def resolve_guid(obj):
        return post_id(obj)

    @staticmethod
    def resolve_url(obj):
        return obj.public_url()

    @staticmethod
    def resolve_province(obj):
        return obj.province.code if obj.province_id else None

    @staticmethod
    def resolve_areas(obj):
        return [area.slug for area in obj.areas.all()]

    @staticmethod
    def resolve_cover_image(obj):
        from django.urls import reverse

        return reverse("payesh:cover", args=[obj.pk]) if obj.cover_image else None

    @staticmethod
    def resolve_published_at(obj):
        return obj.live_at


class PublicFilters(Schema):
    province: str | None = Field(None, max_length=2, description="Province code, e.g. 23 for Tehran")
    area: str | None = Field(None, max_length=50, description="Area slug, e.g. health")
    national: bool = Field(False, description="Only national posts")
    kind: PostKind | None = Field(None, description="news, report or event")


public = Router(tags=["public"])
# No sign-in: never 401 or 403.
PUBLIC_ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


def _public_posts(filters: PublicFilters):
    posts = selectors.live_posts()
    if filters.national:
        posts = posts.filter(province__isnull=True)
    if filters.province:
        posts = posts.filter(province__code=filters.province)
    if filters.area:
        posts = posts.filter(areas__slug=filters.area)
    if filters.kind:
        posts = posts.filter(kind=filters.kind)
    return posts


@public.get("/posts", auth=None, response={200: list[PublicPostOut], **PUBLIC_ERRORS}, operation_id="public_post_list",
            summary="Published posts (no sign-in)")
@paginate(BoundedPagination, page_size=20, max_page_size=MAX_PAGE_SIZE)
def public_posts(request, filters: Query[PublicFilters]):
    return _public_posts(filters)


@public.get("/posts/{int:pk}", auth=None, response={200: PublicPostOut, **PUBLIC_ERRORS},
            operation_id="public_post_detail", summary="One published post (no sign-in)")
def public_post(request, pk: int):
    try:
        return selectors.live_posts().get(pk=pk)
    except Post.DoesNotExist:
        raise Http404 from None


ROUTERS = [("/working-groups", groups), ("/working-group-members", members), ("/posts", posts),
           ("/revisions", revisions), ("/public", public)]
