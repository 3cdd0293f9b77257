"""Pages where a signed-in reader makes and revokes personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from didgah.common.views import post_or_back

from . import selectors, services


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """The reader's tokens; POST makes one and shows its secret on this answer only
    (never stored, never put in a redirect or a message)."""
    created, secret, error = None, "", ""
    if request.method == "POST":
        try:
            created, secret = services.token_create(user=request.user, name=request.POST.get("name", ""))
        except services.TokenError as exc:
            error = str(exc)
    status = 400 if error else 200
    return render(request, "api/tokens.html", {
        "tokens": selectors.tokens_of(user=request.user), "created": created, "secret": secret, "error": error,
    }, status=status)


@login_required
@post_or_back("api_tokens")
def token_revoke(request, pk: int):
    token = selectors.token_of(user=request.user, pk=pk)
    if token is None:
        raise Http404
    services.token_revoke(token=token)
    messages.success(request, _("توکن «%(name)s» باطل شد.") % {"name": token.name})
    return redirect("api_tokens")
