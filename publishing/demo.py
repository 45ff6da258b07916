"""Demo working groups and posts: in each demo province a group (the coordinator and the
manager as editors, the ambassador as writer) linked to a meeting, and posts in every state —
draft, in review, returned, approved, scheduled, published (one with a change awaiting review,
one changed and approved), archived — plus a national post."""
import datetime

from django.utils import timezone

from areas.models import Area
from meetings.models import Meeting

from . import services
from .choices import MemberRole, PostKind
from .models import Membership, WorkingGroup

POSTS = [
    ("کارگاه تغذیهٔ سالم برای بازنشستگان برگزار شد", PostKind.NEWS,
     "سفیران سلامت استان کارگاه یک‌روزه‌ای دربارهٔ تغذیهٔ سالم سالمندان برگزار کردند.",
     "<p>در این کارگاه که با همکاری دانشگاه علوم پزشکی برگزار شد، <strong>۶۰ نفر</strong> از بازنشستگان "
     "و خانواده‌هایشان شرکت کردند.</p><h2>محورهای کارگاه</h2><ul><li>کم کردن نمک و قند</li>"
     "<li>برنامهٔ غذایی روزانه</li></ul>"),
    ("گزارش سه ماه نخست سفیران محیط زیست", PostKind.REPORT,
     "سفیران محیط زیست در سه ماه گذشته با ده مدرسه و پنج سرای محله همکاری کردند.",
     "<p>این گزارش کارهای سه ماه نخست سال را مرور می‌کند: جلسه‌ها، کارگاه‌ها و پوشش رسانه‌ای.</p>"),
    ("دورهٔ آموزشی ایمنی عبور و مرور سالمندان", PostKind.EVENT,
     "دوره‌ای سه‌جلسه‌ای دربارهٔ ایمنی عبور از خیابان برای سالمندان؛ ثبت‌نام برای همه آزاد است.",
     "<p>این دوره را سفیران ایمنی ترافیک با همراهی پلیس راهور برگزار می‌کنند. ثبت‌نام از صفحهٔ دوره‌ها.</p>"),
    ("صرفه‌جویی در مصرف آب در خانه‌های سالمندان", PostKind.NEWS,
     "سفیران مصرف بهینه در خانه‌های سالمندان راهکارهای ساده‌ای برای کاهش مصرف آب آموزش دادند.",
     "<p>نصب کاهندهٔ جریان آب و تعمیر شیرهای چکه‌کن دو راهکار ساده و ارزان بود.</p>"),
    ("نشست هم‌اندیشی سفیران با کانون بازنشستگان", PostKind.NEWS,
     "سفیران و هیئت مدیرهٔ کانون دربارهٔ برنامه‌های نیمهٔ دوم سال گفت‌وگو کردند.",
     "<p>در این نشست برنامهٔ کارگاه‌های پاییز و زمستان مرور شد.</p>"),
    ("برنامه‌های هفتهٔ سالمند", PostKind.EVENT,
     "برنامه‌های سفیران در هفتهٔ سالمند اعلام شد.",
     "<p>فهرست برنامه‌ها به‌زودی در همین صفحه منتشر می‌شود.</p>"),
    ("بازدید از پارک محله با سفیران محیط زیست", PostKind.NEWS,
     "گروهی از بازنشستگان همراه سفیران از پارک محله بازدید و نهال کاشتند.",
     "<p>در این بازدید بیست نهال کاشته شد.</p>"),
    ("خبر قدیمی: آغاز طرح سفیران در استان", PostKind.NEWS,
     "طرح سفیران فرهنگ‌سازی در استان آغاز شد.",
     "<p>این خبر مربوط به آغاز طرح است و بایگانی شده است.</p>"),
]


def seed(ctx):
    areas = list(Area.objects.all())
    admin = ctx.users.get("admin")
    for prefix, province in ctx.provinces.items():
        coordinator = ctx.users[f"{prefix}.coordinator"]
        manager = ctx.users[f"{prefix}.manager"]
        ambassador = ctx.users[f"{prefix}.ambassador"]
        group = WorkingGroup.objects.create(
            province=province, name=f"کارگروه اطلاع‌رسانی {province.name}", created_by=coordinator,
            description="خبرها و گزارش‌های سفیران استان را برای سایت پایش می‌نویسد و ویرایش می‌کند.")
        group.meetings.set(Meeting.objects.filter(organization__province=province).order_by("pk")[:1])
        for user, role in ((coordinator, MemberRole.EDITOR), (manager, MemberRole.EDITOR), (ambassador, MemberRole.WRITER)):
            Membership.objects.create(group=group, user=user, role=role, created_by=coordinator)

        posts = []
        for index, (title, kind, summary, body) in enumerate(POSTS):
            posts.append(services.post_create(
                ambassador, province=province, kind=kind, title=title, summary=summary, body=body,
                areas=[areas[index % len(areas)]] if areas else []))
        draft, in_review, returned, approved, scheduled, published, revised, archived = posts
        for post in posts[1:]:
            services.post_submit(post, ambassador)
        services.post_request_changes(returned, coordinator, reason="عنوان را کوتاه‌تر کنید و نام کارگاه را بنویسید.")
        for post in (approved, scheduled, published, revised, archived):
            services.post_approve(post, coordinator)
        services.post_schedule(scheduled, coordinator, publish_at=timezone.now() + datetime.timedelta(days=3))
        for post in (published, revised, archived):
            services.post_publish(post, coordinator)
        services.post_archive(archived, coordinator, reason="خبر قدیمی است.")
        services.post_revise(published, ambassador, title=published.title, summary=published.summary,
                             body=published.body + "<p>عکس‌های کارگاه به‌زودی افزوده می‌شود.</p>",
                             note="یک بند دربارهٔ عکس‌ها افزودم.")
        services.post_revise(revised, ambassador, title=revised.title + " (به‌روز شد)", summary=revised.summary,
                             body=revised.body, note="عنوان را به‌روز کردم.")
        services.revision_approve(revised.revisions.get(status="pending"), manager)
        del draft, in_review
    if admin is not None:
        national = services.post_create(
            admin, province=None, kind=PostKind.NEWS, title="آغاز دورهٔ تازهٔ طرح سفیران فرهنگ‌سازی",
            summary="دورهٔ تازهٔ طرح سفیران فرهنگ‌سازی در همهٔ استان‌ها آغاز شد.",
            body="<p>در دورهٔ تازه، هشت حوزهٔ تخصصی طرح با همکاری دستگاه‌های ملی دنبال می‌شود.</p>")
        services.post_submit(national, admin)
        # A national post is approved by another national admin: the demo has one, so it stays in review.
