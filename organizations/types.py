"""Names for the people a function deals with, so that signatures say who is meant.

The project keeps Django's own user model (no AUTH_USER_MODEL of its own): a person is a
`User`, and their unit and role come from their `Membership`.
"""

from django.contrib.auth.models import AnonymousUser, User

# Someone signed in who acts: services check them and record them as the change's author.
Actor = User
# Whoever asks: access rules and selectors answer anyone, signed in or not.
Viewer = User | AnonymousUser

__all__ = ["Actor", "User", "Viewer"]
