"""What a dashboard shows: the whole ward, one bloc of it, or one đảng bộ cơ sở's subtree,
narrowed to what the person may see; every number's link keeps the scope."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from config.ids import as_id
from consolidation.models import ReviewRound
from consolidation.selectors.reviews import figures_round
from organizations.models import Bloc, Role, Unit
from organizations.selectors import membership_of, units_visible_to
from organizations.types import Viewer


@dataclass
class Scope:
    """The whole ward, one bloc of it, or one đảng bộ cơ sở's subtree."""

    ward: Unit
    bloc: str = ""
    under: Unit | None = None
    round_pk: int | None = None  # a round chosen; by default figures_round's
    _round: tuple[ReviewRound | None] | None = field(default=None, repr=False, compare=False)

    def figures_round(self) -> ReviewRound | None:
        """The round whose figures are shown (consolidation.selectors.figures_round), read
        once for the page."""
        if self._round is None:
            self._round = (figures_round(self.ward, chosen=self.round_pk),)
        return self._round[0]

    def units(self, user: Viewer) -> QuerySet[Unit]:
        root = self.under or self.ward
        units = units_visible_to(user).filter(path__startswith=root.path)
        return units.filter(bloc=self.bloc) if self.bloc else units

    @property
    def key(self) -> tuple[object, ...]:
        """What tells one scope from another, for what is kept of it (reporting.versions)."""
        return (self.ward.pk, self.bloc, self.under.pk if self.under else "", self.round_pk or "")

    @property
    def label(self) -> str:
        if self.under is not None:
            return self.under.name
        if self.bloc:
            return f"{self.ward.name}, khối {Bloc(self.bloc).label}"
        return self.ward.name

    @property
    def params(self) -> dict[str, str | int]:
        """The scope as the lists' GET parameters (the round board and the plan list take
        the same `bloc` and `under`)."""
        params: dict[str, str | int] = {}
        if self.bloc:
            params["bloc"] = self.bloc
        if self.under is not None:
            params["under"] = self.under.pk
        if self.round_pk is not None:
            params["dot"] = self.round_pk
        return params

    @property
    def query(self) -> str:
        return urlencode(self.params)

    def link(self, name: str, *args: object, **params: str | int | None) -> str:
        given = {k: v for k, v in params.items() if v is not None and v != ""}
        query = {**self.params, **given}
        url = reverse(name, args=args)
        return f"{url}?{urlencode(query)}" if query else url


def scope_for(
    user: Viewer,
    ward: Unit,
    *,
    bloc: str = "",
    under_pk: str | int | None = None,
    round_pk: str | int | None = None,
) -> Scope:
    """The scope asked for in the URL, narrowed to what the user may see: a đảng bộ cơ sở
    secretary always gets their own subtree. Ids are taken as typed in the URL; one that is
    not an id chooses nothing."""

    membership = membership_of(user)
    round_ = (
        ReviewRound.objects.filter(ward=ward, pk=round_id).values_list("pk", flat=True).first()
        if (round_id := as_id(round_pk)) is not None
        else None
    )
    if membership is not None and membership.role == Role.SECRETARY:
        return Scope(ward=ward, under=membership.unit, round_pk=round_)
    under = None
    if (under_id := as_id(under_pk)) is not None:
        under = units_visible_to(user).filter(pk=under_id, depth__gt=0).first()
    return Scope(ward=ward, bloc=bloc if bloc in Bloc.values else "", under=under, round_pk=round_)
