"""Meta-test: every view mounted under an API has generic endpoint cases, or hand-written tests that
say why the generic cases do not fit it."""

import importlib
import importlib.util
import pkgutil

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from config.api.mounts import DIALECTS
from config.testing.coverage import COVERED_VIEWS, HAND_TESTED


def api_views(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from api_views(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None)
            if view is not None and getattr(view, "dialect", None) in DIALECTS:
                yield route, view


def import_all_test_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("django") and importlib.util.find_spec(f"{config.name}.tests"):
            package = importlib.import_module(f"{config.name}.tests")
            for module in pkgutil.walk_packages(package.__path__, f"{config.name}.tests."):
                if module.name.rpartition(".")[2].startswith("test_"):
                    importlib.import_module(module.name)


def test_every_api_view_has_tests():
    import_all_test_modules()
    mounted = dict(api_views())
    assert mounted, "no API views found: the meta-test is looking in the wrong place"
    untested = sorted(route for route, view in mounted.items() if view not in COVERED_VIEWS | set(HAND_TESTED))
    assert not untested, f"API views with neither an endpoint case nor a hand_tested reason: {untested}"


def test_hand_tested_views_have_no_endpoint_case_that_could_replace_the_reason():
    """A view with generic cases needs no exemption; an exemption left behind would go stale."""
    import_all_test_modules()
    both = sorted(view.__name__ for view in COVERED_VIEWS & set(HAND_TESTED))
    assert not both, f"views both covered by endpoint cases and exempted: {both}"
