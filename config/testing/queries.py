"""Query-count guard for list endpoints: the count must not grow with the page size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as context:
        result = call()
    return len(context), result


def assert_list_queries_constant(django_assert_max_num_queries, fetch, grow, *, small=1, large=50):
    """`grow(n)` makes n more rows visible to `fetch()`; the large page may not cost more queries.

    Returns the query count so a test can also pin an absolute ceiling.
    """
    grow(small)
    baseline, response = count_queries(fetch)
    assert response.status_code == 200, response.content
    grow(large - small)
    with django_assert_max_num_queries(baseline):
        response = fetch()
    assert response.status_code == 200, response.content
    return baseline
