"""What the page links of templates/includes/pagination.html need from a list's request."""

from django.http import HttpRequest


def query_without(request: HttpRequest, param: str = "trang") -> str:
    """The request's query (its filters, another list's page) without this list's page
    number, for the links to this list's other pages."""
    query = request.GET.copy()
    query.pop(param, None)
    return query.urlencode()
