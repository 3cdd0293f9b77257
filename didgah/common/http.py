"""Conditional GET with a cheap ETag; the content security policy on documents only;
compression from a kilobyte up.

Django's ConditionalGetMiddleware hashes every page body with MD5; an article page
with 500 comments is 400 KB, and that hash cost more than unpickling or encoding it.
An ETag only has to change when the body does (RFC 9110 §8.8.3): the body's length
and CRC-32 together do, at a sixth of the cost; a false match needs two versions of
one URL of exactly the same length whose CRC-32 agree."""

from __future__ import annotations

import zlib

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.middleware.gzip import GZipMiddleware as DjangoGZip
from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGet


def body_etag(body: bytes) -> str:
    """A strong ETag (quoted) for a response body."""
    return f'"{len(body):x}-{zlib.crc32(body):08x}"'


class ConditionalGetMiddleware(DjangoConditionalGet):
    def process_response(self, request, response):
        if (request.method == "GET" and not response.streaming and not response.has_header("ETag")
                and self.needs_etag(response)):
            response.headers["ETag"] = body_etag(response.content)
        return super().process_response(request, response)


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's, except on redirects and JSON. A policy governs what the document a
    response renders may load and run: a redirect renders none (the browser follows
    Location and applies the policy of the page it arrives at), and JSON, which the
    browser may only show as text (SecurityMiddleware's nosniff), loads and runs
    nothing; X-Frame-Options still keeps both out of frames. django-csp builds its
    header from the settings on every response, which cost a noticeable share of the
    requests that answer this way: every vote and comment posted without JavaScript,
    and every page view's personal request."""

    def process_response(self, request, response):
        if 300 <= response.status_code < 400 or response.get("Content-Type", "").startswith("application/json"):
            return response
        return super().process_response(request, response)


class GZipMiddleware(DjangoGZip):
    """Django's, from a kilobyte up, as nginx compresses (gzip_min_length 1024 in
    deploy/nginx.conf.template) rather than from Django's 200 bytes. A smaller body fits
    in one packet either way; compressing it hands the interpreter's lock to another
    thread of the worker (zlib lets go of it), and the answer then waits to get it
    back: a vote's answer (the vote box) and the personal request's JSON are such bodies."""

    min_length = 1024

    def process_response(self, request, response):
        if not response.streaming and len(response.content) < self.min_length:
            return response
        return super().process_response(request, response)
