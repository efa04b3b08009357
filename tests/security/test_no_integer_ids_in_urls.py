"""No URL names an object by a guessable, sequential integer (security finding 12).

Walks the whole URLconf, through every include, so a URL added later is checked without
editing this file. A case is named by its reference (a court sees it anyway); every other
object by a random public id, a UUID. Two rules:

- no parameter is captured by a converter or group that takes digits only (``<int:…>``,
  a bounded id converter like the API's old ``<id:…>``, ``(?P<pk>[0-9]+)``);
- a parameter named like an id (``pk``, ``id``, ``…_id``) takes UUIDs and nothing else, so
  ``<str:report_id>`` or ``<path:object_id>`` are caught too.
"""

import re

from django.urls import URLResolver, get_resolver
from django.urls.converters import UUIDConverter
from django.urls.resolvers import RoutePattern

# Namespace or URL name → why it may still take an integer.
ALLOWED = {
    # Platform staff only: every admin URL turns away all but superusers
    # (tests/security/test_access_matrix.py::test_admin_site_turns_away_everyone_but_superusers),
    # and its change pages name rows by their key.
    "admin": "the Django admin, superusers only",
}

IDENTIFIER = re.compile(r"^(pk|id|.+_id)$")


def _walk(patterns, chain=(), namespace=None):
    """Every URL with the pattern objects it is made of, outermost include first."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in [namespace, entry.namespace] if n) or None
            yield from _walk(entry.url_patterns, (*chain, entry.pattern), inner)
        else:
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            yield name, (*chain, entry.pattern)


def _digits_only(regex: str) -> bool:
    """Takes ``12`` and no value with a letter in it: an integer id."""
    compiled = re.compile(rf"^(?:{regex})$")
    return bool(compiled.match("12")) and not any(
        compiled.match(value) for value in ("a", "1a", "a1", "12a3")
    )


def _captures(chain) -> list[tuple[str, bool, str]]:
    """Each captured parameter: its name, whether it takes UUIDs only, its regex."""
    found = []
    for pattern in chain:
        if isinstance(pattern, RoutePattern):
            found += [
                (name, isinstance(converter, UUIDConverter), converter.regex)
                for name, converter in pattern.converters.items()
            ]
        else:  # re_path(): its named groups and their sub-patterns (no nesting here)
            groups = re.findall(r"\(\?P<(\w+)>((?:[^()\\]|\\.)*)\)", str(pattern))
            found += [(name, False, regex) for name, regex in groups]
    return found


def _allowed(name: str) -> bool:
    return name.split(":")[0] in ALLOWED or name in ALLOWED


def integer_id_urls() -> list[str]:
    problems = []
    for name, chain in _walk(get_resolver().url_patterns):
        if _allowed(name):
            continue
        route = "".join(str(pattern) for pattern in chain)
        for parameter, uuid_only, regex in _captures(chain):
            if _digits_only(regex):
                problems.append(f"{name or route}: <{parameter}> takes an integer ({route})")
            elif IDENTIFIER.match(parameter) and not uuid_only:
                problems.append(f"{name or route}: <{parameter}> is an id but not a UUID ({route})")
    return problems


def test_no_url_outside_the_allow_list_takes_an_integer_id():
    assert integer_id_urls() == []


def test_the_check_catches_each_way_of_taking_an_integer(settings, tmp_path, monkeypatch):
    """The rules above fail on what they must: a test that could not fail proves nothing."""
    import sys

    from django.urls import clear_url_caches

    module = tmp_path / "integer_urls.py"
    module.write_text(
        "from django.http import HttpResponse\n"
        "from django.urls import include, path, re_path, register_converter\n"
        "class Bounded:\n"
        "    regex = '[0-9]{1,18}'\n"
        "    def to_python(self, value): return int(value)\n"
        "    def to_url(self, value): return str(value)\n"
        "register_converter(Bounded, 'bounded')\n"
        "view = lambda request, **kwargs: HttpResponse()\n"
        "inner = [path('<int:thing_id>/', view, name='inner')]\n"
        "urlpatterns = [\n"
        "    path('a/<int:report_id>/', view, name='int'),\n"
        "    path('b/<bounded:document_id>/', view, name='bounded'),\n"
        "    re_path(r'^c/(?P<pk>[0-9]+)/$', view, name='regex'),\n"
        "    path('d/<str:entry_id>/', view, name='str-id'),\n"
        "    path('e/<int:number>/', include(inner)),\n"
        "    path('f/<uuid:entry_id>/', view, name='uuid'),\n"
        "    path('g/<slug:reference>/', view, name='reference'),\n"
        "]\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    settings.ROOT_URLCONF = "integer_urls"
    clear_url_caches()
    try:
        problems = "\n".join(integer_id_urls())
    finally:
        sys.modules.pop("integer_urls", None)
        clear_url_caches()
    for caught in ("int: <report_id>", "bounded: <document_id>", "regex: <pk>",
                   "str-id: <entry_id>", "inner: <number>", "inner: <thing_id>"):  # fmt: skip
        assert caught in problems
    assert "uuid:" not in problems and "reference:" not in problems
