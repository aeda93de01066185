"""What the three forms share: the ward's letterhead and signature, the plans a person may
see, a file name's slug."""

from collections import defaultdict
from collections.abc import Iterable

from consolidation.models import (
    Plan,
    PlanQuerySet,
)
from organizations.models import Unit
from organizations.text import fold
from organizations.types import Viewer

from ..documents import (
    Block,
    Paragraph,
    Signature,
    upper_vi,
)
from ..models import ReportProfile


def slug(text: str) -> str:
    return "-".join(fold(text).replace("/", " ").split())


def profile_for(ward: Unit) -> ReportProfile:
    """The ward's letterhead as saved, or (unsaved: a read never creates it) the one made
    from the ward's own name until Board staff save theirs."""
    profile = ReportProfile.objects.filter(ward=ward).first()
    if profile is None:
        place = ward.area.replace("Phường ", "").replace("phường ", "") if ward.area else ward.name
        profile = ReportProfile(
            ward=ward,
            superior_body=upper_vi(ward.name),
            issuing_body="ĐẢNG ỦY",
            place=place.split("phường ")[-1].strip() or ward.name,
        )
    return profile


def ward_signature(profile: ReportProfile) -> Signature:
    return Signature(profile.signing_for, profile.signer_title, profile.signer_name)


def recipients(profile: ReportProfile) -> list[str]:
    return [line for line in profile.recipients.splitlines() if line.strip()]


def plans_for(user: Viewer | None) -> PlanQuerySet:
    """The plans a person may see; user=None is the command line, run by whoever already
    holds the database (the whole ward)."""
    return Plan.objects.all() if user is None else Plan.objects.visible_to(user)


def groups_text(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in sorted(numbers))


def group_numbers(plans: Iterable[Plan]) -> dict[int, list[int]]:
    """Each plan's indicator groups (1/2/3) by the plan's id, from the link table alone: a
    prefetch made a model of a group for each of a city's 2,000 plans."""
    numbers: dict[int, list[int]] = defaultdict(list)
    links = Plan.groups.through.objects.filter(plan__in=[p.pk for p in plans])
    for plan_id, number in links.values_list("plan_id", "indicatorgroup__number"):
        numbers[plan_id].append(number)
    return numbers


def text_blocks(text: str, empty: str) -> list[Block]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return [Paragraph(empty, "italic")]
    return [Paragraph(line) for line in lines]
