from functools import wraps

from django.http import HttpResponseNotAllowed, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors here: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


def bad_request(request, exception=None):
    # Django's own page is English ("Bad Request (400)"): too many fields, a broken
    # multipart body. Persian here, and the API's JSON error under /api/.
    from didgah.common.bodies import malformed

    return malformed(request)


def post_or_back(to: str):
    """For a view that only a form's POST should reach (wrap it inside login_required).

    A GET reaches it only through a sign-in's «next» (the session ran out while the
    form was open, so the POST was sent to the sign-in page first): that GET goes back
    to `to` (a URL name, «#fragment» allowed), where the reader finds the form again,
    instead of Django's blank 405. Other methods still get 405."""

    def wrap(view):
        @wraps(view)
        def inner(request, *args, **kwargs):
            if request.method in ("GET", "HEAD"):
                name, _, fragment = to.partition("#")
                return HttpResponseRedirect(reverse(name) + (f"#{fragment}" if fragment else ""))
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        return inner

    return wrap
