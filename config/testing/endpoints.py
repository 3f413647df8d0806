"""Generic endpoint tests in the spirit of NetBox's APIViewTestCases.

A test class declares the endpoint, the dialect, how to make an object owned by a user and
what to send; it inherits the tests every endpoint owes: 401 for strangers, 403 for non-staff on
staff routes, 404 (or the spec's 403) for another user's object, 404 for a missing id, errors in the dialect's body,
and a list whose query count does not grow with the page size.
"""

import pytest

from accounts.tests.factories import AdminFactory, UserFactory
from config.testing.clients import client_for
from config.testing.coverage import COVERED_VIEWS
from config.testing.queries import assert_list_queries_constant

MISSING_ID = 999_999_999


@pytest.mark.django_db
class EndpointCase:
    expect = None  # a config.testing.dialects expectation object
    list_url: str | None = None
    detail_url: str | None = None  # with "{pk}"
    staff_only = False
    owned = True  # rows belong to a user; others may not read them
    foreign_status = 404  # what another user's row answers (the configurator spec says 403)
    id_field = "id"  # the key of a row's id in list items
    views: tuple = ()  # the API views these tests cover (config/testing/coverage.py)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        COVERED_VIEWS.update(cls.views)

    def make(self, owner):
        raise NotImplementedError

    def caller(self):
        return AdminFactory() if self.staff_only else UserFactory()

    def url(self, obj=None, pk=None):
        return self.detail_url.format(pk=pk if pk is not None else obj.pk)

    def test_list_requires_authentication(self):
        if not self.list_url:
            pytest.skip("no list endpoint")
        self.expect.assert_error(client_for().get(self.list_url), 401)

    def test_detail_requires_authentication(self):
        if not self.detail_url:
            pytest.skip("no detail endpoint")
        obj = self.make(UserFactory())
        self.expect.assert_error(client_for().get(self.url(obj)), 401)

    def test_staff_routes_refuse_customers(self):
        if not self.staff_only:
            pytest.skip("not a staff route")
        customer = UserFactory()
        urls = [u for u in (self.list_url, self.detail_url and self.url(self.make(customer))) if u]
        for url in urls:
            self.expect.assert_error(client_for(customer).get(url), 403)

    def test_detail_of_missing_id_is_404(self):
        if not self.detail_url:
            pytest.skip("no detail endpoint")
        self.expect.assert_error(client_for(self.caller()).get(self.url(pk=MISSING_ID)), 404)

    def test_detail_of_another_users_object_is_refused(self):
        if not (self.detail_url and self.owned and not self.staff_only):
            pytest.skip("rows are not owned per user")
        obj = self.make(UserFactory())
        self.expect.assert_error(client_for(UserFactory()).get(self.url(obj)), self.foreign_status)

    def test_list_shows_only_own_rows(self):
        if not (self.list_url and self.owned and not self.staff_only):
            pytest.skip("rows are not owned per user")
        me, other = UserFactory(), UserFactory()
        mine = self.make(me)
        self.make(other)
        ids = [item.get(self.id_field) for item in self.expect.items(client_for(me).get(self.list_url))]
        assert ids == [mine.pk]

    def test_list_query_count_does_not_grow(self, django_assert_max_num_queries):
        if not self.list_url:
            pytest.skip("no list endpoint")
        caller = self.caller()
        client = client_for(caller)
        owner = caller if self.owned else UserFactory()

        def grow(n):
            for _ in range(n):
                self.make(owner)

        baseline = assert_list_queries_constant(django_assert_max_num_queries, lambda: client.get(self.list_url), grow)
        assert len(self.expect.items(client.get(self.list_url))) >= 50
        assert baseline <= 10, f"{baseline} queries for one page is too many"
