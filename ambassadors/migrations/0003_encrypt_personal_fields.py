"""Ambassadors' national codes and mobiles move from clear text to encrypted columns with
blind indexes (issue 13): existing rows are converted, then the clear columns are dropped."""
from django.db import migrations, models
from django.db.models import Q


def encrypt_existing(apps, schema_editor):
    from core import crypto

    Ambassador = apps.get_model("ambassadors", "Ambassador")
    for ambassador in Ambassador.objects.all().only("pk", "national_code", "mobile").iterator():
        code, mobile = ambassador.national_code or "", ambassador.mobile or ""
        Ambassador.objects.filter(pk=ambassador.pk).update(
            national_code_encrypted=crypto.encrypt(code),
            national_code_index=crypto.blind_index(code) if code else b"",
            mobile_encrypted=crypto.encrypt(mobile),
            mobile_index=crypto.blind_index(mobile) if mobile else b"",
        )


def decrypt_back(apps, schema_editor):
    from core import crypto

    Ambassador = apps.get_model("ambassadors", "Ambassador")
    for ambassador in Ambassador.objects.all().iterator():
        Ambassador.objects.filter(pk=ambassador.pk).update(
            national_code=crypto.decrypt(ambassador.national_code_encrypted),
            mobile=crypto.decrypt(ambassador.mobile_encrypted),
        )


class Migration(migrations.Migration):

    dependencies = [
        ("ambassadors", "0002_ambassador_retiree"),
    ]

    operations = [
        migrations.AddField(
            model_name="ambassador",
            name="national_code_encrypted",
            field=models.BinaryField(default=b"", editable=False, verbose_name="national code (encrypted)"),
        ),
        migrations.AddField(
            model_name="ambassador",
            name="national_code_index",
            field=models.BinaryField(default=b"", editable=False, max_length=16, verbose_name="national code index"),
        ),
        migrations.AddField(
            model_name="ambassador",
            name="mobile_encrypted",
            field=models.BinaryField(blank=True, default=b"", editable=False, verbose_name="mobile (encrypted)"),
        ),
        migrations.AddField(
            model_name="ambassador",
            name="mobile_index",
            field=models.BinaryField(blank=True, default=b"", editable=False, max_length=16, verbose_name="mobile index"),
        ),
        migrations.RunPython(encrypt_existing, decrypt_back),
        migrations.RemoveConstraint(model_name="ambassador", name="ambassador_national_code_ten_digits"),
        migrations.RemoveConstraint(model_name="ambassador", name="ambassador_mobile_format"),
        migrations.RemoveField(model_name="ambassador", name="national_code"),
        migrations.RemoveField(model_name="ambassador", name="mobile"),
        migrations.AddConstraint(
            model_name="ambassador",
            constraint=models.UniqueConstraint(
                fields=("national_code_index",),
                name="ambassador_unique_national_code",
                violation_error_message="An ambassador with this national code is already registered.",
            ),
        ),
        migrations.AddConstraint(
            model_name="ambassador",
            constraint=models.CheckConstraint(
                condition=~Q(national_code_index=b""),
                name="ambassador_national_code_required",
                violation_error_message="Enter the national code.",
            ),
        ),
    ]
