"""The WSGI application behind the production profile's nginx.

granian listens on loopback and only nginx talks to it, so REMOTE_ADDR is always
nginx's address. nginx sends the client's address in X-Real-IP (set from
$remote_addr, never passed through from the client); taking it from there gives rate
limits and view counting the reader's address.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "didgah.settings")

from didgah.wsgi import application as django_application  # noqa: E402

# Only a proxy on this machine may name the client.
TRUSTED_PROXIES = frozenset({"127.0.0.1", "::1"})


def application(environ, start_response):
    real_ip = environ.get("HTTP_X_REAL_IP")
    if real_ip and environ.get("REMOTE_ADDR") in TRUSTED_PROXIES:
        environ["REMOTE_ADDR"] = real_ip
    return django_application(environ, start_response)
