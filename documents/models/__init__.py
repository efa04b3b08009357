"""Documents app models, one module per area; petitions live in their own module."""

from documents.models.case_coverage import CaseCoverage
from documents.models.files import FilePurpose, StoredFile
from documents.models.identity import (
    DocumentKind,
    IdentityDocument,
    NumberPattern,
    VerificationAttempt,
    VerificationMethod,
    VerificationResult,
)
from documents.models.petitions import (  # noqa: F401
    AdvocateProfile,
    DigitSystem,
    Language,
    OfferedWhen,
    Petition,
    PetitionAnnexure,
    PetitionBatch,
    PetitionSettings,
    PetitionState,
    PetitionTemplate,
    PetitionTemplateVersion,
)
from documents.models.timeline import Certainty, RuleEffect, ValidityRule, ValidityRuleRevision

__all__ = [
    "CaseCoverage",
    "Certainty",
    "DocumentKind",
    "FilePurpose",
    "IdentityDocument",
    "NumberPattern",
    "RuleEffect",
    "StoredFile",
    "ValidityRule",
    "ValidityRuleRevision",
    "VerificationAttempt",
    "VerificationMethod",
    "VerificationResult",
]
