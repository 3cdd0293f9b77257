from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "didgah.ingest"
    label = "ingest"
