"""Product photos of the shop API (issue 13): uploaded as multipart, checked by decoding, at most
10 MB (spec "File Uploads"), listed with the product and served publicly for the storefront."""

import pytest

from catalog.api import shop_views
from catalog.models import ProductPhoto
from catalog.tests.shop_factories import ProductFactory, ShopFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import SHOP
from config.testing.pictures import named_upload, picture
from files.models import Image

PRODUCTS = "/api/shop/products"


def post_photo(api, product_pk, data):
    return api.post(f"{PRODUCTS}/{product_pk}/photos", data, format="multipart")


@pytest.fixture
def owner(db):
    return ShopFactory().owner


@hand_tested(
    shop_views.ProductPhotoCreateView,
    shop_views.ProductPhotoDetailView,
    why="a multipart upload nested under a product: no list, no update, the product is the owner",
)
@pytest.mark.django_db
class TestProductPhotos:
    def test_a_photo_is_stored_listed_with_the_product_and_served_publicly(self, owner, client):
        product = ProductFactory(shop=owner.shop)
        api = client_for(owner)
        response = post_photo(api, product.pk, {"file": named_upload(picture())})
        assert response.status_code == 201, response.content
        photo = response.json()
        assert photo["content_type"] == "image/jpeg" and (photo["width"], photo["height"]) == (40, 30)
        assert photo["position"] == 0 and photo["url"].startswith("/shop/photos/") and photo["url"].endswith(".jpg")
        second = post_photo(api, product.pk, {"file": named_upload(picture("PNG"), "b.png")})
        assert second.json()["position"] == 1

        listed = api.get(f"{PRODUCTS}/{product.pk}").json()["photos"]
        assert [p["id"] for p in listed] == [photo["id"], second.json()["id"]]
        served = client.get(photo["url"])
        assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
        assert b"".join(served.streaming_content) == Image.objects.get(product_photo__pk=photo["id"]).file.read()
        assert client.get(photo["url"].replace(".jpg", ".png")).status_code == 404

    @pytest.mark.parametrize(
        ("content", "name", "message"),
        [
            (b"GIF89a but not really", "fake.jpg", "not a PNG, JPEG, GIF or WebP"),
            (b"%PDF-1.4 a document", "menu.png", "not a PNG, JPEG, GIF or WebP"),
            (b"", "empty.jpg", "empty"),
        ],
    )
    def test_what_is_not_a_picture_is_refused_by_its_content(self, owner, content, name, message):
        product = ProductFactory(shop=owner.shop)
        response = post_photo(client_for(owner), product.pk, {"file": named_upload(content, name)})
        body = SHOP.assert_error(response, 422, "file")
        assert message in body["detail"][0]["msg"]
        assert not ProductPhoto.objects.exists() and not Image.objects.exists()

    def test_no_file_field_is_422(self, owner):
        product = ProductFactory(shop=owner.shop)
        response = post_photo(client_for(owner), product.pk, {"photo": "x"})
        SHOP.assert_error(response, 422, "file")

    def test_a_photo_over_the_limit_is_refused(self, owner, settings):
        settings.SHOP_PHOTO_MAX_UPLOAD_BYTES = 1000
        product = ProductFactory(shop=owner.shop)
        big = picture("PNG", (400, 400))
        assert len(big) > 1000
        body = SHOP.assert_error(post_photo(client_for(owner), product.pk, {"file": named_upload(big)}), 422)
        assert "the limit is" in body["detail"][0]["msg"]

    def test_a_body_over_ten_megabytes_is_refused_before_it_is_read(self, owner):
        product = ProductFactory(shop=owner.shop)
        huge = named_upload(b"\0" * (10 * 1024 * 1024 + 100 * 1024), "huge.jpg")
        response = post_photo(client_for(owner), product.pk, {"file": huge})
        SHOP.assert_error(response, 413)
        assert not Image.objects.exists()

    def test_another_shops_product_is_404_and_gets_no_photo(self, owner):
        theirs = ProductFactory()
        response = post_photo(client_for(owner), theirs.pk, {"file": named_upload(picture())})
        assert SHOP.assert_error(response, 404)["detail"] == "Product not found"
        assert not ProductPhoto.objects.exists()

    def test_a_photo_is_deleted_with_its_file_and_only_by_its_shop(
        self, owner, client, django_capture_on_commit_callbacks
    ):
        product = ProductFactory(shop=owner.shop)
        api = client_for(owner)
        photo = post_photo(api, product.pk, {"file": named_upload(picture())}).json()
        stranger = client_for(ShopFactory().owner)
        SHOP.assert_error(stranger.delete(f"{PRODUCTS}/{product.pk}/photos/{photo['id']}"), 404)
        other_product = ProductFactory(shop=owner.shop)
        SHOP.assert_error(api.delete(f"{PRODUCTS}/{other_product.pk}/photos/{photo['id']}"), 404)
        stored = Image.objects.get().file.name
        with django_capture_on_commit_callbacks(execute=True):  # the file goes once the row's deletion commits
            assert api.delete(f"{PRODUCTS}/{product.pk}/photos/{photo['id']}").status_code == 204
        assert not ProductPhoto.objects.exists() and not Image.objects.exists()
        assert not Image.file.field.storage.exists(stored)
        assert client.get(photo["url"]).status_code == 404

    def test_at_most_ten_photos(self, owner, settings):
        product = ProductFactory(shop=owner.shop)
        api = client_for(owner)
        for _ in range(10):
            assert post_photo(api, product.pk, {"file": named_upload(picture())}).status_code == 201
        SHOP.assert_error(post_photo(api, product.pk, {"file": named_upload(picture())}), 422, "file")
        assert Image.objects.count() == 10
