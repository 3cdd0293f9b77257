import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "didgah.settings")

application = get_wsgi_application()

from didgah.common import periodic  # noqa: E402

# The embedded default's periodic jobs run beside the requests, in the process whose
# cache holds what they flush (settings.PERIODIC_JOBS_IN_WEB).
periodic.start_in_web()
