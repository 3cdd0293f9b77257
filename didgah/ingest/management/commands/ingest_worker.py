"""An RQ worker for the ingest queue, with Django set up (the scale-out path)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Runs an RQ worker on the ingest queue (REDIS_URL / INGEST_REDIS_URL)."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="exit when the queue is empty")

    def handle(self, *args, burst=False, **options):
        from redis import Redis
        from rq import Worker

        from didgah.ingest import jobs

        connection = Redis.from_url(jobs.redis_url())
        worker = Worker([jobs.queue(connection)], connection=connection)
        worker.work(burst=burst, with_scheduler=False)
