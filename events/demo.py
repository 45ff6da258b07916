"""Demo spaces in every state and events across three months, through the same services people
use: held ones with attendance, published ones with registrations and a waiting list, others
awaiting approval, returned, drafted or cancelled — so the lists and calendar look lived-in."""
import datetime

from django.utils import timezone

from ambassadors.choices import AmbassadorStatus
from ambassadors.models import Ambassador
from areas.models import Area
from geo.models import County
from partners.models import Organization
from retirees.models import Retiree

from . import registration, services
from .booking import sync_bookings
from .choices import AttendanceStatus, EventKind, FacilityStatus, RequiredOf
from .models import Event, Facility, Qualification, QualificationHeld, Session

SPACES = [
    ("سالن اجتماعات کانون بازنشستگان {c}", 80, True, FacilityStatus.AVAILABLE),
    ("کلاس آموزشی فرهنگسرای {c}", 35, True, FacilityStatus.AVAILABLE),
    ("سالن کتابخانهٔ عمومی {c}", 50, False, FacilityStatus.AVAILABLE),
    ("نمازخانهٔ پارک شهر {c}", 40, False, FacilityStatus.REPORTED),
    ("زیرزمین مدرسهٔ قدیمی {c}", 60, False, FacilityStatus.UNSUITABLE),
]
# (title, kind, area slug, capacity, days from today of the first session, sessions, what happens)
EVENTS = [
    ("تغذیهٔ سالم در سالمندی", EventKind.WORKSHOP, "health", 30, -52, 2, "closed"),
    ("آشنایی با حقوق بازنشستگی", EventKind.COURSE, "", 30, -33, 3, "held"),
    ("رانندگی ایمن برای سالمندان", EventKind.CLASS, "traffic-safety", 25, -12, 1, "held"),
    ("صرفه‌جویی در آب و برق خانه", EventKind.WORKSHOP, "water-energy", 30, 6, 1, "full"),
    ("پیشگیری از زمین‌خوردن", EventKind.CLASS, "health", 25, 13, 2, "published"),
    ("جلسه توجیهی سفیران تازه", EventKind.BRIEFING, "", 40, 20, 1, "published"),
    ("توجیه سالانهٔ سفیران سلامت", EventKind.BRIEFING, "health", 40, -20, 1, "closed"),
    ("بازیافت در محله", EventKind.WORKSHOP, "environment", 30, 27, 1, "submitted"),
    ("کار با تلفن همراه", EventKind.COURSE, "", 20, 34, 2, "returned"),
    ("گفت‌وگوی خانوادگی", EventKind.WORKSHOP, "family", 30, 41, 1, "draft"),
    ("پیاده‌روی گروهی در پارک", EventKind.CLASS, "health", 30, 9, 1, "cancelled"),
]
HOURS = [(9, 11), (10, 12), (16, 18)]
# (name, valid for months, remind days before) — national reference data.
QUALIFICATIONS = [("کمک‌های اولیه", 24, 30), ("کار با سالمندان مبتلا به فراموشی", 12, 45), ("ایمنی ترافیک", None, 30)]
# Days ago each of the first ambassadors obtained which qualification: some valid, one due for
# renewal, one expired — so training records show what is due.
HELD = [(0, 700), (1, 340), (2, 100), (0, 400), (1, 30), (0, 60)]


