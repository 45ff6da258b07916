"""A synthetic roster as the pension fund would export it: deterministic for a seed, with
about 1% of rows carrying one defect of the kinds in PERF-ANCHORS.md. Used by `make bench`,
the tests and the demo data (`manage.py generate_roster` writes one to a file)."""
import csv
import json
import random
from dataclasses import dataclass, field

from geo.reference import ALIASES_FILE, DIVISIONS_FILE

HEADERS = [
    "کد ملی", "نام", "نام خانوادگی", "جنسیت", "تاریخ تولد", "تاریخ بازنشستگی", "استان", "شهرستان",
    "مدرک تحصیلی", "رشته تحصیلی", "عنوان شغل", "دستگاه محل خدمت", "تلفن همراه",
]
FIRST_FEMALE = ["مریم", "زهرا", "فاطمه", "معصومه", "اعظم", "پروین", "شهلا", "منیژه", "فرشته", "طاهره", "سیمین", "ژیلا",
                "مهین", "نسرین", "ناهید", "پوران", "اشرف", "عفت", "منیر", "شهین", "مهری", "فریبا", "زیبا", "لیلا"]
FIRST_MALE = ["علی", "محمد", "حسین", "رضا", "حسن", "مهدی", "احمد", "عباس", "جواد", "مرتضی", "مجید", "ناصر", "بهروز",
              "فریدون", "منوچهر", "غلامرضا", "اکبر", "محمود", "جمشید", "هوشنگ", "کاظم", "یدالله", "قاسم", "ابراهیم"]
LAST = ["احمدی", "محمدی", "حسینی", "رضایی", "کریمی", "موسوی", "جعفری", "صادقی", "رحیمی", "کاظمی", "قاسمی", "نوری",
        "هاشمی", "اکبری", "عباسی", "ملکی", "زارعی", "سلیمانی", "یزدانی", "شریفی", "نیک‌پور", "امیری", "طاهری", "باقری",
        "فرهادی", "میرزایی", "کیانی", "توکلی", "بهرامی", "اسدی", "عزیزی", "پاکزاد", "خسروی", "نظری", "رستمی", "یوسفی"]
# The levels rosters hold (the EducationAlias table reads each spelling), weighted like a civil
# service's retirees; «زیر دیپلم» stays for files that do not say which step below the diploma.
EDUCATION = [("بی‌سواد", 1), ("نهضت سوادآموزی", 1), ("ابتدایی", 3), ("سیکل", 4), ("زیر دیپلم", 3), ("دیپلم", 30),
             ("فوق دیپلم", 14), ("کارشناسی", 30), ("کارشناسی ارشد", 10), ("دکتری", 3), ("حوزوی", 1)]
FIELDS = ["پرستاری", "پزشکی", "بهداشت عمومی", "علوم تربیتی", "ادبیات فارسی", "ریاضی", "فیزیک", "شیمی", "زیست‌شناسی",
          "مهندسی عمران", "مهندسی برق", "مهندسی کشاورزی", "منابع طبیعی", "محیط زیست", "حسابداری", "مدیریت دولتی",
          "حقوق", "روان‌شناسی", "مددکاری اجتماعی", "جامعه‌شناسی", "الهیات", "تربیت بدنی", "علوم سیاسی", "اقتصاد",
          "کامپیوتر", "ترافیک", "آب و فاضلاب", "مامایی", "داروسازی", "دامپزشکی"]
SPECIALTIES = ["معلم", "مدیر مدرسه", "پرستار", "بهیار", "کارشناس بهداشت", "پزشک عمومی", "کارمند اداری", "حسابدار",
               "کارشناس آموزش", "مشاور", "مددکار", "افسر راهنمایی و رانندگی", "کارشناس منابع طبیعی", "جنگلبان",
               "مهندس ناظر", "تکنسین برق", "کارشناس آب", "بازرس", "کتابدار", "مربی ورزش", "کارشناس حقوقی", "قاضی",
               "کارشناس کشاورزی", "دامپزشک", "کارشناس محیط زیست", "راننده", "نگهبان", "مدیر اداره", "کارشناس رفاه"]
