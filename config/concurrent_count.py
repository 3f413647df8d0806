"""Counting a page's total while the page is read.

A list's exact total can cost more than its page (the inventory's text search counts 19,000
trigram matches in 7-10 ms while its first page takes 3). On PostgreSQL the count runs on a
connection of its own, beside the request's queries, and the request waits for it only when it
writes the total.

Only outside a transaction: inside one, another connection would not see what this one wrote
(nor, in tests, anything at all). There, and on SQLite, the count runs when it is asked for.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.db import connections

# A few per process: a count waits in line rather than take more connections than the pool has.
_counters = ThreadPoolExecutor(max_workers=4, thread_name_prefix="count")


def _count_on_own_connection(queryset) -> int:
    try:
        return queryset.count()
    finally:
        connections.close_all()  # this thread's connection goes back to the pool


def count_alongside(queryset) -> Callable[[], int]:
    """Start counting `queryset` (anything with `count()`) and return the call that waits for the number."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return queryset.count
    return _counters.submit(_count_on_own_connection, queryset).result
