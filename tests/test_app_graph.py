"""The app graph runs one way: core <- hospitals <- programmes <- articles. A module of a
lower app that imports a higher one (at the top or inside a function) fails here."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# each app and the project apps it must never import
FORBIDDEN = {
    "core": {"hospitals", "programmes", "articles"},
    "hospitals": {"programmes", "articles"},
    "programmes": {"articles"},
}


def imported_packages(source: str) -> set[str]:
    """The top-level packages a module imports (absolute imports; relative ones stay inside
    the app)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_scan_sees_imports_at_the_top_and_inside_functions():
    source = "import os\nfrom articles.models import Article\ndef f():\n    import programmes.models\n"
    assert imported_packages(source) == {"os", "articles", "programmes"}


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_no_app_imports_an_app_above_it(app):
    files = sorted((ROOT / app).rglob("*.py"))
    assert files, f"no Python files under {app}/"
    wrong = {
        str(path.relative_to(ROOT)): sorted(bad)
        for path in files
        if (bad := imported_packages(path.read_text(encoding="utf-8")) & FORBIDDEN[app])
    }
    assert wrong == {}, f"{app} imports upwards: {wrong}"
