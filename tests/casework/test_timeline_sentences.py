"""Every verb the code logs reads as a sentence on the case timeline, not as ``risk.updated``.

The verbs are collected from the source, so a verb added later without a sentence fails
here. Verbs are often passed through a helper (``record("auth.logged_in", ...)``,
``_log("drafted", ...)`` into ``f"petition.{verb}"``): a parameter is resolved through the
calls of its function, an assigned name through its assignments.
"""

import ast
import itertools
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string

ROOT = Path(__file__).resolve().parents[2]
# Tests and benchmarks log made-up verbs on throwaway databases; migrations log nothing.
SKIPPED = {"tests", "bench", "migrations", ".venv", "node_modules", "media", "static"}
LOGGERS = {"log_action", "log_actions"}


@dataclass
class Function:
    path: Path
    node: ast.FunctionDef

    @property
    def params(self) -> list[str]:
        args = self.node.args
        return [a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]]


class UnresolvedVerb(Exception):
    pass


def _sources() -> dict[Path, ast.Module]:
    trees = {}
    for path in ROOT.rglob("*.py"):
        if SKIPPED & set(path.relative_to(ROOT).parts):
            continue
        trees[path] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return trees


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


class VerbCollector:
    def __init__(self, trees: dict[Path, ast.Module]):
        self.trees = trees
        self.functions: dict[str, list[Function]] = {}
        self.enclosing: dict[int, Function] = {}
        self.calls: list[tuple[Path, ast.Call]] = []
        for path, tree in trees.items():
            self._index(path, tree, None)

    def _index(self, path: Path, node: ast.AST, function: Function | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = Function(path, child)
                self.functions.setdefault(child.name, []).append(inner)
            if isinstance(child, ast.Call):
                self.calls.append((path, child))
                if function is not None:
                    self.enclosing[id(child)] = function
            self._index(path, child, inner)

    def verbs(self) -> set[str]:
        found = set()
        for path, call in self.calls:
            if _called_name(call) in LOGGERS:
                found |= self._values(self._argument(call, 0, "verb"), path, call)
        return found

    @staticmethod
    def _argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
        for keyword in call.keywords:
            if keyword.arg == name:
                return keyword.value
        return call.args[position] if len(call.args) > position else None

    def _values(self, expr: ast.expr | None, path: Path, call: ast.Call) -> set[str]:
        where = f"{path.relative_to(ROOT)}:{call.lineno}"
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if isinstance(expr, ast.IfExp):
            return self._values(expr.body, path, call) | self._values(expr.orelse, path, call)
        if isinstance(expr, ast.JoinedStr):
            parts = [
                self._values(v.value if isinstance(v, ast.FormattedValue) else v, path, call)
                for v in expr.values
            ]
            return {"".join(p) for p in itertools.product(*parts)}
        if isinstance(expr, ast.Name):
            return self._name(expr.id, path, call)
        raise UnresolvedVerb(f"{where}: cannot tell which verb {ast.dump(expr)} is")

    def _name(self, name: str, path: Path, call: ast.Call) -> set[str]:
        function = self.enclosing.get(id(call))
        if function is None:
            raise UnresolvedVerb(f"{path.relative_to(ROOT)}:{call.lineno}: {name} is not local")
        assigned = [
            node.value
            for node in ast.walk(function.node)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
        ]
        if assigned:
            return set().union(*(self._values(value, path, call) for value in assigned))
        if name not in function.params:
            raise UnresolvedVerb(f"{path.relative_to(ROOT)}:{call.lineno}: {name} is unknown")
        position = function.params.index(name)
        found = set()
        for caller_path, caller in self.calls:
            if _called_name(caller) != function.node.name:
                continue
            # A private helper is called only from its own module.
            if function.node.name.startswith("_") and caller_path != function.path:
                continue
            found |= self._values(self._argument(caller, position, name), caller_path, caller)
        if not found:
            raise UnresolvedVerb(f"{function.path}: nobody calls {function.node.name}")
        return found


@pytest.fixture(scope="module")
def logged_verbs() -> set[str]:
    return VerbCollector(_sources()).verbs()


def test_the_verb_scan_sees_verbs_passed_directly_and_through_helpers(logged_verbs):
    # Directly, through a ternary, through an assigned name, through record() and _log().
    assert {
        "case.opened", "risk.updated", "referral.added", "detention.habeas_candidate",
        "auth.logged_in", "member.access_revoked", "petition.drafted", "petition.filed",
    } <= logged_verbs  # fmt: skip
    assert len(logged_verbs) >= 60


def test_every_logged_verb_reads_as_a_sentence_on_the_timeline(logged_verbs):
    raw = []
    for verb in sorted(logged_verbs):
        event = SimpleNamespace(verb=verb, data={}, actor=None)
        html = render_to_string("casework/_event.html", {"event": event})
        text = html.split("</strong>", 1)[1].strip()
        if not text or verb in html:
            raw.append(verb)
    assert raw == []


def test_an_unknown_verb_falls_back_to_the_verb_itself():
    event = SimpleNamespace(verb="something.new", data={"summary": "in words"}, actor=None)
    html = render_to_string("casework/_event.html", {"event": event})
    assert "something.new: in words" in html


def test_a_sentence_uses_the_events_enum_values_and_field_labels():
    cases = [
        ("outcome.reviewed", {"outcome": "bail_refused", "commented": True},
         "reviewed the outcome “Bail refused”, with a comment on the outcome"),
        ("referral.updated", {"body": "unhcr", "status": "acknowledged"},
         "updated a referral: UNHCR: acknowledged"),
        ("person.updated", {"fields": ["phone", "family_contact"]},
         "updated the detainee&#x27;s details (phone, family contact)"),
        ("detention.habeas_candidate", {"hours": 24},
         "held 24 hours without production before a magistrate: habeas corpus candidate"),
        ("petition.returned", {"title": "Bail application"},
         "returned with comments the petition “Bail application”"),
    ]  # fmt: skip
    for verb, data, expected in cases:
        event = SimpleNamespace(verb=verb, data=data, actor=None)
        assert expected in render_to_string("casework/_event.html", {"event": event})
