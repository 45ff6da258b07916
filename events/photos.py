"""A space's photo (D8): checked and re-encoded before it is stored.

An upload is refused unless it is a JPEG, PNG or WebP image of at most MAX_BYTES whose declared
size is at most MAX_PIXELS (read from the header, before any pixel is decoded: a small file
can declare a huge image — a decompression bomb). It is then decoded, turned upright (EXIF
orientation), shrunk to at most MAX_SIDE pixels a side and written anew as a JPEG: nothing of
the original file survives, so no metadata (GPS position, camera, author) and no hidden content.

A replaced or removed photo, and the photo of a deleted space, is deleted from storage once the
change is committed (`connect`): never before, so a rolled-back change keeps the space's photo.
"""
import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext as _

from core import display

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
FORMATS = {"JPEG", "PNG", "WEBP"}


def reencode(upload) -> SimpleUploadedFile:
    """The upload as a fresh JPEG without metadata, or ValidationError saying what is wrong."""
    from PIL import Image, ImageOps

    if upload.size > MAX_BYTES:
        raise ValidationError(_("The photo is larger than 8 MB; send a smaller one."), code="too_large")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in FORMATS:
                    raise ValidationError(_("Send the photo as JPEG, PNG or WebP."), code="format")
                width, height = image.size
                if width * height > MAX_PIXELS or width < 1 or height < 1:
                    raise ValidationError(_("This image is too large to open (%(pixels)s million pixels).")
                                          % {"pixels": display.number(round(width * height / 1_000_000))}, code="pixels")
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced size
                picture = ImageOps.exif_transpose(image)
                picture = picture.convert("RGB")
                picture.thumbnail((MAX_SIDE, MAX_SIDE))
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("This image is too large to open."), code="pixels") from None
    except (OSError, ValueError, SyntaxError):  # not an image, or a broken one
        raise ValidationError(_("This file is not a photo that can be opened. Send a JPEG or PNG photo."),
                              code="invalid") from None
    # A new image from the pixels alone: no EXIF, ICC, comment or any other chunk comes along.
    fresh = Image.frombytes("RGB", picture.size, picture.tobytes())
    output = io.BytesIO()
    fresh.save(output, "JPEG", quality=85, optimize=True)
    return SimpleUploadedFile(f"{uuid.uuid4().hex}.jpg", output.getvalue(), content_type="image/jpeg")




def _delete_after_commit(field_file, name: str) -> None:
    storage = field_file.storage
    transaction.on_commit(lambda: storage.delete(name))


def _remember_photo(sender, instance, update_fields=None, **kwargs):
    """The photo on record before this save (one query, only when the photo may change)."""
    if not instance.pk or (update_fields is not None and "photo" not in update_fields):
        instance._photo_before = None
        return
    instance._photo_before = sender._default_manager.filter(pk=instance.pk).values_list("photo", flat=True).first()


def _drop_replaced_photo(sender, instance, **kwargs):
    before = getattr(instance, "_photo_before", None)
    instance._photo_before = None
    if before and before != (instance.photo.name or ""):
        _delete_after_commit(instance.photo, before)


def _drop_deleted_photo(sender, instance, **kwargs):
    if instance.photo:
        _delete_after_commit(instance.photo, instance.photo.name)


def connect(model) -> None:
    """Delete a space's old photo file when it is replaced or removed, or the space is deleted."""
    uid = f"{model._meta.label}.photo"
    pre_save.connect(_remember_photo, sender=model, dispatch_uid=f"{uid}.remember")
    post_save.connect(_drop_replaced_photo, sender=model, dispatch_uid=f"{uid}.replaced")
    post_delete.connect(_drop_deleted_photo, sender=model, dispatch_uid=f"{uid}.deleted")
