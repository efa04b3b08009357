"""Incidents, petitions, the coverage check, petition templates and the partner inbox."""

from uuid import UUID

from django.http import FileResponse, Http404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.permissions import InboxTokenOnly
from api.services import inbox_entry_receive
from api.views.base import MemberView, case_read, list_read, page_of, query
from casework.audit import log_read
from casework.selectors import case_for_user, membership_of
from detainees.incidents import services as incident_services
from detainees.incidents.selectors import incident_for_user, incident_list
from documents.coverage import evaluate
from documents.models import PetitionState
from documents.petitions import selectors as petition_selectors
from documents.petitions import services as petition_services
from documents.selectors import rules_for


class IncidentListView(MemberView):
    @extend_schema(
        operation_id="incidents_list",
        parameters=[s.IncidentListQuery],
        responses=s.paginated(s.IncidentSerializer),
    )
    def get(self, request):
        """Raids you may see, newest first."""
        params = query(s.IncidentListQuery, request)
        incidents = incident_list(request.user)
        if params.get("agency"):
            incidents = incidents.filter(agency=params["agency"])
        response = page_of(self, request, incidents.order_by("-occurred_at", "-id"),
                           s.IncidentSerializer)  # fmt: skip
        # Each raid names who reported it: the list is a read of them all.
        organisation = membership_of(request.user).organisation
        list_read(request, "incident.viewed", organisation, response, [k for k in params if k])
        return response

    @extend_schema(
        operation_id="incidents_record",
        request=s.IncidentInput,
        responses={201: s.IncidentSerializer},
    )
    def post(self, request):
        membership_of(request.user)
        serializer = s.IncidentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        incident = incident_services.incident_create(
            created_by=request.user, fields=dict(serializer.validated_data)
        )
        return Response(s.IncidentSerializer(incident).data, status=201)


class IncidentDetailView(MemberView):
    @extend_schema(operation_id="incident_read", responses=s.IncidentSerializer)
    def get(self, request, incident_id: UUID):
        incident = incident_for_user(request.user, incident_id)
        log_read(request, "incident.viewed", organisation=incident.organisation, obj=incident,
                 data={"page": "api"})  # fmt: skip
        return Response(s.IncidentSerializer(incident).data)


class CoverageView(MemberView):
    @extend_schema(
        operation_id="coverage_check", parameters=[s.CoverageQuery], responses=s.CoverageSerializer
    )
    def get(self, request):
        """Was a document of this kind (and printed expiry) valid on a date, and by which rule?"""
        membership_of(request.user)
        params = query(s.CoverageQuery, request)
        result = evaluate(
            kind=params["kind"], on_date=params["on"], rules=rules_for([params["kind"]]),
            expires_on=params.get("expiry"), issued_on=params.get("issued"),
        )  # fmt: skip
        return Response(s.CoverageSerializer(result).data)


class PetitionTemplateListView(MemberView):
    @extend_schema(
        operation_id="petition_templates_list",
        parameters=[s.TemplateListQuery],
        responses=s.paginated(s.PetitionTemplateSerializer),
    )
    def get(self, request):
        """The organisation's petition library (its own wording where it has any)."""
        params = query(s.TemplateListQuery, request)
        templates = petition_selectors.templates_for_organisation(
            membership_of(request.user).organisation
        )
        if params.get("language"):
            templates = [t for t in templates if t.language == params["language"]]
        return page_of(self, request, templates, s.PetitionTemplateSerializer)


def _petition(request, reference: str, petition_id: UUID):
    case = case_for_user(request.user, reference)
    return case, petition_selectors.petition_for_case(case, petition_id)


class PetitionListView(MemberView):
    @extend_schema(
        operation_id="case_petitions_list",
        parameters=[s.PetitionListQuery],
        responses=s.paginated(s.PetitionSerializer),
    )
    def get(self, request, reference: str):
        case = case_for_user(request.user, reference)
        case_read(request, case)
        params = query(s.PetitionListQuery, request)
        petitions = petition_selectors.case_petitions(case)
        if params.get("state"):
            petitions = petitions.filter(state=params["state"])
        return page_of(self, request, petitions.order_by("-created_at", "-id"),
                       s.PetitionSerializer)  # fmt: skip

    @extend_schema(
        operation_id="case_petitions_draft",
        request=s.PetitionCreateInput,
        responses={201: s.PetitionSerializer},
    )
    def post(self, request, reference: str):
        """Draft a petition from a template, with the case's details taken now."""
        case = case_for_user(request.user, reference, "draft_petition")
        serializer = s.PetitionCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        template = petition_selectors.template_for(case.organisation, data["template"],
                                                   data["language"])  # fmt: skip
        if template is None:
            from django.core.exceptions import ValidationError

            raise ValidationError(
                {"template": gettext("No petition template with this key and language.")}
            )
        petition = petition_services.petition_create(
            case=case, template=template, by=request.user, court=data.get("court", "")
        )
        _, petition = _petition(request, reference, petition.public_id)
        return Response(s.PetitionSerializer(petition).data, status=201)


