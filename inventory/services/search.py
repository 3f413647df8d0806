"""Finding parts by text, best matches first.

A part matches when its name, number, description or supplier contains the term, in any case: one
`LIKE` on the stored, upper-cased `Part.search_key`, which PostgreSQL answers from a trigram index.
Matches rank in three tiers (issue 11: the original ranked exact matches last): an exact name or
number (0), a name starting with the term (1), the rest (2); within a tier by name, ignoring case.

A page is read tier by tier (`BestFirst`), each tier in name order from the b-tree
`inventory_part_name_key` on PostgreSQL, so the first page of a term found in 20,000 parts reads a
few dozen rows instead of ranking and sorting all 20,000.
"""

from collections.abc import Callable

from django.db.models import CharField, Exists, F, Func, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat, Upper

from ..models import Part

SORTS = {
    "part_name": ("part_name",),
    "part_number": ("part_number", "part_name"),
    "quantity": ("quantity", "part_name"),
    "location": ("location__name", "part_name"),
}
WITHIN_TIER = ("name_key", "part_name", "id")
# A page of tier 2 ("the rest") within its first PROBED_PAGE rows is first looked for among the
# first PROBED_NAMES names of the table, a bounded walk of the name index.
PROBED_PAGE = 100
PROBED_NAMES = 2_000


class NameKey(Func):
    """`UPPER(part_name)` in byte order: on PostgreSQL `COLLATE "C"`, as `inventory_part_name_key` is,
    so that one index answers equality, `LIKE 'X%'` and the order (SQLite compares bytes already).

    `indexed=False` writes the same order so that no index matches it: a tier whose matches are few
    or far into the alphabet is sorted, never found by walking every name in order.
    """

    function = "UPPER"
    output_field = CharField()

    def __init__(self, indexed: bool = True):
        super().__init__(F("part_name") if indexed else Concat(F("part_name"), Value(""), output_field=CharField()))

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = self.as_sql(compiler, connection, **extra_context)
        return f'({sql} COLLATE "C")', params


def _tiers(term: str) -> tuple[Q, Q]:
    """The conditions of tier 0 (exact name or number) and of tiers 0-1 (the name starts with the term)."""
    upper = Upper(Value(term))
    return Q(name_key=upper) | Q(number_key=upper), Q(name_key__startswith=upper)


def _keyed(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(name_key=NameKey(), number_key=Upper("part_number"))


class BestFirst:
    """The parts of `matches` best first, as a paginator reads them: `count()` and `[start:stop]`.

    A slice is read tier by tier, each tier in name order, only as far as the slice reaches.
    `values_list(...)` shapes the rows as a queryset's would.
    """

    ordered = True

    def __init__(self, matches: QuerySet, term: str, shape: Callable[[QuerySet], QuerySet] | None = None):
        self.matches, self.term, self.shape = matches, term, shape or (lambda queryset: queryset)
        self.total = None

    @property
    def db(self) -> str:
        return self.matches.db

    def count(self) -> int:
        if self.total is None:
            self.total = self.matches.count()
        return self.total

    def values_list(self, *fields, **options) -> "BestFirst":
        return BestFirst(self.matches, self.term, lambda queryset: self.shape(queryset).values_list(*fields, **options))

    def __getitem__(self, window: slice) -> list:
        if not isinstance(window, slice) or window.step is not None or window.stop is None:
            raise TypeError("BestFirst reads bounded slices only")
        start, stop = window.start or 0, window.stop
        exact, prefix = _tiers(self.term)
        keyed = _keyed(self.matches.order_by())
        tiers = (
            (keyed.filter(exact), self._head),
            (keyed.filter(prefix).exclude(exact), self._head),
            (keyed.exclude(prefix).exclude(exact), self._rest_head),
        )
        rows, position, before = [], start, 0  # `before`: the rows of the tiers passed over
        for tier, read in tiers:
            if position == stop or (self.total is not None and position >= self.total):
                break
            offset = position - before
            found = read(tier, offset, stop - position)
            rows += found
            position += len(found)
            if position < stop:  # the tier ran out: its size is known, or counted if it ended before `offset`
                before += offset + len(found) if found or not offset else tier.count()
        return rows

    def _head(self, tier: QuerySet, offset: int, size: int) -> list:
        return list(self.shape(tier.order_by(*WITHIN_TIER))[offset : offset + size])

    def _rest_head(self, rest: QuerySet, offset: int, size: int) -> list:
        """Rows of tier 2. Near its start, look among the first `PROBED_NAMES` names of the table (a
        bounded walk of the name index): if they hold the rows asked for, those are the rows.
        Otherwise sort the tier, whose matches are then few or far into the alphabet."""
        if offset + size <= PROBED_PAGE:
            names = _keyed(Part.objects.order_by()).order_by("name_key").values("name_key")
            probed = rest.filter(name_key__lte=Subquery(names[PROBED_NAMES - 1 : PROBED_NAMES]))
            found = self._head(probed, offset, size)
            if len(found) == size:
                return found
        unindexed = rest.annotate(sort_key=NameKey(indexed=False)).order_by("sort_key", "part_name", "id")
        return list(self.shape(unindexed)[offset : offset + size])


def matching_parts(queryset: QuerySet, term: str) -> QuerySet:
    """The parts of `queryset` whose name, number, description or supplier contains `term`, in any case."""
    return queryset.filter(search_key__contains=Upper(Value(term)))


def search_parts(
    queryset: QuerySet,
    *,
    search_term: str = "",
    min_quantity: int | None = None,
    max_quantity: int | None = None,
    category_names=(),
    location=None,
    supplier: str = "",
    sort_by: str | None = None,
    sort_order: str = "asc",
) -> QuerySet | BestFirst:
    """Parts matching every filter given. With a term and no `sort_by`, best matches come first."""
    term = search_term.strip()
    if term:
        queryset = matching_parts(queryset, term)
    if min_quantity is not None:
        queryset = queryset.filter(quantity__gte=min_quantity)
    if max_quantity is not None:
        queryset = queryset.filter(quantity__lte=max_quantity)
    for name in category_names or ():  # every named category; EXISTS, so no row is repeated
        tagged = Part.categories.through.objects.filter(part_id=OuterRef("pk"), category__name__iexact=name)
        queryset = queryset.filter(Exists(tagged))
    if location is not None:
        # The location and everything kept below it (a cabinet holds its drawers' parts).
        queryset = queryset.filter(
            location__tree_id=location.tree_id, location__lft__gte=location.lft, location__rght__lte=location.rght
        )
    if supplier:
        queryset = queryset.filter(supplier__iexact=supplier)
    if sort_by:
        prefix = "-" if sort_order == "desc" else ""
        return queryset.order_by(*(f"{prefix}{field}" for field in SORTS[sort_by]), "id")
    if term:
        return BestFirst(queryset, term)
    return queryset.order_by("part_name", "id")


def suggest_part_names(term: str, limit: int) -> list[str]:
    """Part names for autocomplete, ranked as the search ranks them."""
    term = term.strip()
    names = BestFirst(Part.objects.filter(part_name__icontains=term), term).values_list("part_name", flat=True)
    return names[:limit]
