"""The links e-mailed to a subscriber, signed (django.core.signing, keyed with SECRET_KEY): no
account, and a link made up or altered is refused. A link names the address by its keyed hash
(Alert.address_key), never the address itself: links end up in histories and access logs.

- confirm: confirms the address's pending alerts; valid for UNCONFIRMED_DAYS, after which
  they are deleted anyway.
- manage: lists and deletes every alert of the address; valid for MANAGE_DAYS (each digest
  carries a fresh one).
- unsubscribe: stops one alert (or, from a confirmation e-mail, every alert of the address);
  never expires, as RFC 8058 expects of the address in List-Unsubscribe.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from decisions.models import Alert
from decisions.models.following import address_key

UNCONFIRMED_DAYS = 7
MANAGE_DAYS = 60
_CONFIRM = "decisions.following.confirm"
_MANAGE = "decisions.following.manage"
_UNSUBSCRIBE = "decisions.following.unsubscribe"


def _absolute(name: str, token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[token])


def _read(token: str, salt: str, days: int | None):
    try:
        return signing.loads(token, salt=salt, max_age=days * 86400 if days else None)
    except signing.BadSignature:
        return None


def _key(value) -> str | None:
    return value if isinstance(value, str) and len(value) == 40 else None


def email_of(key: str) -> str | None:
    """The address a key names, while it has an alert; None once it has none."""
    return Alert.objects.filter(address_key=key).values_list("email", flat=True).first()


def confirm_url(email: str) -> str:
    return _absolute("alerts:confirm", signing.dumps(address_key(email), salt=_CONFIRM))


def confirmed_key(token: str) -> str | None:
    return _key(_read(token, _CONFIRM, UNCONFIRMED_DAYS))


def manage_url(email: str) -> str:
    return _absolute("alerts:manage", signing.dumps(address_key(email), salt=_MANAGE))


def managed_key(token: str) -> str | None:
    return _key(_read(token, _MANAGE, MANAGE_DAYS))


def unsubscribe_url(email: str, alert_pk: int | None = None) -> str:
    """The one-click address: stops the alert, or every alert of the address (None)."""
    value = [address_key(email), alert_pk]
    return _absolute("alerts:unsubscribe", signing.dumps(value, salt=_UNSUBSCRIBE))


def unsubscribing(token: str) -> tuple[str, int | None] | None:
    value = _read(token, _UNSUBSCRIBE, None)
    if not (isinstance(value, list) and len(value) == 2 and _key(value[0])):
        return None
    if value[1] is not None and not isinstance(value[1], int):
        return None
    return value[0], value[1]
