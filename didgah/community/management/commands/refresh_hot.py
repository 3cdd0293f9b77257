from django.core.management.base import BaseCommand

from didgah.community.services import articles_hot_refresh


class Command(BaseCommand):
    help = "Recomputes the stored hot score of every article (after changing the formula)."

    def handle(self, *args, **options):
        self.stdout.write(f"articles refreshed: {articles_hot_refresh()}")
