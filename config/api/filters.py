"""Query filters every API shares: ids and booleans that answer 422 on a bad value, never no rows."""

import django_filters
from django import forms

from config.ids import MAX_ID


class IdFilter(django_filters.NumberFilter):
    """An id: a whole number within the id column's range, else 422."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


TRUE_WORDS, FALSE_WORDS = ("true", "True", "1"), ("false", "False", "0")


class BooleanParamFilter(django_filters.TypedChoiceFilter):
    """`true` or `false` (also `True`/`1`, `False`/`0`); anything else is 422, not silently no rows."""

    def __init__(self, *args, **kwargs):
        choices = [(word, word) for word in (*TRUE_WORDS, *FALSE_WORDS)]
        super().__init__(*args, choices=choices, coerce=lambda word: word in TRUE_WORDS, **kwargs)
