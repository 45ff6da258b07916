"""Registrations and the waiting list (D6).

Only confirmed places and places offered from the waiting list count against the capacity.
Every seat that frees up (a cancellation, a declined or expired offer, a higher capacity) is
offered in the same transaction to the next people waiting, first come first served, one seat
each; an offer is held for the event's `offer_hours`. The event's row is locked while places
are counted and given (select_for_update; on SQLite the IMMEDIATE transaction serialises it),
so two people can never be given the last seat.
"""
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.normalize import search_key
from core.services import Inapplicable, WorkflowError
from core.workflow import transition
from notifications.services import notify, site_language
from retirees.crypto import blind_index, blind_indexes, encrypt

from .choices import EventStatus, RegistrationSource, RegistrationStatus
from .models import ACTIVE, HOLDS_PLACE, Event, Registration, Session

# Unambiguous letters and digits: read aloud, typed at the door.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def person_key_text(full_name: str, mobile: str, national_code: str = "") -> str:
    """What `person_key` digests: the same person by national code when given, else by mobile
    and name (two people of one family may share a mobile). Also read by the key rotation
    (retirees.rotation), which rewrites the digest under the new key."""
    if national_code:
        return f"nc:{national_code}"
    return f"m:{mobile}:{search_key(full_name)}"


def person_key(full_name: str, mobile: str, national_code: str = "") -> bytes:
    """The keyed digest finding the same person twice, under the current data key."""
    return blind_index(person_key_text(full_name, mobile, national_code))


def person_keys(full_name: str, mobile: str, national_code: str = "") -> list[bytes]:
    """The digests the same person may be stored under while a data key is rotated (every key)."""
    return blind_indexes(person_key_text(full_name, mobile, national_code))


def places_taken(event: Event) -> int:
    return event.registrations.filter(status__in=HOLDS_PLACE).count()


def places_left(event: Event) -> int:
    return max(event.capacity - places_taken(event), 0)


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _overlapping(event: Event, keys: list[bytes]):
    """Another event this person holds a place at, whose sessions overlap this one's."""
    mine = Session.objects.filter(event=event)
    others = Registration.objects.filter(person_key__in=keys, status__in=ACTIVE).exclude(event=event)
    for session in mine:
        clash = others.filter(event__sessions__starts_at__lt=session.ends_at,
                              event__sessions__ends_at__gt=session.starts_at).select_related("event").first()
        if clash is not None:
            return clash.event
    return None


def register(event: Event, by, *, full_name: str, mobile: str, national_code: str = "", consent: bool = False,
             ambassador=None, source=RegistrationSource.STAFF, now=None) -> Registration:
    """A place if there is one (or a request, when the event needs approval), else the waiting list.
    Registration closes when the first session begins (`now`: the moment of registering, given
    only by demo data and tests that record registrations made earlier)."""
    with transaction.atomic():
        event = _lock(event)
        if event.status == EventStatus.PUBLISHED and event.has_started(now):
            raise WorkflowError(_("The event has already begun: registration is closed."))
        if event.status != EventStatus.PUBLISHED:
            raise WorkflowError(_("Registration for this event is not open."))
        key = person_key(full_name, mobile, national_code)
        keys = person_keys(full_name, mobile, national_code)  # under an old key too, mid-rotation
        if event.registrations.filter(person_key__in=keys, status__in=ACTIVE).exists():
            raise WorkflowError(_("This person is already registered for this event. Look for the confirmation code "
                                  "sent earlier, or ask the organisers."))
        clash = _overlapping(event, keys)
        if clash is not None:
            raise WorkflowError(_("This person is already registered for “%(event)s”, which takes place at the same "
                                  "time.") % {"event": clash})
        if event.needs_approval:
            status = RegistrationStatus.REQUESTED
        else:
            status = RegistrationStatus.CONFIRMED if places_left(event) > 0 else RegistrationStatus.WAITLISTED
        registration = Registration(
            event=event, full_name=full_name, mobile_cipher=encrypt(mobile), national_code_cipher=encrypt(national_code),
            person_key=key, ambassador=ambassador, consent=consent, source=source, status=status, code=new_code(),
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            raise WorkflowError(_("This person is already registered for this event.")) from None
    return registration


def fill_places(event: Event, by=None) -> list[Registration]:
    """Offer every free place to the next people waiting, first come first served, in the
    caller's transaction (the event row locked). Returns those offered."""
    offered = []
    with transaction.atomic():
        event = _lock(event)
        free = places_left(event)
        if free <= 0 or event.status != EventStatus.PUBLISHED:
            return offered
        waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("created_at", "pk")[:free]
        until = timezone.now() + timedelta(hours=event.offer_hours)
        for registration in list(waiting):
            with transition(registration, "registration_offer", by) as step:
                step.set(status=RegistrationStatus.OFFERED, offered_until=until)
            offered.append(step.obj)
            tell(step.obj, _("A place is free for you: %(event)s") % {"event": event},
                 _("Take it before %(until)s with your code %(code)s, or it goes to the next person waiting.")
                 % {"until": _format(until), "code": step.obj.code})
    return offered


def _format(moment) -> str:
    from core import jalali

    return jalali.format_datetime(moment)


def tell(registration: Registration, subject: str, body: str) -> None:
    """Notify the person if they have an account (an ambassador); public registrants are told by
    the page and their code (and by SMS where a gateway is configured)."""
    ambassador = registration.ambassador
    if ambassador is not None and ambassador.user_id:
        with site_language():
            notify(ambassador.user, subject, body, link=registration.event.get_absolute_url())


def expire_offers(now=None) -> int:
    """Offers not taken in time expire and their places go to the next people waiting.
    Idempotent; operations run it every few minutes (manage.py expire_event_offers)."""
    now = now or timezone.now()
    expired = 0
    for registration in Registration.objects.filter(status=RegistrationStatus.OFFERED, offered_until__lt=now):
        try:
            with transaction.atomic():
                with transition(registration, "registration_expire", None, _still_offered(now)) as step:
                    step.set(status=RegistrationStatus.EXPIRED)
                fill_places(registration.event)
        except Inapplicable:
            continue  # taken (or cancelled) meanwhile
        expired += 1
    return expired


def _still_offered(now):
    def guard(registration):
        if registration.status != RegistrationStatus.OFFERED or registration.offered_until >= now:
            raise Inapplicable("no longer an expired offer")
    return guard
