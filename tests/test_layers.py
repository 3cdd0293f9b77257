"""Layers run one way. Each app may import only the apps below it:

    persian            no app at all (pure text functions)
    common             persian only (plumbing every app shares)
    news               common, persian (the articles everything else is built on)
    accounts           not community, search, ingest or api (they are built on it)

An app lower down tells the ones above it what happened through its signals
(news/signals.py, accounts/signals.py), and they add their parts to its admin from
their own admin modules. Template tags import no views, and no conf.py reads the
environment: settings.py reads it once (APP_SETTINGS_FROM_ENV).

The imports are read from the source (every import, including those inside functions),
tests and migrations aside.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "didgah"


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path, parts


def _imports(path: Path, parts: tuple[str, ...]):
    """(line, dotted name) of everything the module imports, relative imports resolved;
    `from x import y` counts as x.y as well, so `from didgah import news` is news."""
    package = list(parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            yield node.lineno, module
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}"


def _app(dotted: str) -> str | None:
    bits = dotted.split(".")
    return bits[1] if len(bits) > 1 and bits[0] == "didgah" else None


ALLOWED = {
    "persian": set(),
    "common": {"persian"},
    "news": {"common", "persian"},
}
FORBIDDEN = {
    "accounts": {"community", "search", "ingest", "api"},
}
APPS = {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists() or p.name == "persian"}


def _crossings():
    for path, parts in _modules():
        app = parts[1] if len(parts) > 2 else None
        for line, dotted in _imports(path, parts):
            target = _app(dotted)
            if app and target in APPS and target != app:
                yield f"{'/'.join(parts)}:{line}", app, target, dotted


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_lower_apps_import_only_the_apps_below_them(app):
    wrong = sorted({f"{where} imports {dotted}" for where, src, target, dotted in _crossings()
                    if src == app and target not in ALLOWED[app]})
    assert not wrong, f"{app} may import only {sorted(ALLOWED[app]) or 'no app'}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_apps_do_not_import_the_apps_built_on_them(app):
    wrong = sorted({f"{where} imports {dotted}" for where, src, target, dotted in _crossings()
                    if src == app and target in FORBIDDEN[app]})
    assert not wrong, f"{app} must not import {sorted(FORBIDDEN[app])}:\n" + "\n".join(wrong)


def test_template_tags_import_no_views():
    wrong = sorted({
        f"{'/'.join(parts)}:{line} imports {dotted}"
        for path, parts in _modules() if "templatetags" in parts
        for line, dotted in _imports(path, parts) if "views" in dotted.split(".")
    })
    assert not wrong, "a template tag may not import a view:\n" + "\n".join(wrong)


def _environment_reads(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os" \
                and node.attr in {"environ", "getenv", "environb", "getenvb"}:
            yield node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module == "os" \
                and {a.name for a in node.names} & {"environ", "getenv", "environb", "getenvb"}:
            yield node.lineno


def test_no_conf_module_reads_the_environment():
    confs = [path for path, parts in _modules() if path.name == "conf.py"]
    assert len(confs) >= 6  # accounts, api, community, feeds, ingest, search at least
    wrong = [f"{path.relative_to(ROOT)}:{line}" for path in confs for line in _environment_reads(path)]
    assert not wrong, "conf.py reads settings only (settings.py reads the environment once):\n" + "\n".join(wrong)


def test_the_checks_see_what_they_look_for():
    # The parser must resolve the forms imports take here, or every check above would
    # pass by seeing nothing.
    found = {(src, target) for _where, src, target, _dotted in _crossings()}
    assert ("community", "news") in found and ("community", "accounts") in found
    assert ("search", "news") in found and ("ingest", "news") in found
    assert "persian" in APPS and {"common", "news", "accounts", "community"} <= APPS


def test_app_settings_are_read_from_the_environment_once_by_settings(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from didgah import settings as site_settings

    monkeypatch.setenv("INGEST_MAX_BYTES", "2048")
    monkeypatch.setenv("INGEST_TOTAL_TIMEOUT", "1.5")
    monkeypatch.setenv("INGEST_ALLOW_PRIVATE", "yes")
    monkeypatch.setenv("COMMUNITY_BANNED_WORDS", "یک, دو ,")
    monkeypatch.setenv("COMMENT_MODERATION", "post")
    monkeypatch.setenv("SEARCH_MAX_PAGES", "")  # empty: the app's default stands
    values = site_settings._app_settings_from_env()
    assert values["INGEST_MAX_BYTES"] == 2048 and values["INGEST_TOTAL_TIMEOUT"] == 1.5
    assert values["INGEST_ALLOW_PRIVATE"] is True and values["COMMUNITY_BANNED_WORDS"] == ["یک", "دو"]
    assert values["COMMENT_MODERATION"] == "post" and "SEARCH_MAX_PAGES" not in values
    # A conf function sees the environment only through settings: changing the
    # environment now changes nothing.
    from didgah.ingest import conf

    assert conf.max_bytes() != 2048
    monkeypatch.setenv("API_WRITES_PER_MINUTE", "lots")
    with pytest.raises(ImproperlyConfigured, match="API_WRITES_PER_MINUTE"):
        site_settings._app_settings_from_env()
