"""Parts, categories and locations routes of the inventory API (spec: inventory-makermatrix.md).

Thin views on the dialect's base view: serializers validate, services act, answers go out in the
envelope. Which spec permission each method needs is declared on the view (`required_permissions`).
"""

import uuid

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from config.api.base import count_related
from config.api.inventory import InventoryAPIView, InventoryGenericAPIView, enveloped
from config.api.renderers import PlainDataJSONRenderer
from config.errors import Conflict, NotFound

from .. import services
from ..models import Category, Location, Part
from ..permissions import InventoryPermission
from .serializers import (
    InventoryCategoryInputSerializer,
    InventoryCategorySerializer,
    InventoryCategoryUpdateSerializer,
    InventoryLocationDetailSerializer,
    InventoryLocationInputSerializer,
    InventoryLocationPathSerializer,
    InventoryLocationSerializer,
    InventoryLocationUpdateSerializer,
    InventoryPartInputSerializer,
    InventoryPartLookupSerializer,
    InventoryPartSearchSerializer,
    InventoryPartSerializer,
    InventoryPartUpdateSerializer,
    InventorySuggestionsSerializer,
    InventoryTextSearchSerializer,
    part_rows,
    part_values,
)

PART_NOT_FOUND = "Part not found"
CATEGORY_NOT_FOUND = "Category not found"
LOCATION_NOT_FOUND = "Location not found"


def counts():
    return serializers.DictField(child=serializers.IntegerField())


