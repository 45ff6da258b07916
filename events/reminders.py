"""Reminders the day before a session (D6): everyone with a confirmed place is told once —
in Safiran's inbox through the notification outbox when they have an account (an ambassador),
by SMS (notifications.sms, Kavenegar) when they registered without one and agreed to be
contacted. Older people read SMS; many never open a web inbox.

`remind_sessions()` is idempotent: a unique row per person and session (SessionReminder) is
written before anything is sent, so a repeated or concurrent run never reminds twice. SMS rows
are delivered by a task after the transaction commits, and keep the gateway's answer.
Operations run `manage.py send_session_reminders` once a day (docs/operations.md).

A cancelled event is told the same way (`tell_cancelled`): registrants with an account through
the outbox (events.services), the others by SMS when they agreed to be contacted — one row per
registration (kind "cancelled", unique), so cancelling is never told twice. Its guest
instructors — retirees of the roster, who have no account — are texted too (`tell_guests`): one
row per event and guest (unique), delivered by the same task, which reads the mobile from the
encrypted roster only when it sends; the row never holds the number.
"""
import datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import jalali
from core.validators import mobile_is_valid
from notifications import sms
from notifications.services import notify, site_language

from .choices import EventStatus, MessageKind, RegistrationStatus, ReminderChannel, ReminderStatus
from .models import ACTIVE, Session, SessionReminder, format_time


def sessions_on(day: datetime.date):
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
    return (Session.objects.filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1),
                                   event__status=EventStatus.PUBLISHED)
            .select_related("event", "facility").order_by("starts_at"))


def reminder_text(session, registration) -> tuple[str, str]:
    """Subject and body, in Persian; short enough for two or three SMS pages."""
    with site_language():
        subject = _("Reminder: %(event)s, tomorrow") % {"event": session.event.title}
        place = (f"{session.facility}، {session.facility.address}" if session.facility_id else session.online_link)
        body = _("%(date)s from %(start)s to %(end)s, %(place)s. Your code: %(code)s") % {
            "date": jalali.format_date_long(session.local_date), "start": format_time(session.starts_at),
            "end": format_time(session.ends_at), "place": place, "code": registration.code}
    return subject, body


def remind_sessions(today: datetime.date | None = None) -> dict:
    """Remind everyone with a confirmed place at tomorrow's sessions; returns counts by channel
    and how many were already reminded."""
    today = today or timezone.localdate()
    counts = {"inbox": 0, "sms": 0, "skipped": 0, "already": 0}
    for session in sessions_on(today + datetime.timedelta(days=1)):
        people = (session.event.registrations.filter(status=RegistrationStatus.CONFIRMED)
                  .exclude(reminders__session=session).select_related("ambassador__user"))
        for registration in people:
            counts[_remind(session, registration)] += 1
    return counts


def _remind(session, registration) -> str:
    user = registration.ambassador.user if registration.ambassador_id and registration.ambassador.user_id else None
    subject, body = reminder_text(session, registration)
    try:
        with transaction.atomic():
            if user is not None and user.is_active:
                reminder = SessionReminder.objects.create(event=session.event, session=session, registration=registration,
                                                          channel=ReminderChannel.INBOX, status=ReminderStatus.SENT,
                                                          sent_at=timezone.now())
                notify(user, subject, body, link=session.event.get_absolute_url(),
                       key=f"session-reminder:{session.pk}:{registration.pk}")
                return "inbox"
            reason = ("" if registration.consent else _("The person did not agree to be contacted."))
            if not reason and not sms.configured():
                reason = _("No SMS gateway is configured.")
            reminder = SessionReminder.objects.create(
                event=session.event, session=session, registration=registration, channel=ReminderChannel.SMS,
                status=ReminderStatus.SKIPPED if reason else ReminderStatus.QUEUED, error=reason)
            if reason:
                return "skipped"
            from .tasks import deliver_session_reminder

            transaction.on_commit(partial(deliver_session_reminder.enqueue, reminder.pk))
            return "sms"
    except IntegrityError:
        return "already"  # another run reminded this person meanwhile


def cancellation_text(event) -> tuple[str, str]:
    """Subject and body of the SMS telling a registrant or a guest instructor the event is
    cancelled, in Persian: the event, the reason, and when it was to begin (Jalali)."""
    with site_language():
        subject = _("Cancelled: %(event)s") % {"event": event.title}
        first = event.sessions.order_by("starts_at").first()
        when = (_("It was to begin on %(date)s at %(start)s.") % {
            "date": jalali.format_date_long(first.local_date), "start": format_time(first.starts_at)} if first else "")
        body = " ".join(part for part in (event.cancel_reason, when) if part)
    return subject, body


