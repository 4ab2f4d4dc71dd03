from rest_framework.routers import DefaultRouter

from catalog.api import views

router = DefaultRouter()
router.register("assets", views.AssetViewSet, basename="asset")
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("tags", views.TagViewSet, basename="tag")
router.register("stories", views.StoryViewSet, basename="story")

urlpatterns = router.urls
