from django.urls import path

from catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("clips/<str:public_id>/", views.clip, name="clip-short"),
    path("clips/<str:public_id>/<slug:slug>/", views.clip, name="clip"),
    path("stories/<slug:slug>/", views.story, name="story"),
]
