"""Rate limits for account and community actions: the shared implementation lives in
didgah.common.ratelimit; these names are what the accounts and community rooms import."""

from didgah.common.ratelimit import clear_local, client_ip, hit

__all__ = ["clear_local", "client_ip", "hit"]
