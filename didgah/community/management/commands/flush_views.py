from django.core.management.base import BaseCommand

from didgah.community.viewcount import views_flush


class Command(BaseCommand):
    help = "Writes the article views buffered in the cache to the database (run it every minute or so)."

    def handle(self, *args, **options):
        written = views_flush()
        self.stdout.write(f"views written: {written}")
