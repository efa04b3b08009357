"""/api/: the versioned JSON API, its OpenAPI document and the docs page."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path

from api.docs import SchemaView, docs_view
from api.errors import not_found
from api.views import cases, other

case = "v1/cases/<slug:reference>/"
petition = f"{case}petitions/<uuid:petition_id>/"


def _open(view):
    # Token requests carry no session: the API answers 401/403 itself, never a login redirect.
    return login_not_required(view.as_view())


app_name = "api"

urlpatterns = [
    path("schema/", login_not_required(SchemaView.as_view()), name="schema"),
    path("docs/", login_not_required(docs_view), name="docs"),
    path("v1/cases/", _open(cases.CaseListView), name="case-list"),
    path(case, _open(cases.CaseDetailView), name="case-detail"),
    path(f"{case}person/", _open(cases.PersonView), name="case-person"),
    path(f"{case}detention/", _open(cases.DetentionView), name="case-detention"),
    path(f"{case}documents/", _open(cases.DocumentListView), name="case-documents"),
    path(
        f"{case}documents/<uuid:document_id>/",
        _open(cases.DocumentDetailView),
        name="case-document",
    ),
    path(f"{case}hearings/", _open(cases.HearingListView), name="case-hearings"),
    path(f"{case}hearings/<uuid:hearing_id>/", _open(cases.HearingDetailView), name="case-hearing"),
    path(f"{case}petitions/", _open(other.PetitionListView), name="case-petitions"),
    path(petition, _open(other.PetitionDetailView), name="case-petition"),
    path(f"{petition}submit/", _open(other.PetitionSubmitView), name="petition-submit"),
    path(f"{petition}approve/", _open(other.PetitionApproveView), name="petition-approve"),
    path(f"{petition}return/", _open(other.PetitionReturnView), name="petition-return"),
    path(f"{petition}render/", _open(other.PetitionRenderView), name="petition-render"),
    path(f"{petition}pdf/", _open(other.PetitionPdfView), name="petition-pdf"),
    path("v1/incidents/", _open(other.IncidentListView), name="incident-list"),
    path("v1/incidents/<uuid:incident_id>/", _open(other.IncidentDetailView), name="incident"),
    path("v1/coverage/", _open(other.CoverageView), name="coverage"),
    path("v1/courts/", _open(cases.CourtListView), name="court-list"),
    path("v1/petition-templates/", _open(other.PetitionTemplateListView), name="template-list"),
    path("v1/intake/", _open(other.IntakeView), name="intake"),
    # [\s\S], not ".": a path with a newline in it still gets the JSON 404. So does an
    # object id that is not a UUID: no pattern above takes it, this one answers.
    re_path(r"^[\s\S]*$", login_not_required(not_found)),
]
