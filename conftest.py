import os

os.environ.setdefault("TESTING", "1")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_process_memos():
    """Per-process copies of cached fragments (community.selectors) start empty in
    every test, as the shared cache does in the tests that clear it."""
    from didgah.community.selectors import _recent_threads

    _recent_threads.clear()
    yield
    _recent_threads.clear()
