"""Bringing records kept elsewhere into consolidation; every write goes through its services."""
