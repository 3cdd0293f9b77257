"""Project-level promises: deploy checks, migrations, configuration from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_extra={
        "PRODUCTION": "1", "DATA_DIR": str(tmp_path), "ALLOWED_HOSTS": "didgah.example",
        "SECRET_KEY": "x" * 20 + "q8T3-verylongrandomlookingsecret-9f83hf93hf9h3f9h3f",
    })
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_sqlite_default_uses_wal_under_data_dir(tmp_path):
    code = ("import django;django.setup();from django.db import connection;"
            "c=connection.cursor();c.execute('PRAGMA journal_mode');print(c.fetchone()[0]);"
            "print(connection.settings_dict['NAME'])")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    env.update({"DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "didgah.settings"})
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    mode, name = out.stdout.split()
    assert mode == "wal" and name.startswith(str(tmp_path))


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-dev.txt", "requirements.lock"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line:
                assert "==" in line, f"{name}: {line} is not pinned"


@pytest.mark.django_db
def test_pages_carry_the_content_security_policy_and_redirects_and_json_do_not(client):
    from didgah.news.tests.factories import make_article

    article = make_article()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200 and "default-src 'self'" in page["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    redirect = client.post(f"/community/article/{article.pk}/vote/", {"value": "1"})
    assert redirect.status_code == 302 and "Content-Security-Policy" not in redirect
    assert redirect["X-Frame-Options"] == "DENY"
    # JSON renders nothing either (the personal request, the API): no policy, still
    # kept out of frames and from being sniffed as a document.
    personal = client.get(f"/community/me/?article={article.pk}")
    assert personal.status_code == 200 and personal["Content-Type"].startswith("application/json")
    assert "Content-Security-Policy" not in personal
    assert personal["X-Frame-Options"] == "DENY" and personal["X-Content-Type-Options"] == "nosniff"
