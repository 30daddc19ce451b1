"""How complete the registers are, per programme: projects by batch against the
officially stated totals, provinces covered and those with none, rows missing a field,
rows without a source."""

from django.core.management.base import BaseCommand

from programmes.coverage import coverage_report


class Command(BaseCommand):
    help = (
        "Report the registers' coverage per programme (batches, provinces, missing fields, unsourced rows)."
    )

    def handle(self, *args, **options) -> None:
        for line in coverage_report():
            self.stdout.write(line)
