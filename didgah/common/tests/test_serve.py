"""How many workers and threads the server runs (didgah/serve.py)."""

import pytest


@pytest.mark.parametrize("url,env,expected", [
    ("", {}, (1, 2)),  # one process: its in-process cache is every request's
    ("sqlite:////srv/didgah.sqlite3", {}, (1, 2)),
    ("postgres://u@h:5432/d", {}, (2, 4)),
    ("postgresql://u@h/d", {"WEB_WORKERS": "3"}, (3, 4)),
    ("postgres://u@h/d", {"WEB_WORKERS": "", "WEB_THREADS": "8"}, (2, 8)),
    ("", {"WEB_WORKERS": "6", "WEB_THREADS": "2"}, (6, 2)),
])
def test_workers_and_threads_by_database(monkeypatch, url, env, expected):
    from didgah.serve import default_concurrency

    monkeypatch.delenv("WEB_WORKERS", raising=False)
    monkeypatch.delenv("WEB_THREADS", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert default_concurrency(url) == expected


@pytest.mark.parametrize("host, port, url", [
    ("127.0.0.1", 8126, "http://127.0.0.1:8126"),
    ("0.0.0.0", 8000, "http://127.0.0.1:8000"),
    ("::1", 9000, "http://[::1]:9000"),
    ("didgah.example", 80, "http://didgah.example:80"),
])
def test_mail_links_to_the_address_the_server_answers_on(host, port, url):
    from didgah.serve import site_url

    assert site_url(host, port) == url
