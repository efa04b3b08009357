import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FilePurpose(models.TextChoices):
    DOCUMENT_SCAN = "document_scan", _("Scan of an identity document")
    COURT_ORDER = "court_order", _("Court order")
    VERIFICATION_EVIDENCE = "verification_evidence", _("Verification evidence")
    ANNEXURE = "annexure", _("Annexure")


def _never_called(instance, filename):  # pragma: no cover - names are set by the service
    raise RuntimeError("Stored files are named by documents.services.stored_file_create")


class StoredFile(models.Model):
    """An uploaded file that passed documents.uploads.accept_upload.

    The name on disk is generated; what the user called the file is kept only as
    display text. Files are served only through the access-checked download view.
    """

    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="files")
    purpose = models.CharField(max_length=32, choices=FilePurpose.choices)
    file = models.FileField(upload_to=_never_called, max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    content_type = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    original_name = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    # What download URLs name: a sequential id would tell how many files the whole
    # deployment holds and invite walking them.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["case", "purpose"])]

    def __str__(self) -> str:
        return self.original_name or f"file {self.pk}"

    @property
    def extension(self) -> str:
        return {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}.get(
            self.content_type, "bin"
        )
