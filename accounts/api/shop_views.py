"""Sign-in endpoints of the retail shop API (spec: shop-cvety.md, "Authentication"), and its Telegram bot."""

import hmac

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.response import Response

from config.api.base import PublicEndpointMixin
from config.api.shop import ShopAPIView, dialect
from config.errors import Unavailable

from .. import otp, services
from .shop_serializers import (
    ShopOtpSentSerializer,
    ShopRequestOtpSerializer,
    ShopTokenSerializer,
    ShopVerifyOtpSerializer,
)

SENT_MESSAGES = {"telegram": "OTP sent to your Telegram", "debug": "OTP generated (debug delivery)"}


class RequestOtpView(PublicEndpointMixin, ShopAPIView):
    @extend_schema(request=ShopRequestOtpSerializer, responses=ShopOtpSentSerializer)
    def post(self, request):
        serializer = ShopRequestOtpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sent = otp.request_code(serializer.validated_data["phone"])
        body = {"message": SENT_MESSAGES[sent.delivery_method], "delivery_method": sent.delivery_method}
        if sent.code is not None:
            body["otp_code"] = sent.code
        return Response(body)


class VerifyOtpView(PublicEndpointMixin, ShopAPIView):
    @extend_schema(request=ShopVerifyOtpSerializer, responses=ShopTokenSerializer)
    def post(self, request):
        serializer = ShopVerifyOtpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        shop = otp.verify_code(serializer.validated_data["phone"], serializer.validated_data["otp_code"])
        token = services.issue_access_token(shop.owner, lifetime=settings.SHOP_ACCESS_TOKEN_LIFETIME)
        return Response(
            {"access_token": str(token), "token_type": "bearer", "shop_id": shop.pk, "shop_name": shop.name}
        )


class TelegramWebhookView(PublicEndpointMixin, ShopAPIView):
    """Updates from Telegram for the shop's bot. Telegram signs each with the secret set by
    `setWebhook(secret_token=...)`; it is checked before the body is read."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not settings.TELEGRAM_WEBHOOK_SECRET:
            raise Unavailable("The Telegram webhook is not configured", setting="TELEGRAM_WEBHOOK_SECRET")
        sent = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(sent.encode(), settings.TELEGRAM_WEBHOOK_SECRET.encode()):
            raise AuthenticationFailed("Wrong or missing X-Telegram-Bot-Api-Secret-Token")

    @extend_schema(request=dict, responses=dialect.message_schema)
    def post(self, request):
        otp.receive_telegram_update(request.data)
        return Response({"message": "ok"})
