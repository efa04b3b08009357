"""The floors stay honest: imports point down only.

    panah/       the project: settings, URLs, the pages that compose every feature
    api/         feature: JSON API, tokens, intake inbox   (imports the other features)
    accounts/    feature: sign-in, members               } import the core; detainees
    detainees/   feature: people, detention, hearings... } may import documents, never
    documents/   feature: papers, coverage, petitions    } the other way round
    casework/    the core: imports no feature app

Run ``python -m tests.test_layers`` to print what imports what.
"""

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("panah", "analytics", "api", "accounts", "detainees", "documents", "casework")
# Who may import whom, besides itself. Everything not listed is forbidden.
ALLOWED = {
    "panah": {"accounts", "detainees", "documents", "api", "analytics", "casework"},
    "analytics": {"accounts", "detainees", "documents", "casework"},
    "api": {"accounts", "detainees", "documents", "casework"},
    "accounts": {"casework"},
    "detainees": {"documents", "casework"},
    "documents": {"casework"},
    "casework": set(),
}


def _imports(app: str):
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in APPS and top != app:
                    yield path.relative_to(ROOT), node.lineno, top


def import_graph() -> Counter:
    return Counter((app, target) for app in APPS for _, _, target in _imports(app))


# The one exception, one way only: a petition pleads the detainee's record (applications,
# custody, courts), so documents/petitions/ reads detainees; detainees never reads petitions.
PETITIONS = Path("documents") / "petitions"


def _allowed(app: str, path: Path, target: str) -> bool:
    return target in ALLOWED[app] or (target == "detainees" and PETITIONS in path.parents)


def test_imports_point_down_only():
    wrong = [
        f"{path}:{line} imports {target}"
        for app in APPS
        for path, line, target in _imports(app)
        if not _allowed(app, path, target)
    ]
    assert wrong == []


def test_detainees_never_import_petitions():
    wrong = []
    for path in (ROOT / "detainees").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "documents.petitions" in text and "migrations" not in path.parts:
            wrong.append(str(path.relative_to(ROOT)))
    assert wrong == []


def test_nothing_imports_the_project_package():
    assert [pair for pair in import_graph() if pair[1] == "panah"] == []


if __name__ == "__main__":
    for (source, target), count in sorted(import_graph().items()):
        print(f"{source:>10} -> {target:<10} {count}")
