"""The shell's search box: results grouped by kind, in the person's scope."""

from django.shortcuts import render

from ..selectors.search import MIN_LENGTH, search


def search_page(request):
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "consolidation/search.html",
        {"query": query, "groups": search(request.user, query), "min_length": MIN_LENGTH},
    )
