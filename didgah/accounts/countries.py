"""Countries a reader may choose: all of ISO 3166-1, named in Persian by
django-countries. The countries most Persian-speaking readers live in come first in
the menu, the rest in the order of the Persian alphabet; the codes stored are the ISO
alpha-2 ones, as before."""

from django_countries import Countries

from didgah import persian


class ReaderCountries(Countries):
    first = ["IR", "AF", "TJ"]
    first_repeat = False

    def __iter__(self):
        # django-countries sorts by Unicode collation (or, without pyuca, by the ASCII
        # left of each name: nothing, for Persian); the menu follows the Persian alphabet.
        countries = list(super().__iter__())
        head = len(self.first)
        yield from countries[:head]
        yield from sorted(countries[head:], key=lambda country: persian.sort_key(country.name))
