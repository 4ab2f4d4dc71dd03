from django.urls import path
from rest_framework.routers import SimpleRouter

from licensing.api import views

router = SimpleRouter()
router.register("orders", views.OrderViewSet, basename="order")
router.register("licenses", views.LicenseViewSet, basename="license")

urlpatterns = [
    *router.urls,
    path("downloads/<str:token>/", views.DownloadView.as_view(), name="download"),
]