AGENCIES = ["آموزش و پرورش", "وزارت بهداشت، درمان و آموزش پزشکی", "وزارت کشور", "وزارت جهاد کشاورزی",
            "سازمان حفاظت محیط زیست", "وزارت نیرو", "وزارت راه و شهرسازی", "وزارت امور اقتصادی و دارایی",
            "دادگستری", "وزارت تعاون، کار و رفاه اجتماعی", "سازمان برنامه و بودجه", "وزارت فرهنگ و ارشاد اسلامی",
            "ناجا", "شهرداری", "سازمان بهزیستی", "سازمان ثبت اسناد", "وزارت صنعت، معدن و تجارت", "وزارت نفت",
            "سازمان منابع طبیعی", "دانشگاه‌ها", "صدا و سیما", "گمرک", "سازمان امور مالیاتی", "استانداری"]
DEFECTS = ["bad_checksum", "lost_zero", "persian_digits", "duplicate", "impossible_date", "bad_mobile",
           "arabic_letters", "stray_spaces", "unknown_gender", "empty_name", "county_as_written", "education_as_written"]
# Defects the importer repairs (the row is kept), keeps with a warning (the bad optional value
# left empty), or must reject (the person cannot be identified or a required field is missing).
REPAIRED = {"lost_zero", "persian_digits", "arabic_letters", "stray_spaces", "county_as_written", "education_as_written"}
WARNED = {"bad_mobile"}
KEPT = REPAIRED | WARNED
# Education as real rosters write it, beside the generator's usual words.
EDUCATION_AS_WRITTEN = ["بی‌سواد", "بیسواد", "نهضت", "ابتدایی", "سیکل", "حوزوی", "فوق لیسانس", "1", "4", "6"]
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def national_code(serial: int) -> str:
    body = f"{(serial * 7919 + 104_729) % 10**9:09d}"
    total = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
    code = body + str(total if total < 2 else 11 - total)
    return code if len(set(code)) > 1 else national_code(serial + 10**9)


@dataclass
class RosterStats:
    rows: int = 0
    defects: dict = field(default_factory=dict)

    @property
    def expected_rejected(self) -> int:
        return sum(count for kind, count in self.defects.items() if kind not in KEPT)

    @property
    def expected_warned(self) -> int:
        return sum(count for kind, count in self.defects.items() if kind in WARNED)


def _aliases() -> dict[tuple[str, str], list[str]]:
    """{(province code, official county name): [names rosters use for it]} from the alias table."""
    data = json.loads(ALIASES_FILE.read_text(encoding="utf-8"))
    found = {}
    for item in data["aliases"]:
        if item["kind"] not in ("split", "moved"):
            found.setdefault((item["province"], item["county"]), []).append(item["alias"])
    return found


def _provinces(only_codes=None):
    data = json.loads(DIVISIONS_FILE.read_text(encoding="utf-8"))
    provinces = [p for p in data["provinces"] if not only_codes or p["code"] in only_codes]
    # Rough weights: bigger provinces (more counties) have more retirees; Tehran most.
    weights = [len(p["counties"]) * (4 if p["code"] == "23" else 1) for p in provinces]
    return provinces, weights


