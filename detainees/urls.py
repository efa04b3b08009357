from django.urls import path

from detainees import views

app_name = "detainees"

urlpatterns = [
    path("cases/<slug:reference>/person/", views.person_edit, name="person-edit"),
    path("cases/<slug:reference>/detention/", views.detention_edit, name="detention-edit"),
]
