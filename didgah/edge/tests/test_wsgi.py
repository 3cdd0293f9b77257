from didgah.edge import wsgi


def _remote_addr(environ):
    seen = {}

    def app(env, start_response):
        seen["addr"] = env["REMOTE_ADDR"]
        return []

    original = wsgi.django_application
    wsgi.django_application = app
    try:
        wsgi.application(environ, lambda *a: None)
    finally:
        wsgi.django_application = original
    return seen["addr"]


def test_client_address_comes_from_the_local_proxy_only():
    assert _remote_addr({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "203.0.113.9"}) == "203.0.113.9"
    assert _remote_addr({"REMOTE_ADDR": "127.0.0.1"}) == "127.0.0.1"
    # Anyone else claiming an address is ignored.
    assert _remote_addr({"REMOTE_ADDR": "198.51.100.2", "HTTP_X_REAL_IP": "203.0.113.9"}) == "198.51.100.2"
