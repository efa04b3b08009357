"""Field-level encryption for special-category data (ethnicity, religion, SOGI, affiliations,
risk notes).

Keys come from ``settings.FIELD_ENCRYPTION_KEYS``, never from ``SECRET_KEY``: a leaked
session-signing key must not also open the most dangerous columns. The first key
encrypts; every key decrypts, so a new key can be put in front, every row re-encrypted
with ``manage.py rotate_field_keys``, and only then the old key removed.

Fernet is AES-128-CBC with HMAC-SHA256: a token that was altered does not decrypt at all.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Distinguishes ciphertext from anything else that might be found in the column.
PREFIX = "enc1:"


@cache
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: special-category data needs a key."
        )
    try:
        fernets = [Fernet(key.encode()) for key in keys]
    except ValueError:
        raise ImproperlyConfigured(
            "Every FIELD_ENCRYPTION_KEYS entry must be a Fernet key "
            "(generate one with `manage.py rotate_field_keys --generate`)."
        ) from None
    return MultiFernet(fernets), fernets[0]


def _keys() -> tuple[MultiFernet, Fernet]:
    return _fernets(tuple(settings.FIELD_ENCRYPTION_KEYS))


def generate_key() -> str:
    return Fernet.generate_key().decode()


def encrypt(plaintext: str) -> str:
    if plaintext == "":
        return ""
    multi, _ = _keys()
    return PREFIX + multi.encrypt(plaintext.encode()).decode()


class FieldKeyMissing(ValueError):
    """Ciphertext that no configured key opens: the data was encrypted with a key this
    server does not have (a restore without the keys, a key dropped too early)."""


def decrypt(stored: str) -> str:
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        raise ValueError("An encrypted column holds a value that is not ciphertext.")
    multi, _ = _keys()
    try:
        return multi.decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise FieldKeyMissing(
            "A special-category value cannot be decrypted with any configured key."
        ) from None


def key_fingerprint(key: str) -> str:
    """Names a key without revealing it, so a backup can say which keys it needs."""
    import hashlib

    return hashlib.sha256(key.strip().encode()).hexdigest()[:16]


def needs_rotation(stored: str) -> bool:
    """Whether a stored value is not yet encrypted with the current (first) key."""
    if not stored:
        return False
    _, primary = _keys()
    try:
        primary.decrypt(stored[len(PREFIX) :].encode())
    except InvalidToken:
        return True
    return False


def rotate(stored: str) -> str:
    if not stored:
        return ""
    multi, _ = _keys()
    return PREFIX + multi.rotate(stored[len(PREFIX) :].encode()).decode()


class EncryptedTextField(models.TextField):
    """A text column holding ciphertext; Python code sees plaintext.

    Lookups other than ``isnull``/exact empty make no sense on ciphertext, which is
    also why these fields can never take part in search.
    """

    description = "Text encrypted with the field-encryption keys"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return encrypt(value)


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with encrypted columns, for rotation."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        names = [
            f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        if names:
            found.append((model, names))
    return found


@checks.register(checks.Tags.security)
def check_field_encryption_keys(app_configs=None, **kwargs):
    """Bad keys stop `check`, `migrate` and `runserver` instead of the first screening."""
    try:
        _fernets(tuple(settings.FIELD_ENCRYPTION_KEYS))
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="panah.E001")]
    return []
