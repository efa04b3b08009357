from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.crypto import EncryptedTextField


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other / prefers not to say")


class Person(models.Model):
    """A client: the detainee. Names are kept in Latin and Perso-Arabic script as given."""

    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="persons"
    )
    given_name = models.CharField(_("given name (Latin script)"), max_length=120, blank=True)
    family_name = models.CharField(_("family name (Latin script)"), max_length=120, blank=True)
    given_name_native = models.CharField(
        _("given name (Perso-Arabic script)"), max_length=120, blank=True
    )
    family_name_native = models.CharField(
        _("family name (Perso-Arabic script)"), max_length=120, blank=True
    )
    father_name = models.CharField(_("father's name (Latin script)"), max_length=120, blank=True)
    father_name_native = models.CharField(
        _("father's name (Perso-Arabic script)"), max_length=120, blank=True
    )
    # A married woman is named in court as her husband's wife ("w/o", زوجہ).
    husband_name = models.CharField(_("husband's name (Latin script)"), max_length=120, blank=True)
    husband_name_native = models.CharField(
        _("husband's name (Perso-Arabic script)"), max_length=120, blank=True
    )
    gender = models.CharField(max_length=8, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # The age on the day of arrest, when the date of birth is not known.
    estimated_age = models.PositiveSmallIntegerField(null=True, blank=True)
    # Most detainees have no birth certificate: the date or the age is often a guess.
    age_approximate = models.BooleanField(_("date of birth or age is approximate"), default=False)
    # Under 18 on the day of arrest (Juvenile Justice System Act 2018, s.2), from the date of
    # birth or the age: written with them by detainees.children, for lists and queues.
    minor = models.BooleanField(default=False, editable=False)
    province_of_origin = models.CharField(max_length=80, blank=True)
    district_of_origin = models.CharField(max_length=80, blank=True)
    languages = models.CharField(max_length=120, blank=True, help_text=_("e.g. Dari, Pashto"))
    phone = models.CharField(max_length=32, blank=True)
    family_contact = models.CharField(
        max_length=200, blank=True, help_text=_("Name, relation and phone of a family member")
    )
    address_in_pakistan = models.TextField(blank=True)
    # Circumstances a bail petition pleads when they are recorded, in the words it may use.
    family_in_pakistan = models.CharField(
        _("family in Pakistan"), max_length=200, blank=True,
        help_text=_("As a petition may state it, e.g. wife and three children in Islamabad"),
    )  # fmt: skip
    # Health is special-category data: encrypted like the risk screening.
    illness = EncryptedTextField(
        "illness or disability", max_length=200, blank=True,
        help_text=_("Only what the client agrees may be pleaded, e.g. diabetic, needs insulin"),
    )  # fmt: skip
    year_of_arrival = models.PositiveSmallIntegerField(null=True, blank=True)
    # Normalised "name|father" keys in each script, kept for the duplicate check at intake.
    match_key = models.CharField(max_length=300, blank=True, db_index=True)
    match_key_native = models.CharField(max_length=300, blank=True, db_index=True)
    # Spelling-independent keys (detainees.names): "name|father" per script for the
    # duplicate check, and word keys for search (trigram-indexed on PostgreSQL).
    spelling_key = models.CharField(max_length=300, blank=True, db_index=True)
    spelling_key_native = models.CharField(max_length=300, blank=True, db_index=True)
    search_keys = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        latin = " ".join(p for p in (self.given_name, self.family_name) if p)
        return latin or " ".join(p for p in (self.given_name_native, self.family_name_native) if p)

    @property
    def native_name(self) -> str:
        return " ".join(p for p in (self.given_name_native, self.family_name_native) if p)

    @property
    def child_of(self) -> str:
        """How a petition and the case page name the relation: "son of", "daughter of"."""
        relation = {Gender.MALE: gettext("son of"), Gender.FEMALE: gettext("daughter of")}
        return relation.get(self.gender, gettext("father:"))

    @property
    def display_father_name(self) -> str:
        return self.father_name or self.father_name_native

    @property
    def parentage_short(self) -> str:
        """For lists: "s/o Nazar Gul", "d/o Nazar Gul", "w/o …" for a married woman whose
        husband is recorded, or "father Nazar Gul" when gender is not recorded."""
        husband = self.husband_name or self.husband_name_native
        if self.gender == Gender.FEMALE and husband:
            return gettext("w/o %(husband)s") % {"husband": husband}
        father = self.display_father_name
        if not father:
            return ""
        parentage = {
            Gender.MALE: gettext("s/o %(father)s"),
            Gender.FEMALE: gettext("d/o %(father)s"),
        }.get(self.gender, gettext("father %(father)s"))
        return parentage % {"father": father}


class PlaceKind(models.TextChoices):
    HOME = "home", _("Home")
    SCHOOL = "school", _("School")
    MARKET = "market", _("Market")
    CHECKPOINT = "checkpoint", _("Checkpoint")
    WORKPLACE = "workplace", _("Workplace")
    OTHER = "other", _("Other")


class Agency(models.TextChoices):
    POLICE = "police", _("Police")
    FIA = "fia", _("FIA")
    CTD = "ctd", _("CTD")
    OTHER = "other", _("Other")


class CustodyStatus(models.TextChoices):
    IN_CUSTODY = "in_custody", _("In custody")
    RELEASED = "released", _("Released")
    HOLDING_CENTRE = "holding_centre", _("In a holding centre")
    DEPORTED = "deported", _("Deported")
    UNKNOWN = "unknown", _("Whereabouts unknown")


# Held somewhere, whether or not anyone admits where: the 24-hour clock keeps running in
# each of these until a magistrate's order (production, remand) is recorded.
HELD_STATUSES = (CustodyStatus.IN_CUSTODY, CustodyStatus.HOLDING_CENTRE, CustodyStatus.UNKNOWN)


class ArrestTime(models.TextChoices):
    EXACT = "exact", _("Exact")
    APPROXIMATE = "approximate", _("Approximate")
    # Only the day is known: the clock counts from the start of that day, the earliest
    # the arrest can have been, and petitions state the date alone.
    UNKNOWN = "unknown", _("Unknown (only the date is known)")


class Detention(models.Model):
    """One arrest and what followed. Hours without production are derived, never stored."""

    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="detentions"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="detentions")
    arrested_at = models.DateTimeField()
    arrest_time = models.CharField(
        _("time of arrest is"), max_length=12, choices=ArrestTime.choices, default=ArrestTime.EXACT
    )
    arrest_place = models.CharField(max_length=200, blank=True)
    arrest_place_kind = models.CharField(max_length=16, choices=PlaceKind.choices, blank=True)
    arresting_agency = models.CharField(max_length=8, choices=Agency.choices, blank=True)
    police_station = models.CharField(max_length=120, blank=True)
    fir_number = models.CharField(_("FIR number"), max_length=40, blank=True, db_index=True)
    fir_date = models.DateField(_("FIR date"), null=True, blank=True)
    sections_charged = models.CharField(
        max_length=200, blank=True, help_text=_("e.g. s.14 Foreigners Act 1946")
    )
    custody_location = models.CharField(
        _("where held"), max_length=200, help_text=_("Police station, jail or holding centre")
    )
    produced_at = models.DateTimeField(_("produced before a magistrate at"), null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    deported_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=CustodyStatus.choices, default=CustodyStatus.IN_CUSTODY
    )
    # The raid this arrest was part of, if any: bulk intake sets it for every row.
    incident = models.ForeignKey(
        "detainees.Incident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="detentions",
    )

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "status", "produced_at", "arrested_at"]),
            # Held and not yet produced, longest held first: the Today page's first queue
            # reads its oldest rows from here instead of sorting every held detainee.
            models.Index(
                fields=["organisation", "arrested_at"],
                condition=models.Q(status__in=HELD_STATUSES, produced_at__isnull=True),
                name="detention_held_unproduced_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Detention of {self.person} from {self.arrested_at:%Y-%m-%d}"

    def hours_without_production(self, now=None) -> float | None:
        """Hours held without being produced before a magistrate, or None if not applicable."""
        if self.status not in HELD_STATUSES or self.produced_at is not None:
            return None
        now = now or timezone.now()
        return max((now - self.arrested_at).total_seconds() / 3600, 0.0)
