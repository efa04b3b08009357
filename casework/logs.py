"""Log hygiene: secrets that travel in URLs never reach a log line.

A calendar feed URL is a bearer credential (it opens a user's hearings without a
session). Django logs the path of every 4xx/5xx response (``django.request``) and
``runserver`` logs every request line (``django.server``); a revoked or mistyped feed
URL would otherwise sit in the logs in clear.
"""

import logging
import re


class MaskSecretsInPaths(logging.Filter):
    """Replace each match of ``patterns``' group 1 with ``[masked]`` in the message."""

    def __init__(self, patterns: list[str] | None = None, name: str = ""):
        super().__init__(name)
        self.patterns = [re.compile(p) for p in patterns or []]

    def mask(self, text: str) -> str:
        for pattern in self.patterns:
            text = pattern.sub(
                lambda m: m.group(0).replace(m.group(1), "[masked]") if m.group(1) else m.group(0),
                text,
            )
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = self.mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
