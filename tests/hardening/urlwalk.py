"""Every URL pattern of the project, found through the URL resolver rather than a hand list."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# The Django admin is Django's own, guarded by is_staff; its hundreds of generated URLs are not
# the product's pages.
EXCLUDED_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    view: object


def walk(patterns=None, prefix="", namespace=""):
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            child_ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), child_ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = f"{namespace}{entry.name}" if entry.name else route
            yield Route(name=name, route=route, view=entry.callback)


def all_routes() -> list[Route]:
    return list(walk())
