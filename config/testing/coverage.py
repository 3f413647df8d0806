"""Which API views have tests: the meta-test (config/tests/test_every_view_tested.py) reads this."""

COVERED_VIEWS: set[type] = set()


def covers(*views):
    """Mark a test class as the tests of these API views."""

    def mark(test_class):
        COVERED_VIEWS.update(views)
        return test_class

    return mark
