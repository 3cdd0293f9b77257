# The same clean caches and fast password hashing as the community tests.
from didgah.community.tests.conftest import _fresh_cache_and_fast_hashes  # noqa: F401