class PetitionDetailView(MemberView):
    @extend_schema(operation_id="case_petition_read", responses=s.PetitionSerializer)
    def get(self, request, reference: str, petition_id: UUID):
        """The petition and its state: poll it while the PDF is rendering."""
        case, petition = _petition(request, reference, petition_id)
        case_read(request, case)
        return Response(s.PetitionSerializer(petition).data)

    @extend_schema(
        operation_id="case_petition_edit",
        request=s.PetitionUpdateInput,
        responses=s.PetitionSerializer,
    )
    def patch(self, request, reference: str, petition_id: UUID):
        """Edit a draft's court, facts, grounds and prayer."""
        _, petition = _petition(request, reference, petition_id)
        serializer = s.PetitionUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        annexures = list(
            petition.annexures.through.objects.filter(petition=petition).values_list(
                "file_id", "title"
            )
        )
        petition_services.petition_update(
            petition=petition, by=request.user, court=data["court"],
            facts=data.get("facts", petition.facts), grounds=data.get("grounds", petition.grounds),
            prayer_additions=data.get("prayer_additions", petition.prayer_additions),
            annexures=annexures,
        )  # fmt: skip
        _, petition = _petition(request, reference, petition_id)
        return Response(s.PetitionSerializer(petition).data)


class _PetitionTransition(MemberView):
    """One step of the petition's life; the service checks who may take it and when."""

    service = None
    input_serializer = None

    def post(self, request, reference: str, petition_id: UUID):
        _, petition = _petition(request, reference, petition_id)
        if self.input_serializer is not None:
            serializer = self.input_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            type(self).service(petition=petition, by=request.user, **serializer.validated_data)
        else:
            type(self).service(petition=petition, by=request.user)
        _, petition = _petition(request, reference, petition_id)
        return Response(s.PetitionSerializer(petition).data)


def _transition(name: str, service, doc: str, input_serializer=None):
    def post(self, request, reference: str, petition_id: UUID):
        return _PetitionTransition.post(self, request, reference, petition_id)

    post = extend_schema(
        operation_id=f"case_petition_{name}",
        request=input_serializer,
        responses=s.PetitionSerializer,
        description=doc,
    )(post)
    return type(
        f"Petition{name.title()}View",
        (_PetitionTransition,),
        {"service": service, "input_serializer": input_serializer, "post": post},
    )


PetitionSubmitView = _transition(
    "submit", petition_services.petition_submit, "Send the draft for approval."
)
PetitionApproveView = _transition(
    "approve", petition_services.petition_approve,
    "Approve (never the drafter): the PDF is then rendered; poll the petition until ready.",
)  # fmt: skip
PetitionReturnView = _transition(
    "return", petition_services.petition_return, "Return to the drafter with comments.",
    s.PetitionReturnInput,
)  # fmt: skip
PetitionRenderView = _transition(
    "render", petition_services.petition_rerender,
    "Render the approved petition again (after a failure, or to pick up a replaced scan).",
)  # fmt: skip


class PDFRenderer(BaseRenderer):
    """Lets a client ask for ``Accept: application/pdf``; the PDF itself is a FileResponse
    and errors are rendered as JSON (PetitionPdfView.handle_exception)."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data)


class PetitionPdfView(MemberView):
    renderer_classes = [JSONRenderer, PDFRenderer]

    def handle_exception(self, exc):
        # Errors are JSON whatever the client accepted (the PDF is the only non-JSON answer).
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    @extend_schema(
        operation_id="case_petition_pdf",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF"),
        },
    )
    def get(self, request, reference: str, petition_id: UUID):
        """The rendered PDF, once the petition is ready (404 before)."""
        _, petition = _petition(request, reference, petition_id)
        if petition.state not in (PetitionState.READY, PetitionState.FILED) or not petition.pdf:
            raise Http404
        try:
            handle = petition.pdf.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        petition_services.petition_downloaded(petition=petition, by=request.user)
        filename = f"{petition.case.reference}-{petition.version.template.key}.pdf"
        response = FileResponse(
            handle, as_attachment=True, content_type="application/pdf", filename=filename
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store"
        return response


class IntakeView(APIView):
    """The partner inbox: an inbox token posts; nothing can be read back."""

    permission_classes = [InboxTokenOnly]

    @extend_schema(
        operation_id="intake_post",
        request=s.InboxEntryInput,
        responses={202: s.InboxReceipt},
    )
    def post(self, request):
        """Tell the organisation that someone was taken. The answer is the same whoever it is."""
        serializer = s.InboxEntryInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        inbox_entry_receive(token=request.auth, fields=dict(serializer.validated_data))
        return Response(
            {"received": True, "message": "Thank you. A lawyer will look at this."}, status=202
        )
