"""The notifications app sits above community and accounts: neither imports it (they
tell it what happened through their signals), so the site runs without it."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


@pytest.mark.parametrize("app", ["accounts", "community", "news", "common"])
def test_the_apps_below_do_not_import_notifications(app):
    wrong = [f"{path.relative_to(PACKAGE)} imports {name}"
             for path in sorted((PACKAGE / app).rglob("*.py")) if "tests" not in path.parts
             for name in _imports(path) if name.startswith("didgah.notifications")]
    assert not wrong, "\n".join(wrong)
