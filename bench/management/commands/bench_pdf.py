"""Benchmark (not a test): how long a typical 5-page draft agreement takes to render as PDF."""

import io
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from agreements import pdf
from agreements import services as agreement_services
from partnerships import services as partnership_services
from partnerships.tests.factories import PartnershipFactory  # bench is a dev tool: factory_boy is installed

PARAGRAPH = (
    "De partijen werken samen aan de warmtetransitie in de buurt. Zij informeren elkaar tijdig, "
    "stemmen hun inzet af en leggen afspraken vast in het gezamenlijke dossier. "
) * 3


class Command(BaseCommand):
    help = "Render a typical 5-page draft agreement repeatedly and print the timings (after one warm-up)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)

    def handle(self, *args, runs, **options):
        with transaction.atomic():
            partnership = PartnershipFactory()
            for i in range(12):
                partnership_services.add_activity(
                    partnership, actor=None, values={"what": f"Activiteit {i}", "responsible": "both"}
                )
            draft = agreement_services.create_draft(partnership, form="intentieovereenkomst", actor=None)
            for section in draft.sections.all():
                section.text = "\n\n".join([PARAGRAPH] * 2)
                section.save()
            version = agreement_services.freeze(draft, actor=None)
            pdf.render(version)  # warm-up: fonts, import
            timings = []
            for _ in range(runs):
                start = time.perf_counter()
                data = pdf.render(version)
                timings.append(time.perf_counter() - start)
            try:  # pypdf is a test tool; the benchmark also runs without it
                from pypdf import PdfReader

                pages = len(PdfReader(io.BytesIO(data)).pages)
            except ImportError:
                pages = "?"
            transaction.set_rollback(True)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        self.stdout.write(
            f"pages={pages} runs={runs} p50={statistics.median(timings) * 1000:.0f}ms p95={p95 * 1000:.0f}ms "
            f"max={timings[-1] * 1000:.0f}ms"
        )
