"""Write the OpenAPI document exactly as /api/v1/openapi.json serves it (through the whole
middleware stack), for linting it (`.ci/run` runs Spectral with the NLGov ruleset on it)."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse


class Command(BaseCommand):
    help = "Write the served OpenAPI document of the open data API to a file (default: standard output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write; standard output when left out.")

    def handle(self, *args, output=None, **options):
        hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]
        host = "testserver" if "testserver" in settings.ALLOWED_HOSTS or not hosts else hosts[0]
        response = Client().get(reverse("api:openapi"), HTTP_HOST=host, secure=settings.PRODUCTION)
        if response.status_code != 200:
            raise CommandError(f"/api/v1/openapi.json answered {response.status_code} (is API_ACCESS off?)")
        if output:
            with open(output, "wb") as file:
                file.write(response.content)
        else:
            sys.stdout.buffer.write(response.content)
