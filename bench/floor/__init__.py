"""Django's own floor, for the benchmarks only: the site's settings and URLs plus two bare
views, served by the same server in the same run as the site's own views.

    DJANGO_SETTINGS_MODULE=bench.floor.settings

- GET /bench/session/: reads the session and answers a small JSON (what the personal
  request is compared with);
- POST /bench/insert/: session and CSRF checked, one row inserted through the ORM (what
  a vote is compared with).

Both pass through the site's whole middleware stack, as every view does. Nothing here
is part of the site: its URLconf, settings and the `floor` app live under bench/ and
are selected only by the benchmarks' environment; the table is made by
`migrate --run-syncdb`.
"""
