from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo import make_context
from core.registry import registry


class Command(BaseCommand):
    help = "Create a believable demo programme (users of every role, ambassadors, …) once, and print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1405, help="Random seed (same seed, same data).")

    def handle(self, *args, seed, **options):
        # Each app's demo module (registered with core.registry) has `seed(ctx)`, and may have
        # `already_seeded()` and `report(out)` (the accounts app prints the logins).
        modules = registry.demo_modules()
        if any(getattr(module, "already_seeded", lambda: False)() for _label, module in modules):
            self.stdout.write("Demo data is already loaded.")
        else:
            ctx = make_context(seed)
            ctx.out = self.stdout
            with transaction.atomic():
                for app_label, module in modules:
                    module.seed(ctx)
                    self.stdout.write(f"  demo data: {apps.get_app_config(app_label).verbose_name}")
        for _label, module in modules:
            if hasattr(module, "report"):
                module.report(self.stdout)
