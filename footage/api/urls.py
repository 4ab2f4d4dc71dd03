from django.urls import path

import common.converters  # noqa: F401 - registers the public_id converter
from footage.api.views import AssetVerificationView

urlpatterns = [
    path(
        "assets/<public_id:public_id>/verification/",
        AssetVerificationView.as_view(),
        name="asset-verification",
    ),
]
