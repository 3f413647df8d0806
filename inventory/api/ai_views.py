"""AI assistant routes (spec "AI Integration"): its configuration (the key always masked), chat,
connection test, reset, providers and models. Off by default: chat, test and models answer 503
"AI is disabled" until an admin turns it on."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers

from config.api.inventory import InventoryAPIView, enveloped
from config.text import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH

from .. import ai
from ..choices import AiProvider
from ..models import AiConfig
from ..permissions import InventoryPermission
from ..services import assistant
from .views import validated

MAX_HISTORY = 50


class InventoryAiConfigSerializer(serializers.ModelSerializer):
    """The assistant's configuration as answered: `api_key` masked (`sk-…abcd`), never whole."""

    api_key = serializers.CharField(source="masked_key", read_only=True)

    class Meta:
        model = AiConfig
        fields = [
            "enabled",
            "provider",
            "api_url",
            "api_key",
            "model_name",
            "temperature",
            "max_tokens",
            "system_prompt",
        ]
        read_only_fields = fields


class InventoryAiConfigInputSerializer(serializers.Serializer):
    enabled = serializers.BooleanField(required=False)
    provider = serializers.ChoiceField(choices=AiProvider.choices, required=False)
    api_url = serializers.URLField(max_length=500, required=False)
    api_key = serializers.CharField(max_length=500, required=False, allow_blank=True, write_only=True)
    model_name = serializers.CharField(max_length=100, required=False)
    temperature = serializers.FloatField(min_value=0, max_value=2, required=False)
    max_tokens = serializers.IntegerField(min_value=1, max_value=100_000, required=False)
    system_prompt = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True)

    def validate_provider(self, value):
        return value.casefold()


class InventoryChatTurnSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=["user", "assistant"])
    content = serializers.CharField(max_length=LONG_TEXT_MAX_LENGTH)


class InventoryChatSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    conversation_history = InventoryChatTurnSerializer(many=True, required=False, max_length=MAX_HISTORY)


CONFIG_ANSWER = enveloped("InventoryAiConfig", InventoryAiConfigSerializer())


class AiRoute(InventoryAPIView):
    permission_classes = [InventoryPermission]


class AiConfigView(AiRoute):
    required_permissions = {"GET": "parts:read", "PUT": "admin"}

    @extend_schema(responses=CONFIG_ANSWER)
    def get(self, request):
        return self.answer("AI configuration", InventoryAiConfigSerializer(assistant.config()).data)

    @extend_schema(request=InventoryAiConfigInputSerializer, responses=CONFIG_ANSWER)
    def put(self, request):
        changed = assistant.update_config(**validated(InventoryAiConfigInputSerializer, request.data))
        return self.answer("AI configuration updated", InventoryAiConfigSerializer(changed).data)


class AiResetView(AiRoute):
    required_permissions = {"POST": "admin"}

    @extend_schema(request=None, responses=CONFIG_ANSWER)
    def post(self, request):
        return self.answer(
            "AI configuration reset to defaults", InventoryAiConfigSerializer(assistant.reset_config()).data
        )


class AiChatView(AiRoute):
    required_permissions = {"POST": "parts:read"}

    @extend_schema(
        request=InventoryChatSerializer,
        responses=enveloped(
            "InventoryAiChat",
            inline_serializer(
                "InventoryAiChatData",
                {
                    "response": serializers.CharField(),
                    "provider": serializers.CharField(),
                    "model": serializers.CharField(),
                },
            ),
        ),
    )
    def post(self, request):
        data = validated(InventoryChatSerializer, request.data)
        history = [ai.ChatMessage(turn["role"], turn["content"]) for turn in data.get("conversation_history", [])]
        return self.answer("AI response", assistant.chat(data["message"], history))


class AiTestView(AiRoute):
    required_permissions = {"POST": "admin"}

    @extend_schema(request=None, responses=enveloped("InventoryAiTest", serializers.DictField()))
    def post(self, request):
        return self.answer("AI connection works", assistant.test_connection())


class AiProvidersView(AiRoute):
    required_permissions = {"GET": "parts:read"}

    @extend_schema(responses=enveloped("InventoryAiProviders", serializers.ListField(child=serializers.DictField())))
    def get(self, request):
        return self.answer("AI providers", assistant.providers())


class AiModelsView(AiRoute):
    required_permissions = {"GET": "parts:read"}

    @extend_schema(responses=enveloped("InventoryAiModels", serializers.ListField(child=serializers.CharField())))
    def get(self, request):
        return self.answer("Models of the configured provider", assistant.models())
