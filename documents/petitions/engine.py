"""A sandboxed Django template engine for templates that administrators edit in the app.

Edited templates are data, not code: they get no loaders (no ``{% include %}`` or
``{% extends %}`` of files on disk), no ``{% load %}``, ``{% url %}``, ``{% debug %}`` or
``{% csrf_token %}``, and only plain values in their context (see ``context.py``), so
there is no model method or queryset to reach.
"""

import contextlib
import os
import resource
import select
import signal
import time
from types import MappingProxyType

from django.conf import settings
from django.template import Context, Engine, Library, TemplateSyntaxError, defaulttags

ALLOWED_TAGS = (
    "autoescape", "comment", "cycle", "filter", "firstof", "for", "if", "ifchanged", "now",
    "regroup", "spaceless", "templatetag", "verbatim", "widthratio", "with",
)  # fmt: skip

sandbox_tags = Library()
for _name in ALLOWED_TAGS:
    sandbox_tags.tags[_name] = defaulttags.register.tags[_name]


class SandboxEngine(Engine):
    # Replaces Django's defaults (defaulttags with load/url/debug, loader_tags with include).
    default_builtins = [
        "django.template.defaultfilters",
        "documents.petitions.engine",
    ]


register = sandbox_tags

_engine = SandboxEngine(dirs=[], app_dirs=False, loaders=[], libraries={}, debug=True)


class TemplateProblem(Exception):
    """A template that will not compile, said so that an administrator can fix it."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message, self.line = message, line

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


def compile_template(source: str):
    try:
        return _engine.from_string(source)
    except TemplateSyntaxError as error:
        debug = getattr(error, "template_debug", None) or {}
        raise TemplateProblem(str(error), debug.get("line")) from None


def freeze(value):
    """Read-only copies: a template calling ``{{ person.clear }}`` or ``{{ documents.pop }}``
    (Django calls callables it finds) finds no method that changes anything."""
    if isinstance(value, dict):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value


def render_source(source: str, context: dict) -> str:
    """Render an edited template over plain values; autoescaped like every page.

    An administrator's template can loop over loops, or pad a value to fifty million
    characters: it is filled in by a forked child process under a time limit, a memory
    limit and an output-size limit (``bounded``). A template that breaks a limit, or
    fails while being filled in, raises ``TemplateProblem`` with a message to fix it by.
    """
    template = compile_template(source)
    frozen = {key: freeze(value) for key, value in context.items()}
    return bounded(lambda: template.render(Context(frozen, autoescape=True)))


def _limits() -> tuple[float, int, int]:
    return (
        float(getattr(settings, "TEMPLATE_RENDER_TIMEOUT_SECONDS", 5)),
        int(getattr(settings, "TEMPLATE_RENDER_MAX_BYTES", 2 * 1024 * 1024)),
        int(getattr(settings, "TEMPLATE_RENDER_MAX_MEMORY_BYTES", 512 * 1024 * 1024)),
    )


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(render, write_fd: int, max_bytes: int, max_memory: int) -> None:
    try:
        try:
            # Room for the render on top of what the process already maps.
            limit = _address_space() + max_memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (OSError, ValueError):
            pass
        try:
            out = render().encode()
            payload = b"O" + out if len(out) <= max_bytes else b"B"
        except MemoryError:
            payload = b"B"
        except Exception as error:  # noqa: BLE001 - every failure becomes a message
            payload = b"E" + f"{type(error).__name__}: {error}"[:300].encode()
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view) :]
    finally:
        # Never return into the parent's code, nor close its database connections.
        os._exit(0)


def bounded(render) -> str:
    """``render()`` run in a forked child under time, memory and output-size limits."""
    timeout, max_bytes, max_memory = _limits()
    too_big = TemplateProblem(
        f"The template produces more than {max_bytes // (1024 * 1024)} MB of text. "
        "Check its loops and any padding (center, ljust, rjust) for very large numbers."
    )
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read_fd)
        _child(render, write_fd, max_bytes, max_memory)
    os.close(write_fd)
    chunks: list[bytes] = []
    received = 0
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TemplateProblem(
                    f"The template took longer than {timeout:g} seconds to fill in. "
                    "Check it for loops inside loops."
                )
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1024 * 1024)
            if not chunk:
                break
            chunks.append(chunk)
            received += len(chunk)
            if received > max_bytes + 1:
                raise too_big
    finally:
        os.close(read_fd)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    payload = b"".join(chunks)
    kind, body = payload[:1], payload[1:]
    if kind == b"O":
        return body.decode()
    if kind == b"E":
        raise TemplateProblem(f"The template failed while being filled in ({body.decode()}).")
    if kind == b"B":
        raise too_big
    raise TemplateProblem("The template could not be filled in. Simplify it and try again.")
