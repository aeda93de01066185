"""Every domain model keeps its history (django-simple-history), recording the user."""

from django.apps import apps

DOMAIN_APPS = ("organizations", "consolidation", "reporting")
# Not domain data: a notice is a message to one person, written once; reading it is its only
# change, and what it tells of has its own history. A calendar feed is a secret address.
# An exported file is a copy of figures that have their history; the figures' version is a
# counter of writes, each of which has its own history row.
NOT_DOMAIN = {"Notice", "CalendarFeed", "ExportJob", "FiguresVersion"}


def _domain_models():
    for app_label in DOMAIN_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if not model.__name__.startswith("Historical") and model.__name__ not in NOT_DOMAIN:
                yield model


def test_every_domain_model_keeps_its_history():
    missing = [m.__name__ for m in _domain_models() if not hasattr(m, "history")]

    assert missing == []
