from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import cache, national
from core.demo import make_context
from core.registry import registry


class Command(BaseCommand):
    help = ("Create a believable demo programme (users of every role, ambassadors, …) once, and print the logins. "
            "--scale national adds what a programme in its third year holds, in every province (load tests).")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1405, help="Random seed (same seed, same data).")
        parser.add_argument("--scale", choices=["demo", "national"], default="demo",
                            help="national: the 1.5 M roster and every province's records over three years (core/national.py).")
        parser.add_argument("--fraction", type=float, default=1.0,
                            help="With --scale national: a smaller copy for development, e.g. 0.1 (a tenth of the roster and copies).")

    def handle(self, *args, seed, scale, fraction, **options):
        # Each app's demo module (registered with core.registry) has `seed(ctx)`, and may have
        # `already_seeded()` and `report(out)` (the accounts app prints the logins).
        modules = registry.demo_modules()
        ctx = make_context(seed)
        ctx.out = self.stdout
        if any(getattr(module, "already_seeded", lambda: False)() for _label, module in modules):
            self.stdout.write("Demo data is already loaded.")
        else:
            with transaction.atomic():
                for app_label, module in modules:
                    module.seed(ctx)
                    self.stdout.write(f"  demo data: {apps.get_app_config(app_label).verbose_name}")
        if scale == "national":
            if not 0 < fraction <= 1:
                raise CommandError("--fraction must be above 0 and at most 1.")
            if apps.get_model("accounts", "User").objects.filter(username__contains="-p").exists():
                self.stdout.write("National data is already loaded.")
            else:
                copies = max(1, round(national.NATIONAL_COPIES * fraction))
                rows = int(national.NATIONAL_ROSTER * fraction)
                self.stdout.write(f"National data: {copies} copies of a demo province per province, a roster of {rows:,}…")
                national.seed_national(self.stdout, copies=copies, roster_rows=rows, seed=seed, ctx=ctx)
            cache.bump()  # bulk inserts send no signals
        for _label, module in modules:
            if hasattr(module, "report"):
                module.report(self.stdout)
