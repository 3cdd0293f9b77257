from django.core.management.base import BaseCommand

from didgah.community.demo import load_community_demo


class Command(BaseCommand):
    help = "Adds the demo readers, comments and votes once (run by `load_demo` after the articles)."

    def handle(self, *args, **options):
        load_community_demo(stdout=self.stdout)
