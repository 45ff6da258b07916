"""Demo organisations of every type in each demo province, their people and some calls and letters."""
import datetime

from django.utils import timezone

from areas.models import Area
from core.normalize import normalize_text, to_persian_digits
from geo.models import County

from .choices import ContactRole, InteractionKind, MediaKind, OrganizationKind
from .models import Contact, Interaction, Organization

KIND = OrganizationKind
# (name pattern, kind, media kind, area slugs); {p} is the province, {c} its capital.
ORGANIZATIONS = [
    ("مدیریت صندوق بازنشستگی کشوری استان {p}", KIND.RETIREMENT_OFFICE, "", []),
    ("کانون بازنشستگان آموزش و پرورش {c}", KIND.RETIREES_ASSOCIATION, "", []),
    ("کانون بازنشستگان بهداشت و درمان {c}", KIND.RETIREES_ASSOCIATION, "", ["health"]),
    ("کانون بازنشستگان کشوری شهرستان {county}", KIND.RETIREES_ASSOCIATION, "", []),
    ("اداره کل حفاظت محیط زیست استان {p}", KIND.GOVERNMENT_AGENCY, "", ["environment"]),
    ("دانشگاه علوم پزشکی {c}", KIND.GOVERNMENT_AGENCY, "", ["health"]),
    ("پلیس راهور استان {p}", KIND.GOVERNMENT_AGENCY, "", ["traffic-safety"]),
    ("شرکت آب و فاضلاب استان {p}", KIND.GOVERNMENT_AGENCY, "", ["water-energy"]),
    ("انجمن حمایت از سالمندان {c}", KIND.NGO, "", ["health", "family"]),
    ("جمعیت دوستداران طبیعت {c}", KIND.NGO, "", ["environment"]),
    ("صدا و سیمای مرکز {p}", KIND.MEDIA_OUTLET, MediaKind.TV, []),
    ("رادیو {c}", KIND.MEDIA_OUTLET, MediaKind.RADIO, []),
    ("هفته‌نامه صدای {c}", KIND.MEDIA_OUTLET, MediaKind.NEWSPAPER, []),
    ("پایگاه خبری {p} امروز", KIND.MEDIA_OUTLET, MediaKind.NEWS_SITE, []),
    ("کانال اطلاع‌رسانی بازنشستگان {p}", KIND.MEDIA_OUTLET, MediaKind.SOCIAL_CHANNEL, []),
    ("شرکت داروسازی سلامت‌گستر {c}", KIND.BUSINESS, "", ["health"]),
    ("فروشگاه‌های زنجیره‌ای نیک‌اندیش", KIND.BUSINESS, "", []),
    ("هتل پارسیان {c}", KIND.BUSINESS, "", []),
    ("استانداری {p}", KIND.STATISTICAL_SOURCE, "", []),
    ("سازمان مدیریت و برنامه‌ریزی استان {p}", KIND.STATISTICAL_SOURCE, "", []),
    ("اداره کل تعاون، کار و رفاه اجتماعی استان {p}", KIND.STATISTICAL_SOURCE, "", []),
]
POSITIONS = {
    KIND.RETIREMENT_OFFICE: [(ContactRole.DIRECTOR, "مدیر صندوق در استان"), (ContactRole.DEPUTY, "معاون امور بازنشستگان")],
    KIND.RETIREES_ASSOCIATION: [
        (ContactRole.BOARD_CHAIR, "رئیس هیئت‌مدیره"),
        (ContactRole.BOARD_MEMBER, "عضو هیئت‌مدیره"),
        (ContactRole.BOARD_MEMBER, "دبیر کانون"),
    ],
    KIND.GOVERNMENT_AGENCY: [(ContactRole.DIRECTOR, "مدیرکل"), (ContactRole.STAFF, "کارشناس روابط عمومی")],
    KIND.NGO: [(ContactRole.DIRECTOR, "مدیرعامل")],
    KIND.MEDIA_OUTLET: [(ContactRole.STAFF, "دبیر سرویس اجتماعی")],
    KIND.BUSINESS: [(ContactRole.DIRECTOR, "مدیرعامل")],
    KIND.STATISTICAL_SOURCE: [(ContactRole.STAFF, "کارشناس آمار")],
}
INTERACTIONS = [
    (InteractionKind.CALL, "هماهنگی برای معرفی برنامه سفیران"),
    (InteractionKind.LETTER, "ارسال نامه معرفی برنامه و درخواست همکاری"),
    (InteractionKind.EMAIL, "ارسال گزارش فعالیت‌های فصل گذشته"),
    (InteractionKind.VISIT, "بازدید کوتاه از دفتر کانون"),
]


def address(ctx, city: str) -> str:
    street = normalize_text(ctx.faker.last_name())  # Faker's names sometimes carry Arabic ي/ك
    return f"{city}، خیابان {street}، پلاک {to_persian_digits(str(ctx.rng.randint(1, 200)))}"


def seed(ctx):
    areas = {area.slug: area for area in Area.objects.all()}
    rng, today = ctx.rng, timezone.localdate()
    for prefix, province in ctx.provinces.items():
        counties = list(County.objects.filter(province=province))
        capital = province.center or province.name
        for pattern, kind, media_kind, slugs in ORGANIZATIONS:
            county = rng.choice(counties)
            organization = Organization.objects.create(
                name=pattern.format(p=province.name, c=capital, county=county.name),
                kind=kind,
                media_kind=media_kind,
                province=province,
                county=county,
                address=address(ctx, capital),
                phone=f"0{rng.randint(11, 87)}{rng.randint(3000000, 8999999)}",
                created_by=ctx.users[f"{prefix}.coordinator"],
            )
            organization.areas.set([areas[slug] for slug in slugs if slug in areas])
            for role, position in POSITIONS[kind]:
                gender = rng.choice(["female", "male"])
                first, last = ctx.person_name(gender)
                start = today - datetime.timedelta(days=rng.randint(200, 1400))
                Contact.objects.create(
                    organization=organization, first_name=first, last_name=last, role=role, position=position,
                    term_start=start, term_end=start + datetime.timedelta(days=4 * 365) if role.startswith("board") else None,
                    mobile=f"09{rng.choice([12, 13, 15, 19, 35, 36])}{rng.randint(1000000, 9999999)}",
                    email=f"{prefix}.{organization.pk}.{rng.randint(1, 99)}@example.org",
                )
        # A board member whose term has ended stays on record, marked as past.
        association = Organization.objects.filter(province=province, kind=KIND.RETIREES_ASSOCIATION).first()
        first, last = ctx.person_name("male")
        Contact.objects.create(
            organization=association, first_name=first, last_name=last, role=ContactRole.BOARD_MEMBER,
            position="عضو پیشین هیئت‌مدیره", term_start=today - datetime.timedelta(days=2000),
            term_end=today - datetime.timedelta(days=500),
        )
        partners = list(Organization.objects.filter(province=province).exclude(kind=KIND.STATISTICAL_SOURCE))
        for kind, subject in INTERACTIONS * 2:
            organization = rng.choice(partners)
            interaction = Interaction.objects.create(
                organization=organization, kind=kind, subject=subject,
                occurred_on=today - datetime.timedelta(days=rng.randint(1, 200)),
                summary="گفت‌وگو انجام شد و قرار شد پیگیری شود.",
                created_by=ctx.users[f"{prefix}.ambassador"],
            )
            interaction.contacts.set(organization.contacts.all()[:1])
            interaction.areas.set(organization.areas.all())
