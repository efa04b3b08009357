"""Field-level encryption for special-category data (ethnicity, religion, SOGI, affiliations,
risk notes).

Keys come from ``settings.FIELD_ENCRYPTION_KEYS``, never from ``SECRET_KEY``: a leaked
session-signing key must not also open the most dangerous columns. The first key
encrypts; every key decrypts, so a new key can be put in front, every row re-encrypted
with ``manage.py rotate_field_keys``, and only then the old key removed.

Fernet is AES-128-CBC with HMAC-SHA256: a token that was altered does not decrypt at all.

Ciphertext length must not tell anything either: an empty field used to stay empty, and
lengths fell into classes that revealed how many risk groups were chosen. So every value,
the empty one too, is framed (its length, then the text) and padded with zeros to a
multiple of ``BUCKET`` bytes before encryption (``enc2:``). Values written before that
(``enc1:``, or an empty string) still decrypt; ``rotate_field_keys`` upgrades them.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Distinguishes ciphertext from anything else that might be found in the column.
PREFIX = "enc2:"  # framed and padded plaintext
LEGACY_PREFIX = "enc1:"  # plaintext as it was; still read
# Every value short enough (all risk groups together, a few lines of notes) encrypts to
# the same length; longer notes show only in which multiple of it they fall.
BUCKET = 512
LENGTH_BYTES = 4


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


def _pad(data: bytes) -> bytes:
    framed = len(data).to_bytes(LENGTH_BYTES, "big") + data
    return framed + b"\0" * (-len(framed) % BUCKET)


def _unpad(padded: bytes) -> bytes:
    length = int.from_bytes(padded[:LENGTH_BYTES], "big")
    if length > len(padded) - LENGTH_BYTES:
        raise ValueError("A special-category value is damaged.")
    return padded[LENGTH_BYTES : LENGTH_BYTES + length]


def encrypt(plaintext: str) -> str:
    """Ciphertext of ``plaintext``, the empty string included, padded to ``BUCKET``."""
    multi, _ = _keys()
    return PREFIX + multi.encrypt(_pad(plaintext.encode())).decode()


def _token(stored: str) -> tuple[bytes, bool]:
    """The Fernet token in a stored value, and whether it holds padded plaintext."""
    if stored.startswith(PREFIX):
        return stored[len(PREFIX) :].encode(), True
    if stored.startswith(LEGACY_PREFIX):
        return stored[len(LEGACY_PREFIX) :].encode(), False
    raise ValueError("An encrypted column holds a value that is not ciphertext.")


class FieldKeyMissing(ValueError):
    """Ciphertext that no configured key opens: the data was encrypted with a key this
    server does not have (a restore without the keys, a key dropped too early)."""


def decrypt(stored: str) -> str:
    if not stored:
        return ""  # written before empty values were encrypted
    token, padded = _token(stored)
    multi, _ = _keys()
    try:
        data = multi.decrypt(token)
    except InvalidToken:
        raise FieldKeyMissing(
            "A special-category value cannot be decrypted with any configured key."
        ) from None
    return (_unpad(data) if padded else data).decode()


def key_fingerprint(key: str) -> str:
    """Names a key without revealing it, so a backup can say which keys it needs."""
    import hashlib

    return hashlib.sha256(key.strip().encode()).hexdigest()[:16]


def needs_rotation(stored: str) -> bool:
    """Whether a stored value is not yet padded and encrypted with the current key."""
    if not stored or not stored.startswith(PREFIX):
        return True
    _, primary = _keys()
    try:
        primary.decrypt(stored[len(PREFIX) :].encode())
    except InvalidToken:
        return True
    return False


def rotate(stored: str) -> str:
    """The same value encrypted with the current key, in the current (padded) format."""
    return encrypt(decrypt(stored))


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
