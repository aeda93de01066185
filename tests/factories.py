import factory
from django.contrib.auth import get_user_model

from organizations.models import Bloc, Kind, Membership, Role, Unit
from organizations.services.registry import unit_create

TEST_PASSWORD = "mat-khau-thu-123"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"DV-{n:04d}")
    name = factory.Sequence(lambda n: f"Chi bộ Khu dân cư số {n}")
    parent = None
    # Where each kind may sit (organizations.models.KIND_PARENTS): the first kind allowed
    # under the parent.
    kind = factory.LazyAttribute(
        lambda o: (
            Kind.WARD
            if o.parent is None
            else {
                Kind.CITY: Kind.WARD,
                Kind.WARD: Kind.BASE_CELL,
                Kind.BASE_COMMITTEE: Kind.SUB_CELL,
            }.get(o.parent.kind, Kind.PARTY_GROUP)
        )
    )
    bloc = factory.LazyAttribute(
        lambda o: Bloc.RESIDENTIAL if o.parent is not None and o.parent.kind == Kind.WARD else ""
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return unit_create(**kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Văn A"
    last_name = "Nguyễn"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.django.Password(TEST_PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.SECRETARY


def make_user(username: str, unit: Unit, role: str, **extra):
    user = UserFactory(username=username, **extra)
    MembershipFactory(user=user, unit=unit, role=role)
    return user
