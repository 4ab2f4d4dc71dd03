"""Two views whose query outruns a short statement timeout: one under /api/, one a page."""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path


def slow(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")
    return HttpResponse("finished")


urlpatterns = [path("api/v1/slow/", slow), path("slow/", slow), path("", include("config.urls"))]
