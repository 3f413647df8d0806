"""Configurator API views (spec: configurator-windx.md): thin, on the dialect's base viewset."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from config.api.configurator import ConfiguratorGenericViewSet, SuperuserWrites
from config.api.renderers import PlainDataJSONRenderer

from .. import services
from ..models import AttributeNode, Configuration, ConfigurationTemplate, ManufacturingType, Order, Quote
from . import filters
from .serializers import (
    ConfiguratorAttributeNodeSerializer,
    ConfiguratorAttributeTreeNodeSerializer,
    ConfiguratorConfigurationCreateSerializer,
    ConfiguratorConfigurationDetailSerializer,
    ConfiguratorConfigurationSerializer,
    ConfiguratorManufacturingTypeSerializer,
    ConfiguratorOrderCreateSerializer,
    ConfiguratorOrderDetailSerializer,
    ConfiguratorOrderSerializer,
    ConfiguratorQuoteCreateSerializer,
    ConfiguratorQuoteSerializer,
    ConfiguratorQuoteStatusSerializer,
    ConfiguratorSelectionInputSerializer,
    ConfiguratorTemplateDetailSerializer,
    ConfiguratorTemplateSerializer,
    selection_list,
)

TYPE_NOT_FOUND = "Manufacturing type not found"


class ManufacturingTypeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ConfiguratorGenericViewSet):
    permission_classes = [SuperuserWrites]
    queryset = ManufacturingType.objects.order_by("created_at", "id")
    serializer_class = ConfiguratorManufacturingTypeSerializer
    filterset_class = filters.ManufacturingTypeFilter
    not_found_message = TYPE_NOT_FOUND

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        manufacturing_type = services.save_manufacturing_type(ManufacturingType(), **serializer.validated_data)
        return self.answer_created(manufacturing_type)

    def partial_update(self, request, pk):
        manufacturing_type = self.get_object()
        serializer = self.get_serializer(manufacturing_type, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.save_manufacturing_type(manufacturing_type, **serializer.validated_data)
        return self.answer_updated(manufacturing_type)

    def destroy(self, request, pk):
        services.deactivate_manufacturing_type(self.get_object())
        return self.answer_deleted()


class AttributeNodeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ConfiguratorGenericViewSet):
    permission_classes = [SuperuserWrites]
    queryset = AttributeNode.objects.order_by("ltree_path", "id")
    serializer_class = ConfiguratorAttributeNodeSerializer
    filterset_class = filters.AttributeNodeFilter
    # The spec words the 404 per route ("Get Child Nodes", "Get Node Subtree").
    NOT_FOUND = {"children": "Parent node not found", "tree": "Node not found"}

    @property
    def not_found_message(self):
        return self.NOT_FOUND.get(getattr(self, "action", None), "Attribute node not found")

    @property
    def pagination_class(self):
        # `children` and `tree` answer bare arrays (spec "Get Child Nodes", "Get Node Subtree").
        return None if getattr(self, "action", None) in ("children", "tree") else super().pagination_class

    def _references(self, data: dict) -> dict:
        """Ids in the payload turned into rows: unknown ones are 404 (spec "Create Attribute Node")."""
        if "manufacturing_type_id" in data:
            type_id = data.pop("manufacturing_type_id")
            data["manufacturing_type"] = self.lookup(ManufacturingType, type_id, TYPE_NOT_FOUND) if type_id else None
        if "parent_id" in data:
            parent_id = data.pop("parent_id")
            data["parent"] = self.lookup(AttributeNode, parent_id, "Parent node not found") if parent_id else None
        return data

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        node = services.create_node(**self._references(dict(serializer.validated_data)))
        return self.answer_created(node)

    def partial_update(self, request, pk):
        node = self.get_object()
        serializer = self.get_serializer(node, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        node = services.update_node(node, **self._references(dict(serializer.validated_data)))
        return self.answer_updated(node)

    def destroy(self, request, pk):
        services.delete_node(self.get_object())
        return self.answer_deleted()

    def get_renderers(self):
        # The subtree can hold 10,000 nodes of plain data: orjson writes it five times faster.
        return [PlainDataJSONRenderer()] if self.action == "tree" else super().get_renderers()

    @extend_schema(responses=ConfiguratorAttributeNodeSerializer(many=True))
    def children(self, request, pk):
        node = self.get_object()
        children = node.get_children()
        return Response(self.get_serializer(children, many=True).data)

    @extend_schema(responses=ConfiguratorAttributeTreeNodeSerializer(many=True))
    def tree(self, request, pk):
        """The whole subtree in one query, however deep (spec "Get Node Subtree")."""
        return Response(ConfiguratorAttributeTreeNodeSerializer.nest(services.subtree(self.get_object())))


class ConfigurationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ConfiguratorGenericViewSet):
    permission_classes = [IsAuthenticated]
    queryset = Configuration.objects.order_by("-created_at", "-id")
    filterset_class = filters.ConfigurationFilter
    owner_field = "user"
    not_found_message = "Configuration not found"

    def get_serializer_class(self):
        if self.action in ("retrieve", "selections"):
            return ConfiguratorConfigurationDetailSerializer
        if self.action == "create":
            return ConfiguratorConfigurationCreateSerializer
        return ConfiguratorConfigurationSerializer

    @extend_schema(
        request=ConfiguratorConfigurationCreateSerializer, responses={201: ConfiguratorConfigurationSerializer}
    )
    def create(self, request):
        serializer = ConfiguratorConfigurationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        configuration = services.create_configuration(
            user=request.user,
            manufacturing_type=self.lookup(ManufacturingType, data["manufacturing_type_id"], TYPE_NOT_FOUND),
            customer_id=data.get("customer_id") or None,
            name=data["name"],
            description=data.get("description"),
            selections=data.get("selections", []),
        )
        return self.answer_created(configuration, ConfiguratorConfigurationSerializer)

    def partial_update(self, request, pk):
        configuration = self.get_object()
        serializer = self.get_serializer(configuration, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.edit_configuration(configuration, **serializer.validated_data)
        return self.answer_updated(configuration)

    def destroy(self, request, pk):
        services.delete_configuration(self.get_object())
        return self.answer_deleted()

    @extend_schema(
        request=ConfiguratorSelectionInputSerializer(many=True), responses=ConfiguratorConfigurationDetailSerializer
    )
    def selections(self, request, pk):
        configuration = self.get_object()
        serializer = selection_list(data=request.data)
        if not serializer.is_valid():
            errors = serializer.errors
            if isinstance(errors, dict):  # not a list at all: the whole body is the problem
                errors = errors.get("non_field_errors", errors)
            raise serializers.ValidationError({"selections": errors})
        services.replace_selections(configuration, serializer.validated_data)
        return self.answer_updated(configuration)


class TemplateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ConfiguratorGenericViewSet):
    permission_classes = [SuperuserWrites]
    filterset_class = filters.TemplateFilter
    not_found_message = "Template not found"
    queryset = ConfigurationTemplate.objects.order_by("id")

    def get_serializer_class(self):
        return ConfiguratorTemplateDetailSerializer if self.action == "retrieve" else ConfiguratorTemplateSerializer

    def get_permissions(self):
        # Any signed-in user may apply a template they can see (spec "Apply Template").
        return [IsAuthenticated()] if self.action == "apply" else super().get_permissions()

    def get_visible_queryset(self):
        """Users see public, active templates; superusers see all, and list only active ones."""
        queryset = ConfigurationTemplate.objects.order_by("id")
        if not self.request.user.is_superuser:
            queryset = queryset.filter(is_public=True, is_active=True)
        return queryset

    def get_queryset(self):
        return ConfiguratorTemplateSerializer.annotate_queryset(self.get_visible_queryset().filter(is_active=True))

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        manufacturing_type = self.lookup(ManufacturingType, data.pop("manufacturing_type_id"), TYPE_NOT_FOUND)
        template = services.create_template(created_by=request.user, manufacturing_type=manufacturing_type, **data)
        return self.answer_created(template)

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("configuration_name", str, required=False)],
        responses=inline_serializer(
            "ConfiguratorTemplateApplied",
            {"configuration_id": serializers.IntegerField(), "message": serializers.CharField()},
        ),
    )
    def apply(self, request, pk):
        template = self.get_object()
        name = request.query_params.get("configuration_name") or None
        if name is not None and len(name) > 200:
            message = serializers.ErrorDetail("Ensure this field has no more than 200 characters.", "max_length")
            raise serializers.ValidationError({"configuration_name": [message]})
        configuration = services.apply_template(template, user=request.user, configuration_name=name)
        return Response({"configuration_id": configuration.pk, "message": "Template applied successfully"})


class QuoteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ConfiguratorGenericViewSet):
    permission_classes = [IsAuthenticated]
    queryset = Quote.objects.order_by("-created_at", "-id")
    serializer_class = ConfiguratorQuoteSerializer
    filterset_class = filters.QuoteFilter
    owner_field = "user"
    not_found_message = "Quote not found"

    @extend_schema(request=ConfiguratorQuoteCreateSerializer, responses={201: ConfiguratorQuoteSerializer})
    def create(self, request):
        serializer = ConfiguratorQuoteCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        configuration = self.lookup(Configuration, data.pop("configuration_id"), "Configuration not found")
        self.check_owner(configuration.user_id)
        quote = services.create_quote(configuration=configuration, by_superuser=request.user.is_superuser, **data)
        return self.answer_created(quote)

    @extend_schema(request=ConfiguratorQuoteStatusSerializer, responses=ConfiguratorQuoteSerializer)
    def partial_update(self, request, pk):
        quote = self.get_object()
        serializer = ConfiguratorQuoteStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.change_quote_status(quote, serializer.validated_data["status"], by_superuser=request.user.is_superuser)
        return self.answer_updated(quote)


class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ConfiguratorGenericViewSet):
    permission_classes = [IsAuthenticated]
    queryset = Order.objects.order_by("-created_at", "-id")
    filterset_class = filters.OrderFilter
    owner_field = "quote__user"
    not_found_message = "Order not found"

    def get_serializer_class(self):
        return ConfiguratorOrderDetailSerializer if self.action == "retrieve" else ConfiguratorOrderSerializer

    @extend_schema(request=ConfiguratorOrderCreateSerializer, responses={201: ConfiguratorOrderSerializer})
    def create(self, request):
        serializer = ConfiguratorOrderCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        quote = self.lookup(Quote, data.pop("quote_id"), "Quote not found")
        self.check_owner(quote.user_id)
        order = services.place_order(quote=quote, **data)
        return self.answer_created(order)
