"""Paging a long list."""

from typing import Any

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told how many rows there are, counted already with other figures of
    the page (the quarterly grid's rates), so that it runs no COUNT query of its own."""

    def __init__(self, object_list: Any, per_page: int, count: int, **kwargs: Any):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property
