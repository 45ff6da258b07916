from django.urls import path

from . import views, workflows

app_name = "sponsorship"
urlpatterns = [
    path("pledges/", views.PledgeListView.as_view(), name="pledge_list"),
    path("pledges/totals/", views.PledgeTotalsView.as_view(), name="pledge_totals"),
    path("pledges/new/", views.PledgeCreateView.as_view(), name="pledge_create"),
    path("pledges/<int:pk>/", views.PledgeDetailView.as_view(), name="pledge_detail"),
    path("pledges/<int:pk>/edit/", views.PledgeUpdateView.as_view(), name="pledge_update"),
    *workflows.PLEDGE.urls("pledges/"),
    path("pledges/<int:pk>/letter.pdf", views.PledgeLetterView.as_view(), name="pledge_letter"),
    path("receipts/", views.ReceiptListView.as_view(), name="receipt_list"),
    path("receipts/<int:pk>/", views.ReceiptDetailView.as_view(), name="receipt_detail"),
]
