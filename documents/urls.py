from django.urls import path

from documents import views
from documents.petitions.urls import urlpatterns as petition_urlpatterns

app_name = "documents"

urlpatterns = [
    path("cases/<slug:reference>/files/<int:file_id>/", views.file_download, name="file-download"),
]
urlpatterns += petition_urlpatterns
