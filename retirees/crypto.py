"""The roster's encryption lives in core.crypto (ambassadors use it too); kept here for imports."""
from core.crypto import blind_index, cipher_and_index, decrypt, encrypt

__all__ = ["blind_index", "cipher_and_index", "decrypt", "encrypt"]
