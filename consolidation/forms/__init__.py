"""Forms of the consolidation pages, split by area: validate and normalize; services write."""
