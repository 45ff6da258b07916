from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    RETIREMENT_OFFICE = "retirement_office", _("Provincial retirement office")
    RETIREES_ASSOCIATION = "retirees_association", _("Retirees' association")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    NGO = "ngo", _("NGO")
    MEDIA_OUTLET = "media_outlet", _("Media outlet")
    BUSINESS = "business", _("Business")
    STATISTICAL_SOURCE = "statistical_source", _("Statistical source")


class MediaKind(models.TextChoices):
    SOCIAL_CHANNEL = "social_channel", _("Social-media channel")
    NEWS_SITE = "news_site", _("News site")
    NEWSPAPER = "newspaper", _("Newspaper")
    RADIO = "radio", _("Radio")
    TV = "tv", _("Television")


class ContactRole(models.TextChoices):
    BOARD_CHAIR = "board_chair", _("Chair of the board")
    BOARD_MEMBER = "board_member", _("Board member")
    DIRECTOR = "director", _("Director")
    DEPUTY = "deputy", _("Deputy director")
    STAFF = "staff", _("Staff member")
    OTHER = "other", _("Other")


class InteractionKind(models.TextChoices):
    CALL = "call", _("Phone call")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Email")
    MESSAGE = "message", _("Text message")
    VISIT = "visit", _("Short visit")
    OTHER = "other", _("Other")
