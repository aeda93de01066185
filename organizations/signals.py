"""Signals of this app that other apps listen to."""

from django.dispatch import Signal

# Sent by a write that changes figures without a model's save or delete signal (a bulk
# create or update): the registry import, a step taken back. reporting.versions listens.
figures_written = Signal()