def seed(ctx):
    rng, now = ctx.rng, timezone.localtime()
    areas = {area.slug: area for area in Area.objects.all()}
    qualifications = [Qualification.objects.get_or_create(name=name, defaults={
        "validity_months": months, "renewal_days": days, "description": "دوره‌ای که سفیران برای کارشان می‌گذرانند."})[0]
        for name, months, days in QUALIFICATIONS]
    for index, (prefix, province) in enumerate(ctx.provinces.items()):
        coordinator, manager = ctx.users[f"{prefix}.coordinator"], ctx.users[f"{prefix}.manager"]
        counties = list(County.objects.filter(province=province)[:3]) or list(County.objects.filter(province=province))
        owners = list(Organization.objects.filter(province=province)[:5])
        facilities = []
        for number, (name, seats, step_free, status) in enumerate(SPACES):
            facility = Facility.objects.create(
                name=name.format(c=province.center or province.name), province=province, county=counties[number % len(counties)],
                owner=owners[number % len(owners)] if owners else None, address="خیابان امام، کوچهٔ شهید رجایی، پلاک " + str(number + 3),
                seats=seats, step_free=step_free, free_times="شنبه تا چهارشنبه، ۸ تا ۱۸", contact_name="آقای محمدی",
                contact_phone="0313222" + f"{number:04d}", created_by=ctx.users[f"{prefix}.ambassador"],
            )
            if status != FacilityStatus.REPORTED:
                services.facility_verify(facility, coordinator, visited_on=timezone.localdate() - datetime.timedelta(days=70),
                                         seats=seats, visit_notes="نور و تهویهٔ خوب؛ صندلی‌های پشتی‌دار.")
            if status == FacilityStatus.AVAILABLE:
                facilities.append(services.facility_open(facility, coordinator))
            elif status == FacilityStatus.UNSUITABLE:
                services.facility_mark_unsuitable(facility, coordinator, reason="پله‌های زیاد و بدون نرده؛ مناسب سالمندان نیست.")
        teachers = list(Ambassador.objects.filter(province=province, status=AmbassadorStatus.ACTIVE)[:8])
        # Skilled retirees who agreed to be contacted teach some events as guests (one each: no clash).
        guests = list(Retiree.objects.filter(province=province, consent_contact=True).order_by("pk")[:len(EVENTS)])
        for number, (title, kind, area_slug, capacity, days, count, fate) in enumerate(EVENTS):
            area = areas.get(area_slug) or rng.choice(list(areas.values()))
            event = Event.objects.create(
                title=title, kind=kind, province=province, area=area, audience="بازنشستگان و خانواده‌هایشان",
                description="با تمرین عملی و پرسش و پاسخ.", capacity=capacity, created_by=coordinator,
                offer_hours=24 if fate == "full" else 48,
                required_of=RequiredOf.AMBASSADORS if kind == EventKind.BRIEFING else "",
            )
            event.instructors.set(teachers[number % len(teachers):number % len(teachers) + 1] if teachers else [])
            if number % 3 == 1 and number < len(guests):
                event.guest_instructors.set([guests[number]])
            start_hour, end_hour = HOURS[(number + index) % len(HOURS)]
            for day in range(count):
                when = (now + datetime.timedelta(days=days + 7 * day)).replace(hour=start_hour, minute=0, second=0,
                                                                               microsecond=0)
                session = Session.objects.create(
                    event=event, facility=facilities[number % len(facilities)], starts_at=when,
                    ends_at=when.replace(hour=end_hour), created_by=coordinator)
                sync_bookings(session)
            _advance(ctx, event, fate, coordinator, manager)
        today = timezone.localdate()
        for person, (which, days) in zip(teachers, HELD, strict=False):
            held = QualificationHeld(ambassador=person, qualification=qualifications[which],
                                     obtained_on=today - datetime.timedelta(days=days), created_by=coordinator)
            held.set_expires_on()
            held.save()


def _advance(ctx, event, fate, coordinator, manager):
    if fate == "draft":
        return
    if fate == "cancelled":
        services.event_cancel(event, coordinator, reason="سالن در آن روز برای مراسم دیگری لازم شد.")
        return
    services.event_submit(event, coordinator)
    if fate == "submitted":
        return
    if fate == "returned":
        services.event_return(event, manager, reason="ساعت را به صبح ببرید؛ سالمندان عصرها کمتر می‌آیند.")
        return
    services.event_approve(event, manager, comment="با هماهنگی کانون بازنشستگان برگزار شود.")
    services.event_publish(event, coordinator)
    people = {"full": event.capacity + 4, "published": event.capacity // 2}.get(fate, event.capacity - 5)
    registrations = []
    # People registered before the first session (past events are seeded after the fact).
    before = min(timezone.now(), event.first_start()) - datetime.timedelta(days=1)
    for number in range(people):
        gender = ctx.rng.choice(["female", "male"])
        first, last = ctx.person_name(gender)
        registrations.append(registration.register(
            event, coordinator, full_name=f"{first} {last}", mobile=f"0912{event.pk:03d}{number:04d}", consent=True,
            now=before,
        ))
    if fate == "full":
        # Two cancel: the first two waiting are offered their places at once.
        for item in registrations[:2]:
            services.registration_cancel(item, coordinator, reason="بیماری")
    if fate in ("held", "closed"):
        services.event_hold(event, coordinator)
        statuses = [AttendanceStatus.PRESENT] * 6 + [AttendanceStatus.LATE, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED]
        for session in event.sessions.all():
            marks = {item.pk: ctx.rng.choice(statuses) for item in registrations if item.status == "confirmed"}
            services.session_record_attendance(session, coordinator, marks=marks)
        if fate == "closed":
            services.event_close(event, coordinator, note="گزارش برگزاری به مدیریت استان فرستاده شد.")
