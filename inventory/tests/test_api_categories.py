"""Categories routes of the inventory API."""

import uuid

import pytest

from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import INVENTORY
from config.testing.endpoints import BadPayloadCase, CreateCase, DeleteCase, DetailCase, ListCase, UpdateCase

from ..api import views
from ..models import Category, Part
from .factories import CategoryFactory, PartFactory, inventory_admin, manager, reader

pytestmark = pytest.mark.django_db

CATEGORIES = "/api/inventory/categories"


class TestCategoryEndpoints(ListCase, DetailCase, CreateCase, UpdateCase, DeleteCase, BadPayloadCase):
    expect = INVENTORY
    views = (
        views.AllCategoriesView,
        views.GetCategoryView,
        views.AddCategoryView,
        views.UpdateCategoryView,
        views.RemoveCategoryView,
    )
    list_url = f"{CATEGORIES}/get_all_categories"
    detail_url = f"{CATEGORIES}/get_category?category_id={{pk}}"
    update_url = f"{CATEGORIES}/update_category/{{pk}}"
    delete_url = f"{CATEGORIES}/remove_category?cat_id={{pk}}"
    create_url = f"{CATEGORIES}/add_category"
    update_method = "put"
    update_payload = {"name": "Passives", "description": "R, C, L"}
    bad_fields = ("name",)
    max_list_queries = 3  # identity, permissions, the categories (a short list: nothing to count)

    def caller(self):
        return manager()

    def make(self, owner):
        return CategoryFactory()

    def create_payload(self, caller):
        return {"name": "Microcontrollers", "description": "MCUs"}

    def created_id(self, body):
        return body["id"]

    def bad_payload(self, caller):
        return {"name": "", "description": "x"}


def test_get_and_remove_by_name():
    category = CategoryFactory(name="Sensors")
    client = client_for(manager())
    assert INVENTORY.record(client.get(f"{CATEGORIES}/get_category?name=Sensors"))["id"] == str(category.pk)
    assert client.delete(f"{CATEGORIES}/remove_category?name=Sensors").status_code == 200
    assert not Category.objects.exists()


def test_removing_a_category_keeps_its_parts():
    category = CategoryFactory()
    part = PartFactory(categories=[category])
    client_for(manager()).delete(f"{CATEGORIES}/remove_category?cat_id={category.pk}")
    assert list(Part.objects.get(pk=part.pk).categories.all()) == []


def test_a_taken_name_is_409():
    CategoryFactory(name="Sensors")
    other = CategoryFactory(name="Motors")
    client = client_for(manager())
    INVENTORY.assert_error(client.post(f"{CATEGORIES}/add_category", {"name": "Sensors"}, format="json"), 409)
    response = client.put(f"{CATEGORIES}/update_category/{other.pk}", {"name": "Sensors"}, format="json")
    INVENTORY.assert_error(response, 409)
    assert Category.objects.get(pk=other.pk).name == "Motors"


@pytest.mark.parametrize("query", ["category_id=nope", f"category_id={uuid.uuid4()}", "name=none", ""])
def test_unknown_or_missing_category_is_404_or_422(query):
    response = client_for(reader()).get(f"{CATEGORIES}/get_category?{query}")
    INVENTORY.assert_error(response, 422 if not query else 404)


def test_a_reader_cannot_add_a_category():
    response = client_for(reader()).post(f"{CATEGORIES}/add_category", {"name": "X"}, format="json")
    INVENTORY.assert_error(response, 403)


@hand_tested(views.DeleteAllCategoriesView, why="one admin-only action on the whole table")
class TestDeleteAllCategories:
    def test_only_an_admin_may_delete_all_and_parts_stay(self):
        part = PartFactory(categories=CategoryFactory.create_batch(3))
        url = f"{CATEGORIES}/delete_all_categories"
        INVENTORY.assert_error(client_for(manager()).delete(url), 403)
        assert Category.objects.count() == 3
        assert INVENTORY.record(client_for(inventory_admin()).delete(url)) == {"deleted_count": 3}
        assert not Category.objects.exists()
        assert Part.objects.filter(pk=part.pk).exists()

    def test_anonymous_is_401(self):
        INVENTORY.assert_error(client_for().delete(f"{CATEGORIES}/delete_all_categories"), 401)
