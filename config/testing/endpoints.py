"""Generic endpoint tests in the spirit of NetBox's APIViewTestCases, as mixins.

A test class composes the cases its endpoint has and declares the endpoint, the dialect
(`expect`, from config/testing/dialects.py), how to make a row owned by a user (`make`) and what to
send; it inherits the tests every such endpoint owes, with that API's status codes. Only the
cases that apply are composed, so no generated test skips:

- `ListCase`: 401 for strangers; the query count does not grow with the page, under a ceiling.
- `DetailCase`: 401 for strangers; a missing id is 404 in the dialect's body.
- `OwnedCase`: another user's row answers the dialect's `foreign_row_status`; lists show own rows.
- `StaffOnlyCase`: customers get 403 on every route of the endpoint.
- `CreateCase`: `create_payload(caller)` answers the dialect's create status; the row is readable after.
- `UpdateCase`: `update_payload` answers 200 and the change reads back; strangers 401.
- `DeleteCase`: the dialect's delete status, then 404; strangers 401.
- `BadPayloadCase`: `bad_payload(caller)` is the dialect's validation error naming `bad_fields`, nothing written.
`OwnedUpdateCase` and `OwnedDeleteCase` also refuse updates and deletes of another user's row, which stays as it was.
"""

import pytest

from accounts.tests.factories import AdminFactory, UserFactory
from config.testing.clients import client_for
from config.testing.coverage import COVERED_VIEWS
from config.testing.queries import assert_list_queries_constant

MISSING_ID = 999_999_999


@pytest.mark.django_db
class EndpointCase:
    """What every case needs; compose it with the mixins below."""

    expect = None  # a config.testing.dialects expectation object
    list_url: str | None = None
    detail_url: str | None = None  # with "{pk}"
    # Where an API reads, changes and deletes a row at different URLs (the inventory's
    # `get_part?part_id=`, `update_part/{id}`, `delete_part?part_id=`); the detail URL otherwise.
    update_url: str | None = None
    delete_url: str | None = None
    id_field = "id"  # the key of a row's id in list items
    views: tuple = ()  # the API views these tests cover (config/testing/coverage.py)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        COVERED_VIEWS.update(cls.views)

    def make(self, owner):
        raise NotImplementedError

    def caller(self):
        """Who may use the endpoint (a customer unless the case says otherwise)."""
        return UserFactory()

    def owner_for(self, caller):
        """Whose rows the caller works on: their own for owned endpoints, anyone's otherwise."""
        return caller

    def url(self, obj=None, pk=None, template=None):
        return (template or self.detail_url).format(pk=pk if pk is not None else obj.pk)

    @property
    def dialect(self):
        return self.expect.dialect


class ListCase(EndpointCase):
    max_list_queries = 3  # identity, COUNT, SELECT; a class whose serializer prefetches says more
    list_rows = (1, 50)  # the rows of the first list read, then of the second, which may not cost more

    def test_list_requires_authentication(self):
        self.expect.assert_error(client_for().get(self.list_url), 401)

    def test_list_query_count_does_not_grow(self, django_assert_max_num_queries):
        caller = self.caller()
        client = client_for(caller)
        owner = self.owner_for(caller)

        def grow(n):
            for _ in range(n):
                self.make(owner)

        small, large = self.list_rows
        baseline = assert_list_queries_constant(
            django_assert_max_num_queries, lambda: client.get(self.list_url), grow, small=small, large=large
        )
        assert len(self.expect.items(client.get(self.list_url))) >= 50
        assert baseline <= self.max_list_queries, f"{baseline} queries for one page (ceiling {self.max_list_queries})"


class DetailCase(EndpointCase):
    def test_detail_requires_authentication(self):
        obj = self.make(UserFactory())
        self.expect.assert_error(client_for().get(self.url(obj)), 401)

    def test_detail_of_missing_id_is_404(self):
        self.expect.assert_error(client_for(self.caller()).get(self.url(pk=MISSING_ID)), 404)


class OwnedCase(EndpointCase):
    """Rows belong to a user; another user's row answers the dialect's `foreign_row_status`."""

    def test_detail_of_another_users_row_is_refused(self):
        obj = self.make(UserFactory())
        self.expect.assert_error(client_for(UserFactory()).get(self.url(obj)), self.dialect.foreign_row_status)

    def test_list_shows_only_own_rows(self):
        me, other = UserFactory(), UserFactory()
        mine = self.make(me)
        self.make(other)
        ids = [item.get(self.id_field) for item in self.expect.items(client_for(me).get(self.list_url))]
        assert ids == [mine.pk]


