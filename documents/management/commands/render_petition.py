"""Render a petition for a case straight to a PDF file, with the same renderer as the workers.

    python manage.py render_petition --case ISB-2026-0042 --template bail-497 [--lang ur] \
        --out petition.pdf

Nothing is kept in the database except an audit event: the throwaway draft is rolled back.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from casework.audit import log_action
from casework.models import Case
from documents.models import Petition
from documents.petitions.context import petition_context
from documents.petitions.render import PetitionRenderer
from documents.petitions.selectors import latest_version, template_for


class Command(BaseCommand):
    help = "Render a petition for a case to a PDF file (synchronously)."

    def add_arguments(self, parser):
        parser.add_argument("--case", required=True, help="Case reference, e.g. ISB-2026-0042")
        parser.add_argument("--template", required=True, help="Template key, e.g. bail-497")
        parser.add_argument("--lang", default="en", choices=["en", "ur"])
        parser.add_argument("--court", default="", help="Court (default: the template's)")
        parser.add_argument("--organisation", default="", help="Needed if references clash")
        parser.add_argument("--out", required=True, help="Where to write the PDF")

    def handle(self, *args, **options):
        cases = Case.objects.select_related(
            "organisation", "person", "detention", "lead_lawyer"
        ).filter(reference=options["case"])
        if options["organisation"]:
            cases = cases.filter(organisation__name=options["organisation"])
        matches = list(cases[:2])
        if not matches:
            raise CommandError(f"No case {options['case']}.")
        if len(matches) > 1:
            raise CommandError("Several organisations use that reference: add --organisation.")
        case = matches[0]
        template = template_for(case.organisation, options["template"], options["lang"])
        version = latest_version(template) if template else None
        if version is None:
            raise CommandError(
                f"No template {options['template']!r} in {options['lang']!r} for "
                f"{case.organisation}."
            )
        with transaction.atomic():
            petition = Petition.objects.create(
                organisation=case.organisation, case=case, version=version,
                context=petition_context(case),
                court=options["court"] or template.default_court or "Court",
            )  # fmt: skip
            petition.case = case
            filename, _mimetype, data = PetitionRenderer().generate(petition)
            transaction.set_rollback(True)
        out = Path(options["out"])
        out.write_bytes(data)
        log_action(
            "petition.exported", organisation=case.organisation, actor=None, case=case,
            data={"template": template.key, "language": template.language, "file": filename},
        )  # fmt: skip
        self.stdout.write(f"Wrote {out} ({len(data):,} bytes) for {case.reference}.")
