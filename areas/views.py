from core.views import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView

from .filters import AreaFilterSet
from .forms import AreaForm
from .models import Area
from .tables import AreaTable


class AreaListView(ObjectListView):
    model = Area
    table_class = AreaTable
    filterset_class = AreaFilterSet


class AreaDetailView(ObjectDetailView):
    model = Area
    fields = ("name", "slug", "description", "order", "is_active")


class AreaCreateView(ObjectCreateView):
    model = Area
    form_class = AreaForm


class AreaUpdateView(ObjectUpdateView):
    model = Area
    form_class = AreaForm