class StaffOnlyCase(EndpointCase):
    def caller(self):
        return AdminFactory()

    def owner_for(self, caller):
        return UserFactory()

    def test_staff_routes_refuse_customers(self):
        customer = UserFactory()
        urls = [u for u in (self.list_url, self.detail_url and self.url(self.make(customer))) if u]
        assert urls
        for url in urls:
            self.expect.assert_error(client_for(customer).get(url), 403)


class CreateCase(EndpointCase):
    """POST `create_payload(caller)` to `create_url` (the list URL by default)."""

    create_url: str | None = None

    def create_payload(self, caller) -> dict:
        """What `caller` creates (their own file or configuration may be named in it)."""
        raise NotImplementedError

    def created_id(self, body: dict):
        return body[self.id_field]

    def test_create_answers_the_dialects_status_and_the_row_reads_back(self):
        caller = self.caller()
        client = client_for(caller)
        response = client.post(self.create_url or self.list_url, self.create_payload(caller), format="json")
        assert response.status_code == self.dialect.create_status, response.content
        assert client.get(self.url(pk=self.created_id(self.expect.record(response)))).status_code == 200

    def test_anonymous_create_is_401(self):
        payload = self.create_payload(UserFactory())
        response = client_for().post(self.create_url or self.list_url, payload, format="json")
        self.expect.assert_error(response, 401)


class UpdateCase(EndpointCase):
    """`update_method` the detail URL with `update_payload`; `updated` is what the detail then shows."""

    update_method = "patch"
    update_payload: dict = {}

    def updated(self) -> dict:
        return self.update_payload

    def send_update(self, client, obj):
        url = self.url(obj, template=self.update_url)
        return getattr(client, self.update_method)(url, self.update_payload, format="json")

    def test_update_answers_200_and_the_change_reads_back(self):
        caller = self.caller()
        obj = self.make(self.owner_for(caller))
        client = client_for(caller)
        response = self.send_update(client, obj)
        assert response.status_code == 200, response.content
        shown = self.expect.record(client.get(self.url(obj)))
        assert {name: shown[name] for name in self.updated()} == self.updated()

    def test_anonymous_update_is_401(self):
        self.expect.assert_error(self.send_update(client_for(), self.make(UserFactory())), 401)


class DeleteCase(EndpointCase):
    gone_after_delete = True  # False where delete deactivates the row (it stays readable)

    def test_delete_answers_the_dialects_status(self):
        caller = self.caller()
        obj = self.make(self.owner_for(caller))
        client = client_for(caller)
        response = client.delete(self.url(obj, template=self.delete_url))
        assert response.status_code == self.dialect.delete_status, response.content
        if self.gone_after_delete:
            self.expect.assert_error(client.get(self.url(obj)), 404)

    def test_anonymous_delete_is_401(self):
        obj = self.make(UserFactory())
        self.expect.assert_error(client_for().delete(self.url(obj, template=self.delete_url)), 401)
        assert type(obj).objects.filter(pk=obj.pk).exists()


class OwnedUpdateCase(OwnedCase, UpdateCase):
    def test_update_of_another_users_row_is_refused(self):
        obj = self.make(UserFactory())
        before = type(obj).objects.filter(pk=obj.pk).values().get()
        self.expect.assert_error(self.send_update(client_for(UserFactory()), obj), self.dialect.foreign_row_status)
        assert type(obj).objects.filter(pk=obj.pk).values().get() == before  # refused, and never changed


class OwnedDeleteCase(OwnedCase, DeleteCase):
    def test_delete_of_another_users_row_is_refused(self):
        obj = self.make(UserFactory())
        self.expect.assert_error(client_for(UserFactory()).delete(self.url(obj)), self.dialect.foreign_row_status)
        assert type(obj).objects.filter(pk=obj.pk).exists()


class BadPayloadCase(EndpointCase):
    """POST `bad_payload(caller)` to `create_url`: the dialect's validation error naming `bad_fields`."""

    create_url: str | None = None
    bad_fields: tuple[str, ...] = ()

    def bad_payload(self, caller) -> dict:
        raise NotImplementedError

    def test_bad_payload_is_refused_in_the_dialect_and_writes_nothing(self):
        model = type(self.make(UserFactory()))
        before = model.objects.count()
        caller = self.caller()
        response = client_for(caller).post(self.create_url or self.list_url, self.bad_payload(caller), format="json")
        self.expect.assert_error(response, self.dialect.validation_status, *self.bad_fields)
        assert model.objects.count() == before
