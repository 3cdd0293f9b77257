from django.apps import AppConfig


class EdgeConfig(AppConfig):
    """What the production profile's nginx (the edge) needs from the app: client
    addresses behind the proxy, and counting the article views nginx answers from its
    own cache."""

    name = "didgah.edge"
    label = "edge"
