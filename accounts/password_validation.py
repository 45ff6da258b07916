"""Password rules said in the person's language, with numbers in its digits.

Django 5.2 changed the minimum-length message and its Persian catalogue still has the old
one, so that rule appeared in English on Persian pages; Django's Persian for the others mixes
words for "password" and speaks to "you" on a form where a manager sets someone else's. These
validators check exactly what Django's do and own their wording (locale/fa).
"""
from django.contrib.auth import password_validation
from django.utils.translation import gettext as _

from core.display import number


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_help_text(self):
        return _("Not like the person's name, username or email.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("This password is too short: it needs at least %(count)s characters.") % {"count": number(self.min_length)}

    def get_help_text(self):
        return _("At least %(count)s characters.") % {"count": number(self.min_length)}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_help_text(self):
        return _("Not a commonly used password.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("This password is only digits: add letters too.")

    def get_help_text(self):
        return _("Not only digits.")
