"""Encryption at rest for personal data (the roster's and ambassadors' national codes and
mobiles), under keys that can rotate.

AES-SIV (deterministic, ~0.7 µs a value) so that re-importing the same file writes the same
bytes and an upsert changes nothing; the equality it reveals is already revealed by the
blind index. The blind index is a keyed BLAKE2b digest (16 bytes, ~0.5 µs) used for exact
lookup and the uniqueness constraint. Fernet was measured at 8× the cost
(docs/modules/retirees.md).

Several keys: SAFIRAN_DATA_KEY encrypts and indexes; SAFIRAN_OLD_DATA_KEYS only decrypt and
find. Every ciphertext and every blind index starts with one byte naming its key (derived from
the key, so nothing else needs configuring), so a value is read with the key that wrote it and
`manage.py rotate_data_key` knows what is left to re-encrypt. Values written before key ids
existed (no id byte; a 16-byte index) are still read and found.
"""
import hashlib
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

INDEX_BYTES = 16


def _derive(master: str, purpose: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=b"safiran-roster", info=purpose).derive(master.encode())


class DataKey:
    """One data key: its id byte, its AES-SIV cipher and its blind-index key."""

    def __init__(self, master: str):
        self.id = _derive(master, b"key-id", 1)
        self.siv = AESSIV(_derive(master, b"encrypt", 64))
        self.index_key = _derive(master, b"blind-index", 32)

    def encrypt(self, value: str) -> bytes:
        return self.id + self.siv.encrypt(value.encode(), None) if value else b""

    def index(self, value: str) -> bytes:
        return self.id + hashlib.blake2b(value.encode(), key=self.index_key, digest_size=INDEX_BYTES).digest()

    def legacy_index(self, value: str) -> bytes:
        return hashlib.blake2b(value.encode(), key=self.index_key, digest_size=INDEX_BYTES).digest()


@cache
def _keyring(current: str, old: tuple[str, ...]) -> tuple[DataKey, ...]:
    keys = [DataKey(master) for master in (current, *old) if master]
    ids = [key.id for key in keys]
    if len(set(ids)) != len(ids):
        raise ImproperlyConfigured(
            "Two data keys have the same key id: generate another new SAFIRAN_DATA_KEY (docs/operations.md)."
        )
    return tuple(keys)


def keyring() -> tuple[DataKey, ...]:
    """Every configured key, the current one first."""
    return _keyring(settings.SAFIRAN_DATA_KEY, tuple(getattr(settings, "SAFIRAN_OLD_DATA_KEYS", ()) or ()))


def current_key() -> DataKey:
    return keyring()[0]


def encrypt(value: str) -> bytes:
    """Ciphertext of a text value under the current key; empty text stays empty."""
    return current_key().encrypt(value)


def decrypt(token) -> str:
    if not token:
        return ""
    token = bytes(token)
    keys = keyring()
    for key in keys:
        if token[:1] == key.id:
            try:
                return key.siv.decrypt(token[1:], None).decode()
            except InvalidTag:
                pass  # an id byte shared by chance with a value written before key ids
    for key in keys:  # written before key ids existed
        try:
            return key.siv.decrypt(token, None).decode()
        except InvalidTag:
            continue
    raise InvalidTag("no configured data key decrypts this value")


def is_current(token) -> bool:
    """Whether a stored ciphertext or index was written under the current key (empty counts as current)."""
    if not token:
        return True
    token = bytes(token)
    return token[:1] == current_key().id and len(token) != INDEX_BYTES


def blind_index(value: str) -> bytes:
    """A keyed digest for exact lookup under the current key: equal values give equal digests."""
    return current_key().index(value)


def blind_indexes(value: str) -> list[bytes]:
    """Every digest the value may be stored under (each key, and the form before key ids)."""
    keys = keyring()
    return [key.index(value) for key in keys] + [key.legacy_index(value) for key in keys]


def cipher_and_index():
    """The bare primitives for the bulk importer's hot loop (no per-call lookups)."""
    key = current_key()
    encrypt_one, index_key, prefix, blake2b = key.siv.encrypt, key.index_key, key.id, hashlib.blake2b

    def protect(value: str) -> bytes:
        return prefix + encrypt_one(value.encode(), None) if value else b""

    def index(value: str) -> bytes:
        return prefix + blake2b(value.encode(), key=index_key, digest_size=INDEX_BYTES).digest()

    return protect, index


def old_indexes(value: str) -> list[bytes]:
    """The digests of a value under every key but the current one (the importer rewrites rows found by them)."""
    keys = keyring()
    return [key.index(value) for key in keys[1:]] + [key.legacy_index(value) for key in keys]
