from django.urls import path

import common.converters  # noqa: F401 - registers the public_id converter
from catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("clips/", views.browse, name="browse"),
    path("clips/<public_id:public_id>/", views.clip, name="clip-short"),
    path("clips/<public_id:public_id>/<slug:slug>/", views.clip, name="clip"),
    path("partners/<slug:slug>/", views.partner, name="partner"),
    path("categories/<slug:slug>/", views.category, name="category"),
    path("tags/<slug:slug>/", views.tag, name="tag"),
    path("stories/", views.stories, name="stories"),
    path("stories/<slug:slug>/", views.story, name="story"),
]
