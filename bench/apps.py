from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The national-scale benchmark's data generator and PDF timer (`make bench`); nothing imports it."""

    name = "bench"
    verbose_name = "Benchmark"
