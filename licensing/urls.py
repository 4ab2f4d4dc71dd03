from django.urls import path

from licensing import views

app_name = "licensing"
urlpatterns = [
    path("licenses/verify/<str:code>/", views.verify, name="verify"),
]
