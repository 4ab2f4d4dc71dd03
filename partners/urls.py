"""The partner area on the site: /partner/…"""

app_name = "partners"
urlpatterns = []
