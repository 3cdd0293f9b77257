from django.shortcuts import render
from django.template import loader
from django.http import HttpResponseServerError


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
