"""Rebuild every article's search document; safe to run while the site serves."""

import sys
import time

from django.core.management.base import BaseCommand
from django.db import connection

from didgah.search import schema, services


class Command(BaseCommand):
    help = "بازسازی نمایهٔ جست‌وجو (در حین کار وب‌گاه امن است)"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--repair", action="store_true",
            help="Recreate the engine index (FTS5 table and triggers / tsvector column) if "
                 "missing, and on SQLite rebuild FTS5 from the documents (holds the write lock).",
        )
        parser.add_argument("--workers", type=int, default=1,
                            help="PostgreSQL: processes sharing the work (the analysis takes a core each).")
        parser.add_argument("--optimize", action="store_true", help="Merge FTS5 segments afterwards (SQLite).")

    def handle(self, *args, batch_size, repair, optimize, workers, **options):
        started = time.monotonic()
        if repair:
            schema.create_index(connection)
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute(f"INSERT INTO {schema.FTS}({schema.FTS}) VALUES ('rebuild')")
        tty = sys.stdout.isatty()

        def progress(done: int, total: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            line = f"{done}/{total} articles ({rate:.0f}/s)"
            if tty:
                self.stdout.write("\r" + line, ending="")
            elif done == total or done % (batch_size * 20) == 0:
                self.stdout.write(line)

        stats = services.search_reindex(batch_size=batch_size, progress=progress, workers=workers)
        if tty:
            self.stdout.write("")
        if optimize and connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {schema.FTS}({schema.FTS}) VALUES ('optimize')")
        self.stdout.write(self.style.SUCCESS(
            f"indexed {stats['indexed']} articles, removed {stats['orphans_removed']} stale documents "
            f"in {time.monotonic() - started:.1f}s"
        ))
