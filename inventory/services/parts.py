"""Parts: creating, changing and finding them.

Search ranks exact matches of the name or number first, then names starting with the term, then
any other match (issue 11: the original ranked exact matches last). On PostgreSQL the `%term%`
matches are served by the trigram indexes of migration 0002.
"""

from django.db import transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from config.db import save_unique

from ..models import Part
from .categories import categories_named

NAME_TAKEN = "A part with this name already exists"
SEARCHED_FIELDS = ("part_name", "part_number", "description", "supplier")
SORTS = {
    "part_name": ("part_name",),
    "part_number": ("part_number", "part_name"),
    "quantity": ("quantity", "part_name"),
    "location": ("location__name", "part_name"),
}


def _save(part: Part, category_names, **fields) -> Part:
    with transaction.atomic():
        save_unique(part, NAME_TAKEN, **fields)
        if category_names is not None:
            part.categories.set(categories_named(category_names))
    return part


def create_part(*, category_names=(), **fields) -> Part:
    """A new part; categories named that do not exist yet are created."""
    return _save(Part(), category_names, **fields)


def update_part(part: Part, *, category_names=None, **changes) -> Part:
    """Change a part; `category_names`, when given, replaces its categories."""
    return _save(part, category_names, **changes)


def delete_part(part: Part) -> None:
    part.delete()


def clear_all_parts() -> int:
    with transaction.atomic():
        _, by_model = Part.objects.all().delete()
    return by_model.get(Part._meta.label, 0)


def _matching(term: str) -> Q:
    query = Q()
    for field in SEARCHED_FIELDS:
        query |= Q(**{f"{field}__icontains": term})
    return query


def rank_by_match(queryset: QuerySet, term: str) -> QuerySet:
    """Exact name or number first (0), then names starting with the term (1), then the rest (2)."""
    return queryset.annotate(
        match_rank=Case(
            When(Q(part_name__iexact=term) | Q(part_number__iexact=term), then=Value(0)),
            When(part_name__istartswith=term, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


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
) -> QuerySet:
    """Parts matching every filter given. With a term and no `sort_by`, best matches come first."""
    term = search_term.strip()
    if term:
        queryset = rank_by_match(queryset.filter(_matching(term)), term)
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
        order = [f"{prefix}{field}" for field in SORTS[sort_by]]
    elif term:
        order = ["match_rank", "part_name"]
    else:
        order = ["part_name"]
    return queryset.order_by(*order, "id")


def suggest_part_names(term: str, limit: int) -> list[str]:
    """Part names for autocomplete: the exact name first, then names starting with the term, then the rest."""
    term = term.strip()
    queryset = rank_by_match(Part.objects.filter(part_name__icontains=term), term)
    return list(queryset.order_by("match_rank", "part_name").values_list("part_name", flat=True)[:limit])
