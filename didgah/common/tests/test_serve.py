"""How many workers and threads the server runs (didgah/serve.py)."""

import pytest


@pytest.mark.parametrize("url,env,expected", [
    ("", {}, (4, 1)),
    ("sqlite:////srv/didgah.sqlite3", {}, (4, 1)),
    ("postgres://u@h:5432/d", {}, (2, 16)),  # threads for the group commit to group
    ("postgresql://u@h/d", {"WEB_WORKERS": "3"}, (3, 16)),
    ("postgres://u@h/d", {"WEB_WORKERS": "", "WEB_THREADS": "4"}, (2, 4)),
    ("", {"WEB_WORKERS": "6", "WEB_THREADS": "2"}, (6, 2)),
])
def test_the_server_runs_the_threads_the_group_commit_needs_on_postgresql_only(monkeypatch, url, env, expected):
    from didgah.serve import default_concurrency

    monkeypatch.delenv("WEB_WORKERS", raising=False)
    monkeypatch.delenv("WEB_THREADS", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert default_concurrency(url) == expected
