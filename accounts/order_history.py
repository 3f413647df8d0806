"""Every order a customer placed, from each app that takes orders: one "My orders" (issue 14).

`accounts` sits below the apps that sell, so it cannot read their tables. Each registers an
`OrderSource` in its AppConfig.ready(); the page merges what they answer, newest first. A page costs
two queries per source (a count and the newest rows), whatever the number of orders.
"""

import heapq
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class OrderSummary:
    kind: str  # what was ordered, in the customer's words ("3D printing and machining")
    number: str
    description: str
    placed_at: datetime
    status: str  # the status's label
    status_code: str  # the status's value, for styling
    total: Decimal | None
    currency: str
    url: str


class OrderSource(Protocol):
    def count(self, user) -> int: ...

    def newest(self, user, limit: int) -> list[OrderSummary]:
        """The user's `limit` newest orders, newest first."""


_sources: list[OrderSource] = []


def register(source: OrderSource) -> None:
    if source not in _sources:
        _sources.append(source)


def orders_page(user, page: int, per_page: int = 20) -> tuple[list[OrderSummary], int]:
    """One page of the user's orders from every source, newest first, and how many there are in all."""
    total = sum(source.count(user) for source in _sources)
    wanted = page * per_page
    streams = [source.newest(user, wanted) for source in _sources]
    merged = heapq.merge(*streams, key=lambda order: order.placed_at, reverse=True)
    return list(merged)[(page - 1) * per_page : wanted], total
