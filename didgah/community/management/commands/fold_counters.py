from django.core.management.base import BaseCommand

from didgah.community.services import counters_fold


class Command(BaseCommand):
    help = ("Recounts article and comment counters (votes, comments, hot) from the rows changed since the last "
            "fold; the scheduler does this every second. --all recounts everything.")

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="recount every article and comment")

    def handle(self, *args, all=False, **options):
        result = counters_fold(everything=all)
        self.stdout.write(f"articles changed: {result.articles}, comments recounted: {result.comments}")
