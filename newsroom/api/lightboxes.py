"""Boards over the API: /api/v1/lightboxes/. A buyer organisation's boards, shared by its
members and its API keys; another organisation's board is not found (404)."""

from django.db.models import Count, Prefetch
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from catalog.models import VideoAsset
from common.access import sees_everything
from common.fields import StringField
from common.links import absolute_url
from common.members import request_person
from common.models import PUBLIC_ID_PATTERN
from common.responses import UNAVAILABLE_FOR_LEGAL_REASONS, unavailable_sentence
from common.schema import error_responses
from common.throttling import ScopedActions
from footage.models import Rendition
from licensing.api.permissions import IsBuyer
from licensing.api.serializers import OrderSerializer
from licensing.api.views import ERROR_TEXTS, order_answer
from licensing.models import Order
from licensing.services.purchase import IDEMPOTENCY_KEY_PATTERN
from newsroom.models import Lightbox, LightboxItem
from newsroom.models.lightboxes import NAME_MAX_LENGTH, NOTE_MAX_LENGTH
from newsroom.services.lightboxes import (
    lightbox_availability,
    lightbox_create,
    lightbox_delete,
    lightbox_item_add,
    lightbox_item_note,
    lightbox_item_remove,
    lightbox_purchase,
    lightbox_rename,
)
from rights.registry import load as territory_registry

# --- input -------------------------------------------------------------------------------


class StrictBooleanField(serializers.BooleanField):
    """true or false, as JSON says it: DRF's BooleanField would take "yes" or 1."""

    default_error_messages = {"not_a_boolean": "Must be true or false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("not_a_boolean")
        return data


class LightboxWriteSerializer(serializers.Serializer):
    name = StringField(max_length=NAME_MAX_LENGTH, help_text="The board's name.")


class LightboxItemCreateSerializer(serializers.Serializer):
    asset = serializers.RegexField(
        rf"^{PUBLIC_ID_PATTERN}$",
        help_text="A clip's public id.",
        error_messages={"invalid": "A clip's public id is 12 letters and digits."},
    )
    note = StringField(
        max_length=NOTE_MAX_LENGTH, allow_blank=True, default="", help_text="Why it is here."
    )


class LightboxItemUpdateSerializer(serializers.Serializer):
    note = StringField(max_length=NOTE_MAX_LENGTH, allow_blank=True)


class LightboxOrderSerializer(serializers.Serializer):
    license = serializers.SlugField(
        max_length=30, help_text="The licence type every clip is bought under (editorial, …)."
    )
    allow_duplicate = StrictBooleanField(
        default=False,
        help_text="Buy even the clips you already hold an active licence of this type for.",
    )


# --- output ------------------------------------------------------------------------------


class LightboxItemSerializer(serializers.ModelSerializer):
    asset = serializers.CharField(source="asset.public_id", help_text="The clip's public id.")
    title = serializers.CharField(source="asset.title")
    duration = serializers.CharField(source="asset.duration", help_text='"MM:SS" or "H:MM:SS".')
    duration_seconds = serializers.IntegerField(source="asset.duration_seconds")
    restrictions = serializers.CharField(source="asset.restrictions")
    url = serializers.SerializerMethodField(help_text="The clip in the API.")
    page_url = serializers.SerializerMethodField(help_text="The clip page on the website.")
    thumbnail = serializers.SerializerMethodField()
    available = serializers.SerializerMethodField(
        help_text="Whether your organisation can buy this clip now, from where you are."
    )
    reason = serializers.SerializerMethodField(
        help_text="Why it cannot, in a sentence (withdrawn, not published, the restrictions' "
        "reasons and the territory that refused, an exclusive licence); empty when it can."
    )

    class Meta:
        model = LightboxItem
        fields = [
            "asset",
            "title",
            "duration",
            "duration_seconds",
            "restrictions",
            "url",
            "page_url",
            "thumbnail",
            "note",
            "added_at",
            "available",
            "reason",
        ]

    def _url(self, path: str) -> str:
        return absolute_url(self.context.get("request"), path)

    def get_url(self, item) -> str:
        return self._url(reverse("api:asset-detail", kwargs={"public_id": item.asset.public_id}))

    def get_page_url(self, item) -> str:
        return self._url(item.asset.get_absolute_url())

    def get_thumbnail(self, item) -> str | None:
        url = item.asset.thumbnail_url
        return self._url(url) if url else None

    def get_available(self, item) -> bool:
        return self.context["availability"][item.pk].available

    def get_reason(self, item) -> str:
        return self.context["availability"][item.pk].reason


class LightboxSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    item_count = serializers.IntegerField(help_text="How many clips the board holds.")
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField(help_text="The board on the website.")

    class Meta:
        model = Lightbox
        fields = ["id", "name", "item_count", "created_at", "updated_at", "url", "page_url"]

    def get_url(self, board) -> str:
        path = reverse("api:lightbox-detail", kwargs={"public_id": board.public_id})
        return absolute_url(self.context.get("request"), path)

    def get_page_url(self, board) -> str:
        return absolute_url(self.context.get("request"), board.get_absolute_url())


class LightboxDetailSerializer(LightboxSerializer):
    items = LightboxItemSerializer(many=True, help_text="Oldest first.")

    class Meta(LightboxSerializer.Meta):
        fields = [*LightboxSerializer.Meta.fields, "items"]


# --- views -------------------------------------------------------------------------------

BOARD_ERRORS = {
    409: "A limit is reached (code limit_reached: boards per organisation, clips per board), "
    "or the clip is already on the board (code already_on_board; PATCH its note instead).",
    UNAVAILABLE_FOR_LEGAL_REASONS: "The clip's restrictions keep it from the request's "
    "territory, as GET /api/v1/assets/{id}/ answers; items[0] names the territory and reasons.",
}


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "pattern": f"^{IDEMPOTENCY_KEY_PATTERN}$"},
    OpenApiParameter.HEADER,
    required=True,
    description="Any unique string per order; a retry with the same key, while the board "
    "holds the same clips, returns the first order (200).",
)
ASSET_IN_PATH = OpenApiParameter(
    "asset", {"type": "string", "pattern": f"^{PUBLIC_ID_PATTERN}$"}, OpenApiParameter.PATH
)


