import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "didgah.settings")

from didgah.common.pagecache import fast_path  # noqa: E402
from didgah.community.lane import vote_lane  # noqa: E402

# Visitors' page-cache hits (didgah/common/pagecache.py) and most article votes without
# JavaScript (didgah/community/lane.py) are answered before Django's handler.
application = vote_lane(fast_path(get_wsgi_application()))
