"""The roster's encryption: core.crypto (ambassadors share it), plus what only the roster needs."""
from core.crypto import (
    INDEX_BYTES,
    DataKey,
    blind_index,
    blind_indexes,
    cipher_and_index,
    current_key,
    decrypt,
    encrypt,
    is_current,
    keyring,
    old_indexes,
)

__all__ = [
    "INDEX_BYTES", "DataKey", "blind_index", "blind_indexes", "cipher_and_index", "current_key", "decrypt", "encrypt",
    "is_current", "keyring", "needs_rekeying", "old_indexes",
]


def needs_rekeying() -> bool:
    """Whether the roster may still hold national codes under an old key (then the importer
    looks people up by their old blind index too). Two index seeks, not a scan."""
    if len(keyring()) < 2:
        return False
    from .models import Retiree

    key_id = current_key().id[0]
    stored = Retiree.objects.all()
    if stored.filter(national_code_index__lt=bytes([key_id])).exists():
        return True
    return key_id < 255 and stored.filter(national_code_index__gte=bytes([key_id + 1])).exists()
