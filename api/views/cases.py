"""Cases, their person and detention, identity documents with coverage, hearings."""

from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api import serializers as s
from api.pagination import PagePagination
from api.services import intake_case_open
from api.views.base import Conflict, MemberView, case_read, list_read, page_of, query
from casework import selectors
from detainees import case_list
from detainees import services as detainee_services
from detainees.custody import custody_now
from detainees.hearings import selectors as hearing_selectors
from detainees.hearings import services as hearing_services
from detainees.intake.duplicates import row_duplicates
from detainees.intake.forms import arrest_details
from detainees.intake.services import DuplicatesFound, IntakeRow, RowsInvalid
from detainees.models import Court
from documents import selectors as document_selectors
from documents import services as document_services


def _case_detail(case, request) -> dict:
    case.stage = case_list.case_stage(case)
    case.custody = custody_now(case)
    return s.CaseDetailSerializer(case, context={"request": request}).data


class CaseListView(MemberView):
    @extend_schema(
        operation_id="cases_list",
        parameters=[s.CaseListQuery],
        responses=s.paginated(s.CaseSummarySerializer),
    )
    def get(self, request):
        """Cases you may open: high risk and still held first, then held longest."""
        params = query(s.CaseListQuery, request)
        filters = case_list.CaseFilters(
            stage=params.get("stage", ""), custody=params.get("custody", ""),
            q=params.get("q", ""), papers=params.get("papers", ""),
        )  # fmt: skip
        response = page_of(self, request, case_list.case_list(request.user, filters),
                           s.CaseSummarySerializer)  # fmt: skip
        organisation = selectors.membership_of(request.user).organisation
        used = [k for k, v in filters.__dict__.items() if v not in (None, "")]
        list_read(request, "case_list.viewed", organisation, response, used)
        return response

    @extend_schema(
        operation_id="cases_open",
        request=s.CaseOpenInput,
        responses={201: s.CaseDetailSerializer, 409: s.ErrorSerializer},
    )
    def post(self, request):
        """Open a case (intake). A possible duplicate answers 409 unless confirm_new is true."""
        membership = selectors.membership_of(request.user)
        data = self._valid(request)
        row = IntakeRow(
            person_fields={k: data[k] for k in s.CaseOpenInput.PERSON if k in data},
            detention_fields=arrest_details(
                {k: data.get(k, "") for k in s.CaseOpenInput.DETENTION}
            ),
            document_kind=data.get("document_kind") or "",
            document_number=data.get("document_number") or "",
        )
        try:
            case = intake_case_open(membership=membership, row=row, confirmed=data["confirm_new"])
        except DuplicatesFound:
            warning = row_duplicates(request.user, [row]).get(0)
            raise Conflict(_duplicates_message(warning)) from None
        except RowsInvalid as invalid:
            error = invalid.errors.get(0) or DjangoValidationError(invalid.shared)
            raise ValidationError(getattr(error, "message_dict", None) or error.messages) from None
        case = selectors.case_for_user(request.user, case.reference)
        return Response(_case_detail(case, request), status=status.HTTP_201_CREATED)

    def _valid(self, request) -> dict:
        serializer = s.CaseOpenInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def _duplicates_message(warning) -> str:
    problems = []
    if warning and warning.cases:
        problems.append(
            "Cases already exist for someone with the same name and father's name: "
            + ", ".join(c.reference for c in warning.cases) + "."
        )  # fmt: skip
    if warning and warning.number_cases:
        problems.append(
            "A record with this document number exists: "
            + ", ".join(c.reference for c in warning.number_cases) + "."
        )  # fmt: skip
    elif warning and warning.number_hidden:
        problems.append("A record with this document number exists; ask a supervisor.")
    problems.append("If this is someone else, send confirm_new: true.")
    return " ".join(problems)


class CaseDetailView(MemberView):
    @extend_schema(operation_id="case_read", responses=s.CaseDetailSerializer)
    def get(self, request, reference: str):
        case = selectors.case_for_user(request.user, reference)
        case_read(request, case)
        return Response(_case_detail(case, request))


class _SectionView(MemberView):
    """The person or the detention of a case: read, or change some fields."""

    read_serializer = None
    input_serializer = None
    service = None
    attribute = ""

    def get(self, request, reference: str):
        case = selectors.case_for_user(request.user, reference)
        case_read(request, case)
        return Response(self.read_serializer(getattr(case, self.attribute)).data)

    def patch(self, request, reference: str):
        case = selectors.case_for_user(request.user, reference, "change_case")
        serializer = self.input_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        type(self).service(case=case, fields=dict(serializer.validated_data), by=request.user)
        case = selectors.case_for_user(request.user, reference)
        return Response(self.read_serializer(getattr(case, self.attribute)).data)


@extend_schema(responses=s.PersonSerializer)
class PersonView(_SectionView):
    read_serializer = s.PersonSerializer
    input_serializer = s.PersonUpdateInput
    service = detainee_services.person_update
    attribute = "person"

    @extend_schema(operation_id="case_person_read")
    def get(self, request, reference: str):
        return super().get(request, reference)

    @extend_schema(operation_id="case_person_update", request=s.PersonUpdateInput)
    def patch(self, request, reference: str):
        return super().patch(request, reference)


