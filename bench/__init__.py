"""The load benchmark: `bench/run.py` (see bench/README.md). Not imported by the app."""
