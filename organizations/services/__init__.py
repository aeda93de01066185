"""Writes to the registry (`registry`) and to the accounts of the people who use it
(`accounts`). Callers import from the module they mean."""
