"""Photos of an order's flowers (issue 13; spec "Tracking": "Photos only show flowers"): the shop uploads
them through its API, at most 10 MB each, and the customer sees them on the order's public tracking."""

import pytest

from catalog.tests.shop_factories import ShopFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import SHOP
from config.testing.pictures import named_upload, picture
from files.models import Image
from orders.api import shop_views
from orders.models import ShopOrderPhoto
from orders.tests.shop_factories import ShopOrderFactory

ORDERS = "/api/shop/orders"


def post_photo(api, order_pk, data):
    return api.post(f"{ORDERS}/{order_pk}/photos", data, format="multipart")


@pytest.fixture
def owner(db):
    return ShopFactory().owner


@pytest.fixture
def order(owner):
    return ShopOrderFactory(shop=owner.shop, status="assembled")


@hand_tested(
    shop_views.OrderPhotoCreateView,
    shop_views.OrderPhotoDetailView,
    why="a multipart upload nested under an order: no list, no update, the order is the owner",
)
@pytest.mark.django_db
class TestOrderPhotos:
    def test_a_photo_is_kept_with_the_order_and_shown_on_its_tracking(self, owner, order, client):
        api = client_for(owner)
        response = post_photo(api, order.pk, {"file": named_upload(picture())})
        assert response.status_code == 201, response.content
        photo = response.json()
        assert photo["content_type"] == "image/jpeg" and (photo["width"], photo["height"]) == (40, 30)
        assert photo["position"] == 0 and photo["url"].startswith("/track/photos/") and photo["url"].endswith(".jpg")
        second = post_photo(api, order.pk, {"file": named_upload(picture("PNG"), "b.png")}).json()
        assert second["position"] == 1

        assert [p["id"] for p in api.get(f"{ORDERS}/{order.pk}").json()["photos"]] == [photo["id"], second["id"]]
        tracking = client_for().get(f"/api/shop/tracking/{order.tracking_token}").json()
        assert tracking["photos"] == [photo["url"], second["url"]]
        page = client.get(f"/track/{order.tracking_token}/").content.decode()
        assert photo["url"] in page and second["url"] in page

        served = client.get(photo["url"])
        assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
        assert b"".join(served.streaming_content) == Image.objects.get(shop_order_photo__pk=photo["id"]).file.read()
        assert client.get(photo["url"].replace(".jpg", ".png")).status_code == 404

    def test_an_order_without_photos_tracks_with_none(self, order, client):
        assert client_for().get(f"/api/shop/tracking/{order.tracking_token}").json()["photos"] == []
        assert 'id="order-photos"' not in client.get(f"/track/{order.tracking_token}/").content.decode()

    @pytest.mark.parametrize(
        ("content", "name", "message"),
        [
            (b"GIF89a but not really", "fake.jpg", "not a PNG, JPEG, GIF or WebP"),
            (b"%PDF-1.4 a document", "menu.png", "not a PNG, JPEG, GIF or WebP"),
            (b"", "empty.jpg", "empty"),
        ],
    )
    def test_what_is_not_a_picture_is_refused_by_its_content(self, owner, order, content, name, message):
        response = post_photo(client_for(owner), order.pk, {"file": named_upload(content, name)})
        assert message in SHOP.assert_error(response, 422, "file")["detail"][0]["msg"]
        assert not ShopOrderPhoto.objects.exists() and not Image.objects.exists()

    def test_no_file_field_is_422(self, owner, order):
        SHOP.assert_error(post_photo(client_for(owner), order.pk, {"photo": "x"}), 422, "file")

    def test_a_body_over_ten_megabytes_is_refused_before_it_is_read(self, owner, order):
        huge = named_upload(b"\0" * (10 * 1024 * 1024 + 100 * 1024), "huge.jpg")
        SHOP.assert_error(post_photo(client_for(owner), order.pk, {"file": huge}), 413)
        assert not Image.objects.exists()

    def test_another_shops_order_is_404_and_gets_no_photo(self, owner):
        theirs = ShopOrderFactory()
        response = post_photo(client_for(owner), theirs.pk, {"file": named_upload(picture())})
        assert SHOP.assert_error(response, 404)["detail"] == "Order not found"
        assert not ShopOrderPhoto.objects.exists()

    def test_a_photo_is_deleted_with_its_file_and_only_by_its_shop(
        self, owner, order, client, django_capture_on_commit_callbacks
    ):
        api = client_for(owner)
        photo = post_photo(api, order.pk, {"file": named_upload(picture())}).json()
        stranger = client_for(ShopFactory().owner)
        SHOP.assert_error(stranger.delete(f"{ORDERS}/{order.pk}/photos/{photo['id']}"), 404)
        other_order = ShopOrderFactory(shop=owner.shop)
        SHOP.assert_error(api.delete(f"{ORDERS}/{other_order.pk}/photos/{photo['id']}"), 404)
        stored = Image.objects.get().file.name
        with django_capture_on_commit_callbacks(execute=True):  # the file goes once the row's deletion commits
            assert api.delete(f"{ORDERS}/{order.pk}/photos/{photo['id']}").status_code == 204
        assert not ShopOrderPhoto.objects.exists() and not Image.objects.exists()
        assert not Image.file.field.storage.exists(stored)
        assert client.get(photo["url"]).status_code == 404

    def test_at_most_ten_photos(self, owner, order):
        api = client_for(owner)
        for _ in range(10):
            assert post_photo(api, order.pk, {"file": named_upload(picture())}).status_code == 201
        SHOP.assert_error(post_photo(api, order.pk, {"file": named_upload(picture())}), 422, "file")
        assert Image.objects.count() == 10


@pytest.mark.django_db
def test_admin_shows_an_orders_photos_and_deleting_one_removes_its_picture(
    owner, order, admin_client, django_capture_on_commit_callbacks
):
    photo = post_photo(client_for(owner), order.pk, {"file": named_upload(picture())}).json()
    page = admin_client.get(f"/admin/orders/shoporder/{order.pk}/change/").content.decode()
    assert photo["url"] in page
    inlines = {
        f"{prefix}-{key}": value
        for prefix in ("items", "status_changes", "issues", "payments")
        for key, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()
    }
    form = {
        "recipient_phone": order.recipient_phone,
        "recipient_name": order.recipient_name,
        "address": order.address,
        "delivery_method": order.delivery_method,
        **inlines,
        "photos-TOTAL_FORMS": 1,
        "photos-INITIAL_FORMS": 1,
        "photos-0-id": photo["id"],
        "photos-0-order": order.pk,
        "photos-0-position": 0,
        "photos-0-DELETE": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/orders/shoporder/{order.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not ShopOrderPhoto.objects.exists() and not Image.objects.exists()
