"""Writes for stored files, identity documents and verification. One transaction, one event."""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from casework.audit import log_action
from casework.models import Case
from documents.models import FilePurpose, StoredFile
from documents.uploads import CleanUpload


def _storage_name(upload: CleanUpload) -> str:
    # Random and meaningless: nothing of the person, the case or the user's file name.
    return f"files/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{upload.extension}"


@transaction.atomic
def stored_file_create(*, case: Case, upload: CleanUpload, purpose: str, by) -> StoredFile:
    """Store an accepted upload for a case. On failure neither a row nor a file remains.

    Callers that do more work in the same transaction should validate first and
    store files last, because a later rollback cannot reach the file on disk.
    """
    if purpose not in FilePurpose.values:
        raise ValidationError(f"Unknown purpose for a file: {purpose}")
    name = default_storage.save(_storage_name(upload), ContentFile(upload.content))
    try:
        stored = StoredFile.objects.create(
            organisation_id=case.organisation_id,
            case=case,
            purpose=purpose,
            file=name,
            sha256=upload.sha256,
            content_type=upload.content_type,
            size=upload.size,
            original_name=upload.original_name,
            uploaded_by=by,
        )
        log_action(
            "file.uploaded", organisation=case.organisation, actor=by, case=case, obj=stored,
            data={"purpose": purpose, "sha256": upload.sha256, "size": upload.size},
        )  # fmt: skip
    except BaseException:
        default_storage.delete(name)
        raise
    return stored


def file_downloaded(*, case: Case, stored: StoredFile, by) -> None:
    """Record that someone read a file: scans name people who can be killed if they leak."""
    log_action(
        "file.downloaded", organisation=case.organisation, actor=by, case=case, obj=stored,
        data={"purpose": stored.purpose},
    )  # fmt: skip
