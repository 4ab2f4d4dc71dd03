"""The partner API: /api/v1/uploads/ (tus 1.0) and /api/v1/partner/…"""

urlpatterns = []
