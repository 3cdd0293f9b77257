"""The site's settings, plus the floor app and its URLconf (bench/floor/__init__.py)."""

from didgah.settings import *  # noqa: F401,F403
from didgah.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.floor"]
ROOT_URLCONF = "bench.floor.urls"
