"""The partner's money through the API: notifications, balance, payout requests and monthly
statements (CSV and PDF). Every query is filtered by request.partner."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from common.members import request_person
from common.schema import error_responses
from ledger.models import PartnerBalance, Payout
from ledger.selectors import partner_balances, recent_payouts
from ledger.services.payouts import payout_minimum, payout_request
from partners.api.permissions import PARTNER_AUTHENTICATION, IsPartnerMember
from partners.models import PartnerNotification
from partners.statements import FutureMonth, MalformedMonth, parse_month, statement_for
from partners.statements.csv_file import statement_csv
from partners.statements.lines import MONTH_PATTERN
from partners.statements.pdf_file import statement_pdf

RECENT_PAYOUTS = 10


class PartnerView:
    authentication_classes = PARTNER_AUTHENTICATION
    permission_classes = [IsPartnerMember]


class NotificationSerializer(serializers.ModelSerializer):
    clip = serializers.SlugRelatedField(
        source="asset", slug_field="public_id", read_only=True, allow_null=True
    )
    amount = serializers.DecimalField(
        source="earning.amount", max_digits=12, decimal_places=2, read_only=True, allow_null=True
    )
    currency = serializers.CharField(source="earning.currency", read_only=True, allow_null=True)

    class Meta:
        model = PartnerNotification
        fields = ["id", "kind", "message", "clip", "amount", "currency", "created_at"]


class NotificationListView(PartnerView, generics.ListAPIView):
    """The partner's notifications, newest first: each sale and refund (with the partner's
    share) and each review decision."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PartnerNotification.objects.none()
        return (
            PartnerNotification.objects.filter(partner=self.request.partner)
            .select_related("asset", "earning")
            .order_by("-created_at", "-id")
        )


class BalanceSerializer(serializers.ModelSerializer):
    can_pay_out = serializers.BooleanField(help_text="At least the payout minimum is available.")

    class Meta:
        model = PartnerBalance
        fields = ["currency", "available", "owed", "can_pay_out"]


class PayoutSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payout
        fields = ["id", "amount", "currency", "status", "requested_at", "paid_at", "reference"]


class BalanceAnswerSerializer(serializers.Serializer):
    revenue_share = serializers.DecimalField(
        max_digits=4, decimal_places=3, help_text="The partner's share of each sale, 0 to 1."
    )
    payout_minimum = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="The least a payout may be, in its currency."
    )
    balances = BalanceSerializer(many=True)
    recent_payouts = PayoutSerializer(many=True)


class BalanceView(PartnerView, APIView):
    @extend_schema(responses={200: BalanceAnswerSerializer}, operation_id="partner_balance")
    def get(self, request):
        """The partner's balance in each currency, revenue share, payout minimum and the most
        recent payouts."""
        partner, minimum = request.partner, payout_minimum()
        balances = partner_balances(partner, minimum=minimum)
        body = {
            "revenue_share": partner.revenue_share,
            "payout_minimum": minimum,
            "balances": balances,
            "recent_payouts": recent_payouts(partner, RECENT_PAYOUTS),
        }
        return Response(BalanceAnswerSerializer(body).data)


class PayoutCreateSerializer(serializers.Serializer):
    currency = serializers.RegexField(
        r"^[A-Z]{3}$", help_text="The balance to pay out, whole, e.g. GBP."
    )


class PayoutCreateView(PartnerView, APIView):
    @extend_schema(
        request=PayoutCreateSerializer,
        responses={
            201: PayoutSerializer,
            **error_responses(
                {
                    400: "Bad input, no balance in that currency, or less available than the "
                    "payout minimum (code below_minimum)."
                }
            ),
        },
        operation_id="partner_payout_request",
    )
    def post(self, request):
        """Ask for the whole available balance in a currency to be paid out."""
        payload = PayoutCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        payout = payout_request(
            partner=request.partner,
            currency=payload.validated_data["currency"],
            person=request_person(request),
        )
        return Response(PayoutSerializer(payout).data, status=status.HTTP_201_CREATED)


class AnyAccept(DefaultContentNegotiation):
    """A statement is a file whatever the Accept header asks; its errors answer in JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


MONTH_PARAMETER = OpenApiParameter(
    "month",
    {"type": "string", "pattern": MONTH_PATTERN},
    OpenApiParameter.PATH,
    description="The calendar month (UTC), YYYY-MM; the current month holds the lines so far.",
)
STATEMENT_ERRORS = error_responses(
    {400: "The month is not written YYYY-MM.", 404: "The month has not begun."}
)


class StatementView(PartnerView, APIView):
    content_negotiation_class = AnyAccept
    media_type, extension = "", ""

    def statement(self, request, month: str):
        try:
            return statement_for(request.partner, parse_month(month))
        except MalformedMonth as error:
            raise ParseError(str(error)) from None
        except FutureMonth as error:
            raise NotFound(str(error)) from None

    def answer(self, statement, body) -> HttpResponse:
        response = HttpResponse(body, content_type=self.media_type)
        filename = f"{statement.name}.{self.extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class StatementCsvView(StatementView):
    media_type, extension = "text/csv; charset=utf-8", "csv"

    @extend_schema(
        parameters=[MONTH_PARAMETER],
        responses={(200, "text/csv"): OpenApiTypes.STR, **STATEMENT_ERRORS},
        operation_id="partner_statement_csv",
    )
    def get(self, request, month):
        """The month's statement as CSV: date (UTC), type, order, clip, clip_id, licence type,
        price, share, amount and currency per line; a row of type `use` per use buyers
        reported of your clips in the month (date is when it was used; platform, territory,
        use_title and use_url filled, the money columns empty); then a total row per
        currency."""
        statement = self.statement(request, month)
        return self.answer(statement, statement_csv(statement))


class StatementPdfView(StatementView):
    media_type, extension = "application/pdf", "pdf"

    @extend_schema(
        parameters=[MONTH_PARAMETER],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **STATEMENT_ERRORS},
        operation_id="partner_statement_pdf",
    )
    def get(self, request, month):
        """The month's statement as a PDF: the same lines, totals and uses as the CSV."""
        statement = self.statement(request, month)
        return self.answer(statement, statement_pdf(statement))