def tell_cancelled(event) -> dict:
    """Queue an SMS to every registrant of the cancelled event without an account who agreed to
    be contacted (the others get a row saying why not). Those with an account are told in the
    inbox by events.services. Run again, it sends nothing twice; returns counts."""
    counts = {"sms": 0, "skipped": 0, "already": 0}
    people = (event.registrations.filter(status__in=ACTIVE)
              .exclude(reminders__kind=MessageKind.CANCELLED).select_related("ambassador__user"))
    for registration in people:
        user = registration.ambassador.user if registration.ambassador_id and registration.ambassador.user_id else None
        if user is not None and user.is_active:
            continue  # told in Safiran's inbox
        reason = ("" if registration.consent else _("The person did not agree to be contacted."))
        if not reason and not sms.configured():
            reason = _("No SMS gateway is configured.")
        counts[_queue_cancellation(reason, event=event, registration=registration)] += 1
    return counts


def _queue_cancellation(reason: str, **recipient) -> str:
    """One cancellation notice row for `recipient` (a registration or a guest): queued for the
    task worker after commit, or skipped with `reason`. "already" when another run wrote it."""
    try:
        with transaction.atomic():
            notice = SessionReminder.objects.create(
                kind=MessageKind.CANCELLED, channel=ReminderChannel.SMS,
                status=ReminderStatus.SKIPPED if reason else ReminderStatus.QUEUED, error=reason, **recipient)
    except IntegrityError:
        return "already"  # the database allows one notice per recipient
    if reason:
        return "skipped"
    from .tasks import deliver_session_reminder

    transaction.on_commit(partial(deliver_session_reminder.enqueue, notice.pk))
    return "sms"


def guest_refusal(retiree) -> str:
    """Why a guest instructor cannot be texted (in Persian), or "". Whether the roster has a
    mobile is seen from its encrypted column alone: the number is not decrypted here."""
    with site_language():  # kept on the row in the programme's language, whoever cancelled
        if not retiree.consent_contact:
            return _("The person did not agree to be contacted.")
        if not retiree.mobile_encrypted:
            return _("The roster has no valid mobile number for this guest instructor.")
        if not sms.configured():
            return _("No SMS gateway is configured.")
    return ""


def tell_guests(event) -> dict:
    """Queue an SMS to every guest instructor of the cancelled event (retirees of the roster;
    they have no account). A guest who did not consent, has no mobile in the roster, or when
    no gateway is configured, gets a row saying why instead. One row per event and guest
    (unique in the database), so run again it sends nothing twice; returns counts."""
    counts = {"sms": 0, "skipped": 0, "already": 0}
    told = SessionReminder.objects.filter(event=event, kind=MessageKind.CANCELLED, guest__isnull=False)
    for retiree in event.guest_instructors.exclude(pk__in=told.values("guest")).order_by("pk"):
        counts[_queue_cancellation(guest_refusal(retiree), event=event, guest=retiree)] += 1
    return counts


def deliver(reminder_id: int) -> str:
    """Send one queued SMS reminder and keep the gateway's answer; a row no longer queued is left alone."""
    with transaction.atomic():
        reminder = (SessionReminder.objects.select_for_update(of=("self",))
                    .select_related("event", "session__event", "session__facility", "registration__event", "guest")
                    .filter(pk=reminder_id).first())
        if reminder is None or reminder.status != ReminderStatus.QUEUED:
            return "skipped"
        if reminder.kind == MessageKind.CANCELLED:
            subject, body = cancellation_text(reminder.event)
        else:
            subject, body = reminder_text(reminder.session, reminder.registration)
        if reminder.guest_id:
            # Read from the encrypted roster now, in memory only; the row never holds it.
            mobile = reminder.guest.mobile
            reason = guest_refusal(reminder.guest)
            if not reason and not mobile_is_valid(mobile):
                with site_language():
                    reason = _("The roster has no valid mobile number for this guest instructor.")
            if reason:
                reminder.status, reminder.error = ReminderStatus.SKIPPED, reason
                reminder.save(update_fields=["status", "error", "updated_at"])
                return reminder.status
        else:
            mobile = reminder.registration.mobile
        try:
            result = sms.send_sms(mobile, sms.message_text(subject, body))
        except sms.SmsError as error:
            reminder.status, reminder.error = ReminderStatus.FAILED, str(error)[:2000]
        else:
            reminder.status, reminder.sent_at, reminder.error = ReminderStatus.SENT, timezone.now(), ""
            reminder.gateway_reference = str(result)[:200]
        reminder.save(update_fields=["status", "sent_at", "error", "gateway_reference", "updated_at"])
        return reminder.status
