"""Which API views have tests: the meta-test (config/tests/test_every_view_tested.py) reads this.

A view is covered by a generic endpoint case (config/testing/endpoints.py, `views = (...)`), or
is tested by hand with a written reason why the generic cases do not fit it (`hand_tested`).
"""

COVERED_VIEWS: set[type] = set()
HAND_TESTED: dict[type, str] = {}


def hand_tested(*views, why: str):
    """Mark a test class as the tests of views the generic cases cannot express, saying why."""
    if not why.strip():
        raise ValueError("say why the generic endpoint cases do not fit")

    def mark(test_class):
        for view in views:
            HAND_TESTED[view] = why
        return test_class

    return mark
