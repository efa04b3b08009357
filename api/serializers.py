"""What the API reads and writes. Input serializers only parse and type-check: the
services validate as for the web forms, with the same messages."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casework.models import Case, Stage
from detainees.models import (
    Agency,
    CourtLevel,
    CustodyStatus,
    Detention,
    Gender,
    Hearing,
    HearingPurpose,
    Incident,
    Person,
    PlaceKind,
)
from detainees.services import DETENTION_FIELDS, PERSON_FIELDS
from documents.coverage import Basis, CoverageStatus
from documents.models import DocumentKind, IdentityDocument, Petition, PetitionState
from documents.models.petitions import Language


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know: a typo must not be dropped in silence."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Unknown field: it is not accepted here."] for name in unknown}
                )
        return super().to_internal_value(data)


def _text(max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, **kwargs)


def _choice(choices, **kwargs) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices, required=False, allow_blank=True, **kwargs)


def _username(user) -> str | None:
    return user.username if user is not None else None


# Reading ------------------------------------------------------------------------------------


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        # ``minor``: under 18 on the day of arrest, from the date of birth or the age.
        fields = (*PERSON_FIELDS, "minor")


class DetentionSerializer(serializers.ModelSerializer):
    hours_without_production = serializers.SerializerMethodField()

    class Meta:
        model = Detention
        fields = (
            *DETENTION_FIELDS, "status", "released_at", "deported_at", "incident",
            "hours_without_production",
        )  # fmt: skip

    def get_hours_without_production(self, detention) -> float | None:
        hours = detention.hours_without_production()
        return round(hours, 1) if hours is not None else None


class CaseSummarySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.display_name")
    father_name = serializers.CharField(source="person.display_father_name")
    custody_status = serializers.ChoiceField(
        source="detention.status", choices=CustodyStatus.choices
    )
    arrested_at = serializers.DateTimeField(source="detention.arrested_at")
    custody_location = serializers.CharField(source="detention.custody_location")
    lead_lawyer = serializers.SerializerMethodField()
    papers = serializers.CharField(source="coverage_badge", default=None)
    # Derived from the case's records by the case list's query (detainees/case_list.py).
    stage = serializers.ChoiceField(choices=Stage.choices, read_only=True)

    class Meta:
        model = Case
        fields = (
            "reference", "stage", "outcome", "opened_at", "closed_at", "name", "father_name",
            "custody_status", "arrested_at", "custody_location", "lead_lawyer", "papers",
        )  # fmt: skip

    def get_lead_lawyer(self, case) -> str | None:
        return _username(case.lead_lawyer)


class CustodySerializer(serializers.Serializer):
    """Where the person is now, derived from every record of it (detainees.custody)."""

    status = serializers.ChoiceField(choices=CustodyStatus.choices)
    since = serializers.DateTimeField()
    place = serializers.CharField()
    order = serializers.CharField(help_text=_("The order or the source the custody rests on"))
    remand_ends_on = serializers.DateField(allow_null=True)
    produced_at = serializers.DateTimeField(allow_null=True)
    released_at = serializers.DateTimeField(allow_null=True)
    deported_at = serializers.DateTimeField(allow_null=True)
    held = serializers.BooleanField()


class CaseDetailSerializer(serializers.ModelSerializer):
    person = PersonSerializer()
    detention = DetentionSerializer()
    custody = CustodySerializer(read_only=True)
    lead_lawyer = serializers.SerializerMethodField()
    stage = serializers.ChoiceField(choices=Stage.choices, read_only=True)

    class Meta:
        model = Case
        fields = (
            "reference", "stage", "outcome", "outcome_at", "opened_at", "closed_at",
            "lead_lawyer", "person", "detention", "custody",
        )  # fmt: skip

    def get_lead_lawyer(self, case) -> str | None:
        return _username(case.lead_lawyer)


class CitationSerializer(serializers.Serializer):
    rule_id = serializers.UUIDField(source="rule_public_id", allow_null=True)
    revision_number = serializers.IntegerField(allow_null=True)
    decision = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    source_title = serializers.CharField()
    source_url = serializers.CharField(allow_blank=True)
    certainty = serializers.CharField()
    text = serializers.CharField()


class CoverageSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CoverageStatus.choices)
    label = serializers.CharField()
    on_date = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    basis = serializers.ChoiceField(choices=Basis.choices)
    explanation = serializers.CharField()
    rule = CitationSerializer(source="citation", allow_null=True)


class DocumentSerializer(serializers.ModelSerializer):
    # The random public id: the integer key is sequential, and would tell how many exist.
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = IdentityDocument
        fields = (
            "id", "kind", "number", "issued_on", "expires_on", "name_as_printed", "original_seen",
            "added_at",
        )  # fmt: skip


class DocumentWithCoverageSerializer(serializers.Serializer):
    """A document, its verification status and its coverage on the day of arrest."""

    document = DocumentSerializer()
    verification = serializers.SerializerMethodField()
    coverage_on_arrest_day = CoverageSerializer(source="coverage")

    def get_verification(self, row) -> str:
        return row.verification[0]


class CourtSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()
    seat = serializers.CharField()


class HearingSerializer(serializers.ModelSerializer):
    # The random public id: the integer key is sequential, and would tell how many exist.
    id = serializers.UUIDField(source="public_id", read_only=True)

    court = CourtSerializer()
    attending = serializers.SerializerMethodField()

    class Meta:
        model = Hearing
        fields = (
            "id", "court", "starts_at", "purpose", "judge", "attending", "result",
            "result_recorded_at", "next_date",
        )  # fmt: skip

    def get_attending(self, hearing) -> list[str]:
        return sorted(u.username for u in hearing.attending.all())


class IncidentSerializer(serializers.ModelSerializer):
    # The random public id: the integer key is sequential, and would tell how many exist.
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Incident
        fields = (
            "id", "occurred_at", "place", "place_kind", "agency", "reported_by",
            "estimated_detained", "notes", "created_at",
        )  # fmt: skip


class PetitionTemplateSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    key = serializers.CharField()
    language = serializers.ChoiceField(choices=Language.choices)
    title = serializers.CharField()
    default_court = serializers.CharField()
    for_review_by_counsel = serializers.BooleanField()


class PetitionSerializer(serializers.ModelSerializer):
    # The random public id: the integer key is sequential, and would tell how many exist.
    id = serializers.UUIDField(source="public_id", read_only=True)

    template = serializers.CharField(source="version.template.key")
    language = serializers.CharField(source="version.template.language")
    title = serializers.CharField(source="version.template.title")
    drafted_by = serializers.SerializerMethodField()
    approved_by = serializers.SerializerMethodField()
    pdf_ready = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = (
            "id", "template", "language", "title", "state", "court", "facts", "grounds",
            "prayer_additions", "review_comment", "failure_reason", "drafted_by", "approved_by",
            "approved_at", "rendered_at", "pdf_ready", "pdf_sha256", "pdf_pages", "filed_at",
            "created_at",
        )  # fmt: skip

    def get_drafted_by(self, petition) -> str | None:
        return _username(petition.drafted_by)

    def get_approved_by(self, petition) -> str | None:
        return _username(petition.approved_by)

    def get_pdf_ready(self, petition) -> bool:
        return petition.state in (PetitionState.READY, PetitionState.FILED) and bool(petition.pdf)


# Writing ------------------------------------------------------------------------------------


class Moment(serializers.DateTimeField):
    """A date and time in the life of a case: from 1950 to 2100, nothing absurd."""

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        if not 1950 <= moment.year <= 2100:
            raise serializers.ValidationError(
                gettext("Enter a date and time between 1950 and 2100.")
            )
        return moment


class Day(serializers.DateField):
    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not 1900 <= day.year <= 2100:
            raise serializers.ValidationError(gettext("Enter a date between 1900 and 2100."))
        return day


class CaseOpenInput(StrictSerializer):
    """The intake form's fields. Only names, arrest time and place held are required."""

    given_name = _text(120)
    family_name = _text(120)
    given_name_native = _text(120)
    family_name_native = _text(120)
    father_name = _text(120)
    father_name_native = _text(120)
    gender = _choice(Gender.choices)
    husband_name = _text(120)
    husband_name_native = _text(120)
    date_of_birth = Day(required=False, allow_null=True)
    estimated_age = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=110,
        help_text=_("Age on the day of arrest, if the date of birth is not known"),
    )  # fmt: skip
    age_approximate = serializers.BooleanField(required=False, default=False)
    phone = _text(32)
    family_contact = _text(200)
    arrested_at = Moment()
    custody_location = serializers.CharField(max_length=200)
    police_station = _text(120)
    fir_number = _text(40)
    arrest_place = _text(200)
    arrest_place_kind = _choice(PlaceKind.choices)
    arresting_agency = _choice(Agency.choices)
    document_kind = _choice(DocumentKind.choices)
    document_number = _text(64)
    confirm_new = serializers.BooleanField(
        default=False,
        help_text=_("Open the case even though a possible duplicate was reported."),
    )

    PERSON = (
        "given_name", "family_name", "given_name_native", "family_name_native",
        "father_name", "father_name_native", "gender", "husband_name", "husband_name_native",
        "date_of_birth", "estimated_age", "age_approximate", "phone", "family_contact",
    )  # fmt: skip
    DETENTION = (
        "arrested_at", "custody_location", "police_station", "fir_number",
        "arrest_place", "arrest_place_kind", "arresting_agency",
    )  # fmt: skip

    def validate(self, data):
        if data.get("document_number") and not data.get("document_kind"):
            raise serializers.ValidationError(
                {"document_kind": gettext("Choose the kind of document the number is from.")}
            )
        return data


