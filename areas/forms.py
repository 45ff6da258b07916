from django import forms

from core.forms import SafiranModelForm

from .models import Area


class AreaForm(SafiranModelForm):
    class Meta:
        model = Area
        fields = ["name", "slug", "description", "order", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "slug": forms.TextInput(attrs={"dir": "ltr"})}
