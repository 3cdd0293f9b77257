import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "didgah.settings")

from didgah.common.pagecache import fast_path  # noqa: E402

# Visitors' page-cache hits are answered before Django's handler (didgah/common/pagecache.py).
application = fast_path(get_wsgi_application())