class PersonUpdateInput(StrictSerializer):
    given_name = _text(120)
    family_name = _text(120)
    given_name_native = _text(120)
    family_name_native = _text(120)
    father_name = _text(120)
    father_name_native = _text(120)
    gender = _choice(Gender.choices)
    date_of_birth = Day(required=False, allow_null=True)
    estimated_age = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=120
    )
    province_of_origin = _text(80)
    district_of_origin = _text(80)
    languages = _text(120)
    phone = _text(32)
    family_contact = _text(200)
    address_in_pakistan = _text(1000)
    year_of_arrival = serializers.IntegerField(
        required=False, allow_null=True, min_value=1900, max_value=2100
    )
    age_approximate = serializers.BooleanField(required=False)
    husband_name = _text(120)
    husband_name_native = _text(120)


class DetentionUpdateInput(StrictSerializer):
    arrested_at = Moment(required=False)
    arrest_place = _text(200)
    arrest_place_kind = _choice(PlaceKind.choices)
    arresting_agency = _choice(Agency.choices)
    police_station = _text(120)
    fir_number = _text(40)
    fir_date = Day(required=False, allow_null=True)
    sections_charged = _text(200)
    custody_location = serializers.CharField(max_length=200, required=False)
    produced_at = Moment(required=False, allow_null=True)