class LightboxViewSet(
    ScopedActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Your organisation's boards: clips collected for a story, with a note each, bought
    together in one order. Each clip says whether it can be bought now, and why not."""

    permission_classes = [IsBuyer]
    lookup_field = "public_id"
    lookup_value_regex = PUBLIC_ID_PATTERN
    throttle_scopes = {"order": "purchase"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Lightbox.objects.none()
        return Lightbox.objects.filter(buyer=self.request.buyer).annotate(item_count=Count("items"))

    def get_serializer_class(self):
        return LightboxDetailSerializer if self.action == "retrieve" else LightboxSerializer

    def _board_answer(self, board: Lightbox, code=status.HTTP_200_OK) -> Response:
        """The board as it is now, its clips with their availability for this buyer here."""
        items = LightboxItem.objects.select_related("asset").prefetch_related(
            Prefetch("asset__renditions", queryset=Rendition.objects.filter(status="done"))
        )
        fresh = (
            self.get_queryset().prefetch_related(Prefetch("items", queryset=items)).get(pk=board.pk)
        )
        listed = list(fresh.items.all())
        availability = lightbox_availability(
            listed, buyer=self.request.buyer, request_territory=self.request.territory
        )
        context = {**self.get_serializer_context(), "availability": availability}
        return Response(LightboxDetailSerializer(fresh, context=context).data, status=code)

    @extend_schema(
        request=LightboxWriteSerializer,
        responses={201: LightboxDetailSerializer, **error_responses(BOARD_ERRORS, 409)},
    )
    def create(self, request):
        payload = LightboxWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        board = lightbox_create(
            buyer=request.buyer, name=payload.validated_data["name"], created_by=request.user
        )
        return self._board_answer(board, status.HTTP_201_CREATED)

    @extend_schema(responses={200: LightboxDetailSerializer})
    def retrieve(self, request, *args, **kwargs):
        return self._board_answer(self.get_object())

    @extend_schema(request=LightboxWriteSerializer, responses={200: LightboxDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        board = self.get_object()
        payload = LightboxWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        lightbox_rename(lightbox=board, name=payload.validated_data["name"])
        return self._board_answer(board)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        lightbox_delete(lightbox=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=LightboxItemCreateSerializer,
        responses={
            201: LightboxDetailSerializer,
            **error_responses(BOARD_ERRORS, 409, UNAVAILABLE_FOR_LEGAL_REASONS),
        },
        description="Put a clip on the board. A clip you cannot see is not found (404), as in "
        "the assets API; a clip already on the board is a 409 (code already_on_board).",
    )
    @action(detail=True, methods=["post"], url_path="items", pagination_class=None)
    def items(self, request, public_id=None):
        board = self.get_object()
        payload = LightboxItemCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        wanted = payload.validated_data
        asset = (
            VideoAsset.objects.visible_to(request.user).filter(public_id=wanted["asset"]).first()
        )
        if asset is None:
            body = {"detail": "No clip has this id.", "code": "not_found"}
            return Response(body, status=status.HTTP_404_NOT_FOUND)
        if not sees_everything(request.user):
            decision = asset.availability(request.territory)
            if not decision.allowed:  # as GET /api/v1/assets/{id}/: it may not be seen here
                where = territory_registry().label(request.territory)
                item = {
                    "asset": asset.public_id,
                    "territory": request.territory,
                    "reasons": list(decision.reasons),
                }
                body = {
                    "detail": unavailable_sentence(where),
                    "code": "unavailable",
                    "items": [item],
                }
                return Response(body, status=UNAVAILABLE_FOR_LEGAL_REASONS)
        lightbox_item_add(lightbox=board, asset=asset, note=wanted["note"], added_by=request.user)
        return self._board_answer(board, status.HTTP_201_CREATED)

    def _item(self, board: Lightbox, asset: str) -> LightboxItem | None:
        return (
            LightboxItem.objects.select_related("lightbox", "asset")
            .filter(lightbox=board, asset__public_id=asset)
            .first()
        )

    @extend_schema(
        methods=["PATCH"],
        parameters=[ASSET_IN_PATH],
        request=LightboxItemUpdateSerializer,
        responses={200: LightboxDetailSerializer},
        description="Change the note of a clip on the board.",
    )
    @extend_schema(
        methods=["DELETE"],
        parameters=[ASSET_IN_PATH],
        request=None,
        responses={204: None},
        description="Take a clip off the board.",
    )
    @action(
        detail=True,
        methods=["patch", "delete"],
        url_path=rf"items/(?P<asset>{PUBLIC_ID_PATTERN})",
        url_name="item",
        pagination_class=None,
    )
    def item(self, request, public_id=None, asset=None):
        board = self.get_object()
        found = self._item(board, asset)
        if found is None:
            body = {"detail": "This clip is not on the board.", "code": "not_found"}
            return Response(body, status=status.HTTP_404_NOT_FOUND)
        if request.method == "DELETE":
            lightbox_item_remove(item=found)
            return Response(status=status.HTTP_204_NO_CONTENT)
        payload = LightboxItemUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        lightbox_item_note(item=found, note=payload.validated_data["note"])
        return self._board_answer(board)

    @extend_schema(
        request=LightboxOrderSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: OrderSerializer,
            200: OrderSerializer,
            **error_responses(ERROR_TEXTS, 400, 401, 402, 409, 422, UNAVAILABLE_FOR_LEGAL_REASONS),
        },
        description="Buy every clip on the board under one licence type, in one order, as "
        "POST /api/v1/orders/ would: the same rules and answers apply to each clip (each "
        "refused item names its index on the board and the clip), and a refusal buys nothing.",
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def order(self, request, public_id=None):
        board = self.get_object()
        payload = LightboxOrderSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = lightbox_purchase(
            lightbox=board,
            license=payload.validated_data["license"],
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            request_territory=request.territory,
            allow_duplicate=payload.validated_data["allow_duplicate"],
            placed_by=request_person(request),
            api_key=getattr(request.user, "api_key", None),
        )
        order = Order.objects.prefetch_related("lines__license").get(pk=result.order.pk)
        return order_answer(request, order, created=result.created, view=self)
