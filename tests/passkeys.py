"""A software authenticator for server-side passkey tests.

It answers the options the app sends exactly as a browser with a platform authenticator
would (the "none" attestation, an ES256 key, a counter), so the tests run the app's real
checks: challenge, origin, relying party id, signature and counter.
"""

import base64
import hashlib
import json
import os
import struct

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

ORIGIN = "http://localhost"
HOST = "localhost"

UP, UV, AT = 0x01, 0x04, 0x40


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftAuthenticator:
    def __init__(self, rp_id: str = HOST, origin: str = ORIGIN):
        self.rp_id, self.origin = rp_id, origin
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.counter = 0

    def _client_data(self, kind: str, challenge: str) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}
        ).encode()

    def _auth_data(self, flags: int, extra: bytes = b"") -> bytes:
        self.counter += 1
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + struct.pack(">I", self.counter) + extra

    def create(self, options: dict) -> dict:
        """The answer to ``navigator.credentials.create`` for these options."""
        numbers = self.key.public_key().public_numbers()
        cose_key = cbor2.dumps(
            {1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"),
             -3: numbers.y.to_bytes(32, "big")}
        )  # fmt: skip
        attested = bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id
        auth_data = self._auth_data(UP | UV | AT, attested + cose_key)
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(self._client_data("webauthn.create", options["challenge"])),
                "attestationObject": b64(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
        }

    def get(self, options: dict) -> dict:
        """The answer to ``navigator.credentials.get`` for these options."""
        client_data = self._client_data("webauthn.get", options["challenge"])
        auth_data = self._auth_data(UP | UV)
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(client_data),
                "authenticatorData": b64(auth_data),
                "signature": b64(signature),
                "userHandle": None,
            },
            "clientExtensionResults": {},
        }


def post_json(client, url: str, body: dict | None = None):
    return client.post(
        url, data=json.dumps(body or {}), content_type="application/json", HTTP_HOST=HOST
    )


def add_passkey(client, name: str = "Office laptop", authenticator=None):
    """Run the add-a-passkey ceremony on a signed-in, recently re-authenticated client."""
    from django.urls import reverse

    authenticator = authenticator or SoftAuthenticator()
    options = post_json(client, reverse("accounts:passkey-register-begin"))
    assert options.status_code == 200, options.content
    answer = authenticator.create(options.json())
    done = post_json(
        client, reverse("accounts:passkey-register-complete"), {"name": name, "credential": answer}
    )
    return authenticator, done


def passkey_row(user, name: str = "Security key"):
    """A stored passkey without a ceremony, for tests about who may see or remove it."""
    from accounts.models import Passkey

    return Passkey.objects.create(
        user=user, name=name, confirmed=True, credential_id=os.urandom(32),
        public_key=b"\xa5", sign_count=0,
    )  # fmt: skip
