from django.core.management.base import BaseCommand

from accounts.roles_doc import roles_matrix_markdown


class Command(BaseCommand):
    help = "Print the roles-and-permissions matrix (Markdown) from the apps' role_permissions."

    def handle(self, *args, **options):
        self.stdout.write(roles_matrix_markdown())