def generate_rows(count: int, seed: int = 1405, defect_rate: float = 0.01, province_codes=None, stats=None):
    """Yield `count` roster rows (lists of text, HEADERS order)."""
    rng = random.Random(seed)
    provinces, weights = _provinces(province_codes)
    stats = stats if stats is not None else RosterStats()
    educations, education_weights = zip(*EDUCATION, strict=False)
    recent_codes = []
    aliases = _aliases()
    for serial in range(count):
        female = rng.random() < 0.42
        code = national_code(serial + seed * 7)
        province = rng.choices(provinces, weights)[0]
        county = rng.choice(province["counties"])
        birth_year = rng.randint(1310, 1368)
        retire_year = min(1404, birth_year + rng.randint(50, 65) - rng.randint(0, 20))
        retire_year = max(retire_year, birth_year + 30)
        row = [
            code,
            rng.choice(FIRST_FEMALE if female else FIRST_MALE),
            rng.choice(LAST),
            "زن" if female else "مرد",
            f"{birth_year}/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d}",
            f"{retire_year}/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d}",
            province["name"],
            county["name"],
            rng.choices(educations, education_weights)[0],
            rng.choice(FIELDS),
            rng.choice(SPECIALTIES),
            rng.choice(AGENCIES),
            f"09{rng.choice([12, 13, 15, 17, 19, 35, 36, 38, 91])}{rng.randint(1000000, 9999999)}",
        ]
        if rng.random() < 0.15:  # some clerks typed Gregorian dates
            year, month, day = (int(part) for part in row[4].split("/"))
            row[4] = f"{year + 621}-{min(month, 12):02d}-{min(day, 28):02d}"
        if rng.random() < defect_rate:
            kind = rng.choice(DEFECTS)
            if kind == "duplicate" and not recent_codes:
                kind = "bad_checksum"
            row = _spoil(row, kind, rng, recent_codes, aliases.get((province["code"], county["name"])))
            stats.defects[kind] = stats.defects.get(kind, 0) + 1
        else:
            recent_codes.append(code)
            if len(recent_codes) > 1000:
                recent_codes.pop(0)
        stats.rows += 1
        yield row


def _spoil(row, kind, rng, recent_codes, county_aliases=None):
    code = row[0]
    if kind == "bad_checksum":
        row[0] = code[:9] + str((int(code[9]) + 1 + rng.randint(0, 8)) % 10)
        row[0] = row[0] if row[0] != code else code[:9] + str((int(code[9]) + 1) % 10)
    elif kind == "lost_zero":
        # What a spreadsheet does to 0012345678; with three or more zeros lost the code is
        # ambiguous and rightly rejected, so those rows get Arabic-Indic digits instead.
        stripped = code.lstrip("0")
        row[0] = stripped if code.startswith("0") and len(stripped) >= 8 else code.translate(ARABIC_INDIC)
    elif kind == "persian_digits":
        row[0] = code.translate(PERSIAN)
        row[12] = row[12].translate(PERSIAN)
        row[4] = row[4].translate(PERSIAN) if "/" in row[4] else row[4]
    elif kind == "duplicate":
        row[0] = rng.choice(recent_codes)
    elif kind == "impossible_date":
        year = row[4].split("/")[0] if "/" in row[4] else "1340"
        row[4] = f"{year}/13/{rng.randint(32, 40)}"
    elif kind == "bad_mobile":
        row[12] = "0912" + str(rng.randint(100, 99999))
    elif kind == "arabic_letters":
        row[1] = row[1].replace("ی", "ي").replace("ک", "ك") + ("ي" if "ی" not in row[1] else "")
        row[2] = row[2].replace("ی", "ي").replace("ک", "ك")
    elif kind == "stray_spaces":
        row[1] = "  " + row[1] + "\u200b "
        row[2] = row[2].replace("\u200c", "\u200c\u200c") + "\u200f"
    elif kind == "unknown_gender":
        row[3] = "نامعلوم"
    elif kind == "empty_name":
        row[2] = " "
    elif kind == "county_as_written":
        # A short or former name, or the official one with its spaces and half-spaces swapped.
        if county_aliases:
            row[7] = rng.choice(county_aliases)
        else:
            row[7] = row[7].replace(" ", "\u200c") if " " in row[7] else row[7].replace("\u200c", " ").replace("آ", "ا")
    elif kind == "education_as_written":
        row[8] = rng.choice(EDUCATION_AS_WRITTEN)
    return row


def write_csv(path, count: int, seed: int = 1405, defect_rate: float = 0.01, province_codes=None) -> RosterStats:
    stats = RosterStats()
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(generate_rows(count, seed, defect_rate, province_codes, stats))
    return stats
