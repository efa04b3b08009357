"""Writes for what petitions print about the organisation and its advocates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from casework.audit import log_action
from casework.models import Role
from casework.selectors import membership_of
from documents.models import AdvocateProfile, DigitSystem, PetitionSettings

LETTERHEAD_MAX_CHARS = 600


@transaction.atomic
def advocate_profile_save(
    *, by, name_ur: str, enrolment_number: str, bar_council: str, office_address: str, phone: str
) -> AdvocateProfile:
    """A member's own advocate details, printed in the signature block of their petitions."""
    membership = membership_of(by)
    profile, _ = AdvocateProfile.objects.select_for_update().get_or_create(user=by)
    profile.name_ur = name_ur.strip()
    profile.enrolment_number = enrolment_number.strip()
    profile.bar_council = bar_council.strip()
    profile.office_address = office_address.strip().replace("\r\n", "\n")
    profile.phone = phone.strip()
    profile.updated_at = timezone.now()
    profile.save()
    # Which fields are filled, not their text: the trail carries no addresses.
    filled = [f for f in ("enrolment_number", "bar_council", "office_address", "phone")
              if getattr(profile, f)]  # fmt: skip
    log_action(
        "advocate_profile.saved", organisation=membership.organisation, actor=by, obj=profile,
        data={"filled": filled},
    )  # fmt: skip
    return profile


@transaction.atomic
def petition_settings_save(*, by, urdu_digits: str, letterhead_ur: str) -> PetitionSettings:
    """How the organisation's Urdu petitions are printed. Organisation admins only."""
    membership = membership_of(by)
    if membership.role != Role.ADMIN:
        raise ValidationError(
            gettext("Only an organisation admin changes how petitions are printed.")
        )
    if urdu_digits not in DigitSystem.values:
        raise ValidationError({"urdu_digits": gettext("Choose a digit system from the list.")})
    letterhead_ur = letterhead_ur.strip().replace("\r\n", "\n")
    if len(letterhead_ur) > LETTERHEAD_MAX_CHARS:
        raise ValidationError(
            {
                "letterhead_ur": gettext("Keep the letterhead under %(limit)s characters.")
                % {"limit": LETTERHEAD_MAX_CHARS}
            }
        )
    settings, _ = PetitionSettings.objects.select_for_update().get_or_create(
        organisation=membership.organisation
    )
    settings.urdu_digits, settings.letterhead_ur = urdu_digits, letterhead_ur
    settings.updated_at = timezone.now()
    settings.save()
    log_action(
        "petition_settings.saved", organisation=membership.organisation, actor=by, obj=settings,
        data={"urdu_digits": urdu_digits},
    )  # fmt: skip
    return settings