class DetentionView(_SectionView):
    read_serializer = s.DetentionSerializer
    input_serializer = s.DetentionUpdateInput
    service = detainee_services.detention_update
    attribute = "detention"

    @extend_schema(operation_id="case_detention_read", responses=s.DetentionSerializer)
    def get(self, request, reference: str):
        return super().get(request, reference)

    @extend_schema(
        operation_id="case_detention_update",
        request=s.DetentionUpdateInput,
        responses=s.DetentionSerializer,
    )
    def patch(self, request, reference: str):
        return super().patch(request, reference)


def _document_row(case, document_id: UUID):
    for row in document_selectors.case_documents_with_coverage(case):
        if row.document.public_id == document_id:
            return row
    from django.http import Http404

    raise Http404


class DocumentListView(MemberView):
    @extend_schema(
        operation_id="case_documents_list",
        parameters=[s.DocumentListQuery],
        responses=s.paginated(s.DocumentWithCoverageSerializer),
    )
    def get(self, request, reference: str):
        """The detainee's documents, each with its coverage on the day of arrest."""
        case = selectors.case_for_user(request.user, reference)
        case_read(request, case)
        params = query(s.DocumentListQuery, request)
        rows = document_selectors.case_documents_with_coverage(case)
        if params.get("kind"):
            rows = [r for r in rows if r.document.kind == params["kind"]]
        return page_of(self, request, rows, s.DocumentWithCoverageSerializer)

    @extend_schema(
        operation_id="case_documents_add",
        request=s.DocumentInput,
        responses={201: s.DocumentWithCoverageSerializer},
    )
    def post(self, request, reference: str):
        case = selectors.case_for_user(request.user, reference, "change_case")
        serializer = s.DocumentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = document_services.document_add(
            case=case, fields=dict(serializer.validated_data), by=request.user
        )
        row = _document_row(case, document.public_id)
        return Response(s.DocumentWithCoverageSerializer(row).data, status=201)


class DocumentDetailView(MemberView):
    @extend_schema(operation_id="case_document_read", responses=s.DocumentWithCoverageSerializer)
    def get(self, request, reference: str, document_id: UUID):
        case = selectors.case_for_user(request.user, reference)
        row = _document_row(case, document_id)
        case_read(request, case)
        return Response(s.DocumentWithCoverageSerializer(row).data)


class HearingListView(MemberView):
    @extend_schema(
        operation_id="case_hearings_list",
        parameters=[s.HearingListQuery],
        responses=s.paginated(s.HearingSerializer),
    )
    def get(self, request, reference: str):
        case = selectors.case_for_user(request.user, reference)
        case_read(request, case)
        params = query(s.HearingListQuery, request)
        hearings = case.hearings.select_related("court").prefetch_related("attending")
        if params.get("upcoming"):
            from django.utils import timezone

            hearings = hearings.filter(starts_at__gte=timezone.now())
        return page_of(self, request, hearings.order_by("starts_at", "id"), s.HearingSerializer)

    @extend_schema(
        operation_id="case_hearings_schedule",
        request=s.HearingInput,
        responses={201: s.HearingSerializer},
    )
    def post(self, request, reference: str):
        case = selectors.case_for_user(request.user, reference, "change_case")
        serializer = s.HearingInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        court = Court.objects.filter(pk=data["court"]).first()
        candidates = {u.username: u for u in hearing_selectors.attendee_candidates(case)}
        strangers = [name for name in data["attending"] if name not in candidates]
        if strangers:
            from django.core.exceptions import ValidationError
            from django.utils.translation import gettext

            raise ValidationError({"attending": gettext(
                "%(names)s cannot attend for this case: only lawyers on the case team and "
                "supervisors can."
            ) % {"names": ", ".join(strangers)}})  # fmt: skip
        hearing = hearing_services.hearing_schedule(
            case=case, court=court, starts_at=data["starts_at"], purpose=data["purpose"],
            judge=data.get("judge", ""), attending=[candidates[n] for n in data["attending"]],
            by=request.user,
        )  # fmt: skip
        return Response(s.HearingSerializer(hearing).data, status=201)


class HearingDetailView(MemberView):
    @extend_schema(operation_id="case_hearing_read", responses=s.HearingSerializer)
    def get(self, request, reference: str, hearing_id: UUID):
        case = selectors.case_for_user(request.user, reference)
        hearing = (
            case.hearings.select_related("court").prefetch_related("attending")
            .filter(public_id=hearing_id).first()
        )  # fmt: skip
        if hearing is None:
            from django.http import Http404

            raise Http404
        case_read(request, case)
        return Response(s.HearingSerializer(hearing).data)


class CourtListView(MemberView):
    pagination_class = PagePagination

    @extend_schema(
        operation_id="courts_list",
        parameters=[s.CourtListQuery],
        responses=s.paginated(s.CourtSerializer),
    )
    def get(self, request):
        """Courts to name when scheduling a hearing."""
        selectors.membership_of(request.user)
        params = query(s.CourtListQuery, request)
        courts = Court.objects.filter(is_active=True)
        if params.get("level"):
            courts = courts.filter(level=params["level"])
        if params.get("seat"):
            courts = courts.filter(seat__iexact=params["seat"])
        return page_of(self, request, courts.order_by("seat", "level", "name", "id"),
                       s.CourtSerializer)  # fmt: skip
