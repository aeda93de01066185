"""Consolidation pages, split by area: `reviews`, `plans`, `registers`, `quarterly`, and the
evidence downloads (`files`)."""
