from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("cases/<slug:reference>/files/<int:file_id>/", views.file_download, name="file-download"),
]
