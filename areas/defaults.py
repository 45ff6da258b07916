"""The eight areas Safiran starts with (editable afterwards)."""
DEFAULT_AREAS = [
    ("health", "سلامت", "سبک زندگی سالم، پیشگیری از بیماری‌ها و سالمندی فعال"),
    ("environment", "محیط زیست", "حفاظت از طبیعت، کاهش پسماند و آلودگی"),
    ("water-energy", "مصرف آب و انرژی", "صرفه‌جویی در مصرف آب، برق و گاز"),
    ("traffic-safety", "ایمنی ترافیک", "فرهنگ رانندگی، ایمنی عابران و کاهش تصادف"),
    ("social-harms", "آسیب‌های اجتماعی", "پیشگیری از اعتیاد، طلاق و دیگر آسیب‌های اجتماعی"),
    ("family", "خانواده", "استحکام خانواده، فرزندپروری و ارتباط نسل‌ها"),
    ("citizenship-law", "شهروندی و قانون", "حقوق و تکالیف شهروندی و قانون‌مداری"),
    ("entrepreneurship", "کارآفرینی", "اشتغال، کسب‌وکارهای خرد و مهارت‌آموزی"),
]


def ensure_reference_data() -> None:
    """The eight areas, when there are none (core.registry `reference`); migration 0002 loads them first."""
    from .models import Area

    if not Area.objects.exists():
        for order, (slug, name, description) in enumerate(DEFAULT_AREAS, start=1):
            Area.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "order": order})
