from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from core.views import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView

from .filters import CountyFilterSet, ProvinceFilterSet
from .forms import CountyForm, ProvinceForm, county_queryset
from .models import County, Province
from .tables import CountyTable, ProvinceTable


class ProvinceListView(ObjectListView):
    model = Province
    table_class = ProvinceTable
    filterset_class = ProvinceFilterSet

    def get_queryset(self):
        return super().get_queryset().annotate(county_count=Count("counties")).order_by("name")


class ProvinceDetailView(ObjectDetailView):
    model = Province
    fields = ("name", "name_en", "code", "center")


class ProvinceUpdateView(ObjectUpdateView):
    model = Province
    form_class = ProvinceForm


class CountyListView(ObjectListView):
    model = County
    table_class = CountyTable
    filterset_class = CountyFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("province")


class CountyDetailView(ObjectDetailView):
    model = County
    fields = ("name", "province", "code")


class CountyCreateView(ObjectCreateView):
    model = County
    form_class = CountyForm
    prefill_from_query = ("province",)  # "New county in this province" on a province's page


class CountyUpdateView(ObjectUpdateView):
    model = County
    form_class = CountyForm


@login_required
def county_options(request):
    """<option>s of a province's counties, for the county select that follows a province select."""
    province_id = request.GET.get("province")
    province_id = province_id if str(province_id or "").isdigit() and len(province_id) <= 18 else None
    counties = county_queryset(request.user, province_id)
    return render(request, "geo/county_options.html", {"counties": counties})
