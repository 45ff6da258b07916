from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo import make_context


class Command(BaseCommand):
    help = "Create a believable demo programme (users of every role, ambassadors, …) once, and print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1405, help="Random seed (same seed, same data).")

    def handle(self, *args, seed, **options):
        from accounts.demo import already_seeded, print_logins

        if already_seeded():
            self.stdout.write("Demo data is already loaded.")
            print_logins(self.stdout)
            return
        ctx = make_context(seed)
        ctx.out = self.stdout
        with transaction.atomic():
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                if hasattr(module, "seed"):
                    module.seed(ctx)
                    self.stdout.write(f"  demo data: {config.verbose_name}")
        print_logins(self.stdout)