def as_uuid(value) -> uuid.UUID | None:
    """An id from a query string or body; anything that is not a UUID names no row (404, not 500)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def find(queryset, message: str, **criteria):
    """The one row matching every criterion; none is a 404 with `message`."""
    row = queryset.filter(**criteria).first()
    if row is None:
        raise NotFound(message)
    return row


def find_by_id(queryset, value, message: str):
    pk = as_uuid(value)
    if pk is None:
        raise NotFound(message)
    return find(queryset, message, pk=pk)


def location_named_in(data: dict) -> dict:
    """`location_id` in a body turned into the row (`location`); an unknown id is a 404."""
    if "location_id" in data:
        location_id = data.pop("location_id")
        data["location"] = find(Location.objects, LOCATION_NOT_FOUND, pk=location_id) if location_id else None
    return data


class PartsView(InventoryGenericAPIView):
    queryset = Part.objects.all()
    serializer_class = InventoryPartSerializer
    permission_classes = [InventoryPermission]

    def parts(self):
        return self.with_query_plan(self.queryset.all())

    def answer_parts(self, queryset, message: str, **page) -> Response:
        """A page of parts as plain data (`part_rows`): identity, permissions, COUNT, rows, categories."""
        return self.answer_page(part_values(queryset), message, rows=part_rows, **page)

    def find_part(self, params) -> Part:
        """A part named by `part_id`, `part_number` or `part_name` (all that are given must match)."""
        lookup = validated(InventoryPartLookupSerializer, params)
        criteria = {}
        if "part_id" in lookup:
            pk = as_uuid(lookup["part_id"])
            if pk is None:
                raise NotFound(PART_NOT_FOUND)
            criteria["pk"] = pk
        if "part_number" in lookup:
            criteria["part_number"] = lookup["part_number"]
        if "part_name" in lookup:
            criteria["part_name"] = lookup["part_name"]
        return find(self.parts().order_by("part_name", "id"), PART_NOT_FOUND, **criteria)


PART_ANSWER = enveloped("InventoryPartAnswer", InventoryPartSerializer())
LOOKUP_PARAMETERS = [InventoryPartLookupSerializer]


class AddPartView(PartsView):
    required_permissions = {"POST": "parts:write"}

    @extend_schema(request=InventoryPartInputSerializer, responses=PART_ANSWER)
    def post(self, request):
        data = location_named_in(validated(InventoryPartInputSerializer, request.data))
        part = services.create_part(**data)
        return self.answer_created(part, message=f"Part '{part.part_name}' added successfully")


class AllPartsView(PartsView):
    renderer_classes = [PlainDataJSONRenderer]
    required_permissions = {"GET": "parts:read"}

    @extend_schema(responses=InventoryPartSerializer(many=True))
    def get(self, request):
        return self.answer_parts(Part.objects.order_by("part_name", "id"), "Parts retrieved successfully")


class GetPartView(PartsView):
    required_permissions = {"GET": "parts:read"}

    @extend_schema(parameters=LOOKUP_PARAMETERS, responses=PART_ANSWER)
    def get(self, request):
        part = self.find_part(request.query_params)
        return self.answer("Part retrieved successfully", self.get_serializer(part).data)


class UpdatePartView(PartsView):
    required_permissions = {"PUT": "parts:write"}

    @extend_schema(request=InventoryPartUpdateSerializer, responses=PART_ANSWER)
    def put(self, request, part_id):
        part = find(Part.objects, PART_NOT_FOUND, pk=part_id)
        data = location_named_in(validated(InventoryPartUpdateSerializer, request.data))
        services.update_part(part, **data)
        return self.answer_updated(part, message="Part updated successfully")


class DeletePartView(PartsView):
    required_permissions = {"DELETE": "parts:delete"}

    @extend_schema(parameters=LOOKUP_PARAMETERS, responses=PART_ANSWER)
    def delete(self, request):
        part = self.find_part(request.query_params)
        data = self.get_serializer(part).data
        services.delete_part(part)
        return self.answer_deleted(data, message=f"Part '{part.part_name}' deleted successfully")


class SearchPartsView(PartsView):
    renderer_classes = [PlainDataJSONRenderer]
    required_permissions = {"POST": "parts:read"}

    @extend_schema(request=InventoryPartSearchSerializer, responses=InventoryPartSerializer(many=True))
    def post(self, request):
        criteria = validated(InventoryPartSearchSerializer, request.data)
        page, page_size = criteria.pop("page"), criteria.pop("page_size")
        location_id = criteria.pop("location_id", None)
        location = find(Location.objects, LOCATION_NOT_FOUND, pk=location_id) if location_id else None
        parts = services.search_parts(Part.objects.all(), location=location, **criteria)
        return self.answer_parts(parts, "Search completed", page=page, page_size=page_size)


class SearchTextView(PartsView):
    renderer_classes = [PlainDataJSONRenderer]
    required_permissions = {"GET": "parts:read"}
    default_page_size = 20

    @extend_schema(parameters=[InventoryTextSearchSerializer], responses=InventoryPartSerializer(many=True))
    def get(self, request):
        term = validated(InventoryTextSearchSerializer, request.query_params)["query"]
        parts = services.search_parts(Part.objects.all(), search_term=term)
        return self.answer_parts(parts, f"Found parts matching '{term}'")


class SuggestionsView(PartsView):
    required_permissions = {"GET": "parts:read"}

    @extend_schema(
        parameters=[InventorySuggestionsSerializer],
        responses=enveloped("InventorySuggestions", serializers.ListField(child=serializers.CharField())),
    )
    def get(self, request):
        params = validated(InventorySuggestionsSerializer, request.query_params)
        names = services.suggest_part_names(params["query"], params["limit"])
        return self.answer(f"Found {len(names)} suggestions", names)


class ClearAllPartsView(InventoryAPIView):
    permission_classes = [InventoryPermission]
    required_permissions = {"DELETE": "admin"}

    @extend_schema(responses=enveloped("InventoryPartsCleared", counts()))
    def delete(self, request):
        deleted = services.clear_all_parts()
        return self.answer_deleted({"deleted_count": deleted}, message="All parts cleared")


# --- categories ---------------------------------------------------------------------------------

CATEGORY_ANSWER = enveloped("InventoryCategoryAnswer", InventoryCategorySerializer())


class CategoryLookupSerializer(serializers.Serializer):
    category_id = serializers.CharField(required=False, max_length=100)
    name = serializers.CharField(required=False, max_length=100)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Provide category_id or name")
        return attrs


class CategoryRemoveSerializer(serializers.Serializer):
    cat_id = serializers.CharField(required=False, max_length=100)
    name = serializers.CharField(required=False, max_length=100)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Provide cat_id or name")
        return attrs


class CategoriesView(InventoryGenericAPIView):
    queryset = Category.objects.all()
    serializer_class = InventoryCategorySerializer
    permission_classes = [InventoryPermission]

    def find_category(self, category_id=None, name=None) -> Category:
        criteria = {}
        if category_id is not None:
            criteria["pk"] = as_uuid(category_id)
            if criteria["pk"] is None:
                raise NotFound(CATEGORY_NOT_FOUND)
        if name is not None:
            criteria["name"] = name
        return find(Category.objects.order_by("name"), CATEGORY_NOT_FOUND, **criteria)


class AllCategoriesView(CategoriesView):
    required_permissions = {"GET": "categories:read"}

    @extend_schema(
        responses=enveloped(
            "InventoryCategoryList",
            serializers.DictField(child=InventoryCategorySerializer(many=True), help_text='{"categories": [...]}'),
        )
    )
    def get(self, request):
        categories = self.get_serializer(Category.objects.order_by("name", "id"), many=True).data
        return self.answer("All categories retrieved successfully", {"categories": categories})


class AddCategoryView(CategoriesView):
    required_permissions = {"POST": "categories:write"}

    @extend_schema(request=InventoryCategoryInputSerializer, responses=CATEGORY_ANSWER)
    def post(self, request):
        category = services.create_category(**validated(InventoryCategoryInputSerializer, request.data))
        return self.answer_created(category, message=f"Category '{category.name}' added successfully")


class UpdateCategoryView(CategoriesView):
    required_permissions = {"PUT": "categories:write"}

    @extend_schema(request=InventoryCategoryUpdateSerializer, responses=CATEGORY_ANSWER)
    def put(self, request, category_id):
        category = find(Category.objects, CATEGORY_NOT_FOUND, pk=category_id)
        services.update_category(category, **validated(InventoryCategoryUpdateSerializer, request.data))
        return self.answer_updated(category, message="Category updated successfully")


class GetCategoryView(CategoriesView):
    required_permissions = {"GET": "categories:read"}

    @extend_schema(parameters=[CategoryLookupSerializer], responses=CATEGORY_ANSWER)
    def get(self, request):
        category = self.find_category(**validated(CategoryLookupSerializer, request.query_params))
        return self.answer(f"Category '{category.name}' retrieved successfully", self.get_serializer(category).data)


class RemoveCategoryView(CategoriesView):
    required_permissions = {"DELETE": "categories:delete"}

    @extend_schema(parameters=[CategoryRemoveSerializer], responses=CATEGORY_ANSWER)
    def delete(self, request):
        lookup = validated(CategoryRemoveSerializer, request.query_params)
        category = self.find_category(lookup.get("cat_id"), lookup.get("name"))
        data = self.get_serializer(category).data
        services.delete_category(category)
        return self.answer_deleted(data, message=f"Category '{category.name}' removed")


class DeleteAllCategoriesView(InventoryAPIView):
    permission_classes = [InventoryPermission]
    required_permissions = {"DELETE": "admin"}

    @extend_schema(responses=enveloped("InventoryCategoriesCleared", counts()))
    def delete(self, request):
        deleted = services.delete_all_categories()
        return self.answer_deleted({"deleted_count": deleted}, message=f"Deleted {deleted} categories")


# --- locations ----------------------------------------------------------------------------------

LOCATION_ANSWER = enveloped("InventoryLocationAnswer", InventoryLocationSerializer())


class LocationLookupSerializer(serializers.Serializer):
    location_id = serializers.CharField(required=False, max_length=100)
    name = serializers.CharField(required=False, max_length=200)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Provide location_id or name")
        return attrs


class LocationsView(InventoryGenericAPIView):
    queryset = Location.objects.all()
    serializer_class = InventoryLocationSerializer
    permission_classes = [InventoryPermission]

    def location(self, location_id) -> Location:
        return find(Location.objects, LOCATION_NOT_FOUND, pk=location_id)

    def parent_named_in(self, data: dict) -> dict:
        if "parent_id" in data:
            parent_id = data.pop("parent_id")
            data["parent"] = find(Location.objects, "Parent location not found", pk=parent_id) if parent_id else None
        return data


class AllLocationsView(LocationsView):
    required_permissions = {"GET": "locations:read"}

    renderer_classes = [PlainDataJSONRenderer]

    @extend_schema(responses=enveloped("InventoryLocationList", InventoryLocationSerializer(many=True)))
    def get(self, request):
        locations = InventoryLocationSerializer.rows(Location.objects.order_by("tree_id", "lft"))
        return self.answer("All locations retrieved successfully", locations)


class AddLocationView(LocationsView):
    required_permissions = {"POST": "locations:write"}

    @extend_schema(request=InventoryLocationInputSerializer, responses=LOCATION_ANSWER)
    def post(self, request):
        data = self.parent_named_in(validated(InventoryLocationInputSerializer, request.data))
        location = services.create_location(**data)
        return self.answer_created(location, message=f"Location '{location.name}' added successfully")


class GetLocationView(LocationsView):
    required_permissions = {"GET": "locations:read"}

    @extend_schema(parameters=[LocationLookupSerializer], responses=LOCATION_ANSWER)
    def get(self, request):
        lookup = validated(LocationLookupSerializer, request.query_params)
        criteria = {}
        if "location_id" in lookup:
            criteria["pk"] = as_uuid(lookup["location_id"])
            if criteria["pk"] is None:
                raise NotFound(LOCATION_NOT_FOUND)
        if "name" in lookup:
            criteria["name"] = lookup["name"]
        matches = list(Location.objects.filter(**criteria).order_by("tree_id", "lft")[:2])
        if not matches:
            raise NotFound(LOCATION_NOT_FOUND)
        if len(matches) > 1:  # names are unique among siblings only
            raise Conflict(f"Several locations are named '{lookup['name']}'; ask by location_id")
        return self.answer("Location retrieved successfully", self.get_serializer(matches[0]).data)


class UpdateLocationView(LocationsView):
    required_permissions = {"PUT": "locations:write"}

    @extend_schema(request=InventoryLocationUpdateSerializer, responses=LOCATION_ANSWER)
    def put(self, request, location_id):
        location = self.location(location_id)
        data = self.parent_named_in(validated(InventoryLocationUpdateSerializer, request.data))
        location = services.update_location(location, **data)
        return self.answer_updated(location, message="Location updated successfully")


class LocationDetailsView(LocationsView):
    required_permissions = {"GET": "locations:read"}
    serializer_class = InventoryLocationDetailSerializer

    @extend_schema(responses=enveloped("InventoryLocationDetails", InventoryLocationDetailSerializer()))
    def get(self, request, location_id):
        queryset = Location.objects.annotate(parts_count=count_related(Part, "location")).prefetch_related(
            Prefetch("children", queryset=Location.objects.order_by("tree_id", "lft"))
        )
        location = find(queryset, LOCATION_NOT_FOUND, pk=location_id)
        return self.answer("Location details retrieved successfully", self.get_serializer(location).data)


class LocationPathView(LocationsView):
    required_permissions = {"GET": "locations:read"}

    @extend_schema(responses=enveloped("InventoryLocationPath", InventoryLocationPathSerializer()))
    def get(self, request, location_id):
        path = services.location_path(self.location(location_id))
        nested = None
        for location in reversed(path):  # from the root down, each wrapping its parent
            nested = {
                "id": str(location.pk),
                "name": location.name,
                "description": location.description,
                "location_type": location.location_type,
                "parent": nested,
            }
        return self.answer("Location path retrieved successfully", nested)


class PreviewLocationDeleteView(LocationsView):
    required_permissions = {"GET": "locations:read"}

    @extend_schema(
        responses=enveloped(
            "InventoryLocationDeletePreview",
            serializers.DictField(help_text="location_id, location_name and the affected counts"),
        )
    )
    def get(self, request, location_id):
        preview = services.preview_location_delete(self.location(location_id))
        return self.answer("Location delete preview generated", preview)


class DeleteLocationView(LocationsView):
    required_permissions = {"DELETE": "locations:delete"}

    @extend_schema(
        responses=enveloped(
            "InventoryLocationDeleted", serializers.DictField(help_text="what was deleted, as in the preview")
        )
    )
    def delete(self, request, location_id):
        summary = services.delete_location(self.location(location_id))
        return self.answer_deleted(summary, message=f"Location '{summary['location_name']}' deleted")


class CleanupLocationsView(InventoryAPIView):
    permission_classes = [InventoryPermission]
    required_permissions = {"DELETE": "locations:delete"}

    @extend_schema(responses=enveloped("InventoryLocationsCleaned", counts()))
    def delete(self, request):
        repaired = services.rebuild_locations()
        return self.answer(f"Repaired {repaired} locations", {"repaired_count": repaired})
