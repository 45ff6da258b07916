"""About 200 demo ambassadors across the demo provinces."""
import datetime

import jdatetime

from areas.models import Area
from core.choices import EducationLevel, Gender
from core.validators import generate_national_code
from geo.models import County

from .choices import AmbassadorStatus
from .models import Ambassador

PER_PROVINCE = {"tehran": 80, "isfahan": 60, "mashhad": 60}
EXPERTISE = [
    "پزشک عمومی بازنشسته، سابقهٔ آموزش بهداشت",
    "معلم بازنشستهٔ علوم، برگزاری کارگاه",
    "کارشناس محیط زیست، آموزش تفکیک پسماند",
    "مهندس برق، مدیریت مصرف انرژی",
    "افسر راهنمایی و رانندگی بازنشسته",
    "مشاور خانواده و ازدواج",
    "حقوقدان، آموزش حقوق شهروندی",
    "کارشناس تعاون و کسب‌وکارهای خرد",
    "پرستار بازنشسته، مراقبت از سالمندان",
    "روان‌شناس، پیشگیری از اعتیاد",
]


def seed(ctx):
    areas = list(Area.objects.all())
    rng = ctx.rng
    serial = 100_000_000
    for prefix, count in PER_PROVINCE.items():
        province = ctx.provinces[prefix]
        counties = list(County.objects.filter(province=province))
        for _ in range(count):
            serial += rng.randint(1, 5000)
            gender = rng.choice(Gender.values)
            first, last = ctx.person_name(gender)
            birth = jdatetime.date(rng.randint(1320, 1345), rng.randint(1, 12), rng.randint(1, 28)).togregorian()
            status = rng.choices(AmbassadorStatus.values, weights=[2, 7, 1])[0]
            joined = datetime.date(2024, 3, 21) + datetime.timedelta(days=rng.randint(0, 900))
            ambassador = Ambassador.objects.create(
                first_name=first,
                last_name=last,
                national_code=generate_national_code(serial),
                mobile=f"09{rng.choice([12, 13, 15, 19, 35, 36, 38])}{rng.randint(1000000, 9999999)}",
                gender=gender,
                birth_date=birth,
                province=province,
                county=rng.choice(counties),
                education=rng.choice(EducationLevel.values),
                expertise=rng.choice(EXPERTISE),
                status=status,
                joined_on=joined if status != AmbassadorStatus.CANDIDATE else None,
            )
            ambassador.areas.set(rng.sample(areas, rng.choice([1, 1, 2])))
        # The demo ambassador login has a profile of its own.
        user = ctx.users[f"{prefix}.ambassador"]
        profile = Ambassador.objects.filter(province=province, status=AmbassadorStatus.ACTIVE, user__isnull=True).first()
        profile.first_name, profile.last_name, profile.user = user.first_name, user.last_name, user
        profile.save()