class DocumentInput(StrictSerializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    number = _text(64)
    issued_on = Day(required=False, allow_null=True)
    expires_on = Day(required=False, allow_null=True)
    name_as_printed = _text(200)
    original_seen = serializers.BooleanField(required=False, default=False)


class HearingInput(StrictSerializer):
    court = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=_("A court's id"))
    starts_at = Moment()
    purpose = serializers.ChoiceField(choices=HearingPurpose.choices)
    judge = _text(200)
    attending = serializers.ListField(
        child=serializers.CharField(max_length=150), required=False, default=list,
        max_length=50, help_text=_("Usernames of lawyers on the case team or supervisors"),
    )  # fmt: skip


class IncidentInput(StrictSerializer):
    occurred_at = Moment()
    place = serializers.CharField(max_length=200)
    place_kind = _choice(PlaceKind.choices)
    agency = _choice(Agency.choices)
    reported_by = _text(200)
    estimated_detained = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100_000
    )
    notes = _text(5000)


class PetitionCreateInput(StrictSerializer):
    template = serializers.SlugField(
        max_length=64, help_text=_("The template's key, e.g. bail-497")
    )
    language = serializers.ChoiceField(choices=Language.choices, default=Language.ENGLISH)
    court = _text(200)


class PetitionUpdateInput(StrictSerializer):
    court = serializers.CharField(max_length=200)
    facts = _text(20_000)
    grounds = _text(20_000)
    prayer_additions = _text(5_000)


class PetitionReturnInput(StrictSerializer):
    comment = serializers.CharField(max_length=5_000)


class CoverageQuery(StrictSerializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    on = Day(help_text=_("The date to check, e.g. the day of arrest"))
    expiry = Day(required=False, help_text=_("The printed expiry, if any"))
    issued = Day(required=False, help_text=_("The issue date, if known"))


class CaseListQuery(StrictSerializer):
    q = _text(100, help_text=_("Name, father's name, reference or FIR"))
    stage = _choice(Stage.choices)
    custody = _choice([("awaiting", "Not yet produced"), *CustodyStatus.choices])
    papers = _choice(
        [*CoverageStatus.choices, ("none", "No documents recorded")],
        help_text=_("Coverage on the day of arrest"),
    )
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)


class PageQuery(StrictSerializer):
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)


class PetitionListQuery(PageQuery):
    state = _choice(PetitionState.choices)


class DocumentListQuery(PageQuery):
    kind = _choice(DocumentKind.choices)


class HearingListQuery(PageQuery):
    upcoming = serializers.BooleanField(
        required=False, default=False, help_text=_("Only hearings from now on")
    )


class CourtListQuery(PageQuery):
    level = _choice(CourtLevel.choices)
    seat = _text(80, help_text=_("City where the court sits, e.g. Peshawar"))


class TemplateListQuery(PageQuery):
    language = _choice(Language.choices)


class IncidentListQuery(PageQuery):
    agency = _choice(Agency.choices)


class InboxEntryInput(StrictSerializer):
    """What a partner knows of someone taken. Only the name is required."""

    name = serializers.CharField(max_length=120)
    father_name = _text(120)
    taken_at = Moment(required=False, allow_null=True)
    place_taken = _text(200)
    held_at = _text(200)
    family_phone = _text(32)
    age = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=110,
        help_text=_("Years, as far as anyone knows: a child is flagged at once"),
    )  # fmt: skip
    notes = _text(2000)


class InboxReceipt(serializers.Serializer):
    received = serializers.BooleanField()
    message = serializers.CharField()


_PAGES: dict[type, type] = {}


def paginated(child: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The page envelope of api.pagination.PagePagination around ``child``, for the schema."""
    if child not in _PAGES:
        name = child.__name__.removesuffix("Serializer")
        _PAGES[child] = type(
            f"Paginated{name}ListSerializer",
            (serializers.Serializer,),
            {
                "page": serializers.IntegerField(min_value=1),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": child(many=True),
            },
        )
    return _PAGES[child]


class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField()
    field_errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
