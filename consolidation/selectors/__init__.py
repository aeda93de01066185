"""Reads of consolidation, split by area: `reviews`, `plans`, `registers`, `quarterly`. Every
list starts from the registry's `units_visible_to`; a read never writes."""
