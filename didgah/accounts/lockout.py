"""django-axes' database handler, with a failure limit of its own for an address alone.

AXES_LOCKOUT_PARAMETERS locks out on username + address (someone guessing one
reader's password) and on the address alone (one address trying a password against
many readers: spraying). Axes compares the largest failure count of those groups with
one AXES_FAILURE_LIMIT; an address alone needs more room, since several readers
behind one NAT mistype too. So the address's count is scaled onto the account's
limit: it reaches AXES_FAILURE_LIMIT exactly when it reaches
AXES_FAILURE_LIMIT_PER_ADDRESS. Everything else (what is stored, cool-off, reset on
success) is axes' own."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


# AccessAttempt.username holds 255 characters: a longer name typed into a sign-in form
# is recorded cut, instead of failing the sign-in with a database error (PostgreSQL
# refuses an over-long value; SQLite stores it whole).
USERNAME_MAX = 255


def lockout_username(request, credentials=None) -> str:
    """The username axes records for a sign-in attempt (AXES_USERNAME_CALLABLE)."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    username = (credentials or {}).get(field) if credentials else None
    if username is None and request is not None:
        username = request.POST.get(field, "") if hasattr(request, "POST") else ""
    return str(username or "")[:USERNAME_MAX]


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        limit = get_failure_limit(request, credentials)
        per_address = getattr(settings, "AXES_FAILURE_LIMIT_PER_ADDRESS", limit)
        parameters = get_lockout_parameters(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials)):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == "ip_address" and per_address > 0:
                # floor(failures * limit / per_address) >= limit  <=>  failures >= per_address
                failures = failures * limit // per_address
            worst = max(worst, failures)
        return worst
