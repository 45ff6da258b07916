"""Encryption at rest for personal data: national codes and mobiles of the roster and of ambassadors.

AES-SIV (deterministic, ~0.7 µs a value) so that re-importing the same file writes the same
bytes and an upsert changes nothing; the equality it reveals is already revealed by the
blind index. The blind index is a keyed BLAKE2b digest (16 bytes, ~0.5 µs) used for exact
lookup and the uniqueness constraint. Both keys are derived from SAFIRAN_DATA_KEY (settings);
Fernet was measured at 8× the cost (docs/modules/retirees.md). The HKDF salt keeps its
first name (`safiran-roster`) so values written before ambassadors shared it still decrypt.
"""
import hashlib
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _derive(purpose: bytes, length: int) -> bytes:
    master = settings.SAFIRAN_DATA_KEY.encode()
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=b"safiran-roster", info=purpose).derive(master)


@cache
def _keys(master: str) -> tuple[AESSIV, bytes]:
    return AESSIV(_derive(b"encrypt", 64)), _derive(b"blind-index", 32)


def _current():
    return _keys(settings.SAFIRAN_DATA_KEY)


def encrypt(value: str) -> bytes:
    """Ciphertext of a text value; empty text stays empty."""
    if not value:
        return b""
    return _current()[0].encrypt(value.encode(), None)


def decrypt(token) -> str:
    if not token:
        return ""
    return _current()[0].decrypt(bytes(token), None).decode()


def blind_index(value: str) -> bytes:
    """A keyed digest for exact lookup: equal values give equal digests, nothing else leaks."""
    return hashlib.blake2b(value.encode(), key=_current()[1], digest_size=16).digest()


def cipher_and_index():
    """The bare primitives for the bulk importer's hot loop (no per-call lookups)."""
    siv, index_key = _current()
    encrypt_one = siv.encrypt

    def protect(value: str) -> bytes:
        return encrypt_one(value.encode(), None) if value else b""

    def index(value: str) -> bytes:
        return hashlib.blake2b(value.encode(), key=index_key, digest_size=16).digest()

    return protect, index
