"""Countries a reader may choose: all of ISO 3166-1, named in Persian by
django-countries. The countries most Persian-speaking readers live in come first in
the menu; the codes stored are the ISO alpha-2 ones, as before."""

from django_countries import Countries


class ReaderCountries(Countries):
    first = ["IR", "AF", "TJ"]
    first_repeat = False
