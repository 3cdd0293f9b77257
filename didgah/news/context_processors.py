from . import selectors


def nav(request):
    # The function, not its result: the menu is read only by the templates that show
    # it, and not at all when its cached fragment is used.
    return {"nav_categories": selectors.categories_for_nav}
