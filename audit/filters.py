import django_filters
from auditlog.registry import auditlog
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.filters import JalaliDateFilter, SafiranFilterSet

from .models import ACTION_CHOICES, AuditEntry


def _content_types(request):
    """Only the kinds of record the audit log covers."""
    audited = ContentType.objects.get_for_models(*auditlog.get_models()).values()
    return ContentType.objects.filter(pk__in=[ct.pk for ct in audited]).order_by("app_label", "model")


class RecordTypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # The kind of record as the list names it ("county"), not "app | model".
        model = obj.model_class()
        return capfirst(model._meta.verbose_name) if model else obj.model


class RecordTypeFilter(django_filters.ModelChoiceFilter):
    field_class = RecordTypeField


class AuditEntryFilterSet(SafiranFilterSet):
    actor = django_filters.ModelChoiceFilter(queryset=User.objects.order_by("username"), label=_("who"))
    content_type = RecordTypeFilter(queryset=_content_types, label=_("record type"))
    action = django_filters.ChoiceFilter(choices=ACTION_CHOICES, label=_("action"))
    event = django_filters.CharFilter(field_name="additional_data__event", label=_("event"))
    since = JalaliDateFilter(field_name="timestamp", lookup_expr="date__gte", label=_("from date"))
    until = JalaliDateFilter(field_name="timestamp", lookup_expr="date__lte", label=_("to date"))
    search_fields = ("object_repr", "changes_text")

    class Meta:
        model = AuditEntry
        fields = ["q", "actor", "content_type", "action", "event", "since", "until"]
