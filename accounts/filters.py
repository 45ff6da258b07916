import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SafiranFilterSet, visible
from core.roles import Role
from geo.models import Province

from .models import User


class UserFilterSet(SafiranFilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("role"))
    province = django_filters.ModelChoiceFilter(queryset=visible(Province), label=_("province"))
    is_active = django_filters.BooleanFilter(label=_("active"))
    search_fields = ("username", "first_name", "last_name", "email")

    class Meta:
        model = User
        fields = ["q", "role", "province", "is_active"]
