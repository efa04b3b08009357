"""A sandboxed Django template engine for templates that administrators edit in the app.

Edited templates are data, not code: they get no loaders (no ``{% include %}`` or
``{% extends %}`` of files on disk), no ``{% load %}``, ``{% url %}``, ``{% debug %}`` or
``{% csrf_token %}``, and only plain values in their context (see ``context.py``), so
there is no model method or queryset to reach.
"""

from types import MappingProxyType

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
    """Render an edited template over plain values; autoescaped like every page."""
    frozen = {key: freeze(value) for key, value in context.items()}
    return compile_template(source).render(Context(frozen, autoescape=True))
