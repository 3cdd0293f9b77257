from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EdgeConfig(AppConfig):
    """What the production profile's nginx (the edge) needs from the app: client
    addresses behind the proxy, and counting the article views nginx answers from its
    own cache."""

    name = "didgah.edge"
    label = "edge"
    verbose_name = _("لبه")
