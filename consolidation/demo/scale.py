"""Consolidation data for the synthetic city of generate_scale_data: for each ward, a
review round over all its grassroots units, most confirmed, one in five with indicators."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from organizations.models import Unit, level_for_score

from ..models import (
    CELL_KINDS,
    STEP_CODES,
    Cadre,
    CadreAction,
    CadreEvaluation,
    CaseKind,
    CaseMilestone,
    CaseStatus,
    CellMeeting,
    ComplexCase,
    Conclusion,
    DigitalCheck,
    DigitalItem,
    Evaluation,
    EvaluationKind,
    Finding,
    GroupAssessment,
    Indicator,
    IndicatorGroup,
    KeyRole,
    Plan,
    PlanKind,
    PlanStatus,
    PlanStep,
    QuarterlyUpdate,
    Review,
    ReviewRound,
    ReviewState,
    Task,
    TaskProgress,
    TaskStatus,
    UpdateState,
)
from ..services.quarterly import quarter_ensure
from ..services.reviews import default_round_dates

PLANS_PER_WARD = 2000
TASKS_PER_PLAN = 10


def generate(*, city, rng, stdout) -> None:
    indicators = list(Indicator.objects.select_related("group"))
    groups = {g.number: g for g in IndicatorGroup.objects.all()}
    now = timezone.now()
    for ward in city.wards:
        dates = default_round_dates(2026)
        round_ = ReviewRound.objects.create(
            ward=ward,
            name="Rà soát giai đoạn 1 năm 2026",
            period="04–05/2026",
            starts_on=dates.starts_on,
            ends_on=dates.ends_on,
            phase2_starts_on=dates.phase2_starts_on,
            phase3_starts_on=dates.phase3_starts_on,
            phase3_ends_on=dates.phase3_ends_on,
        )
        reviews = []
        units = list(Unit.objects.grassroots_of(ward).only("pk"))
        plan_quota = PLANS_PER_WARD if len(units) >= PLANS_PER_WARD * 2 else len(units) // 5
        for index, unit in enumerate(units):
            weak = index < plan_quota or rng.random() < 0.05
            confirmed = rng.random() < 0.9
            confirmed = confirmed or index < plan_quota
            conclusion = (
                rng.choice([Conclusion.WEAK, Conclusion.COMPLEX])
                if index < plan_quota
                else Conclusion.AT_RISK
                if weak
                else Conclusion.NOT_NEEDED
            )
            reviews.append(
                Review(
                    round=round_,
                    unit=unit,
                    state=ReviewState.CONFIRMED if confirmed else ReviewState.IN_REVIEW,
                    conclusion=conclusion if confirmed or weak else "",
                    confirmed_at=now if confirmed else None,
                )
            )
        Review.objects.bulk_create(reviews, batch_size=2000)
        findings, assessments = [], []
        for review in Review.objects.filter(round=round_).exclude(conclusion=Conclusion.NOT_NEEDED):
            chosen = rng.sample(indicators, 3)
            for indicator in chosen:
                findings.append(
                    Finding(
                        review=review,
                        indicator=indicator,
                        present=True,
                        manifestation="Biểu hiện thử nghiệm",
                    )
                )
            for number in {i.group.number for i in chosen}:
                assessments.append(
                    GroupAssessment(
                        review=review,
                        group=groups[number],
                        severity=rng.choice(["light", "medium", "serious"]),
                    )
                )
        Finding.objects.bulk_create(findings, batch_size=2000)
        GroupAssessment.objects.bulk_create(assessments, batch_size=2000)
        _plans(round_, groups, rng, now)
        _updates(ward, rng, now)
        _registers(ward, rng)
        _meetings(ward, rng)
    stdout.write(f"Rà soát: {len(city.wards)} đợt ({timezone.localdate():%d/%m/%Y}).")


def _plans(round_, groups, rng, now) -> None:
    """A plan for each confirmed weak or complex review: approved, ten tasks, steps 1–5 done."""
    reviews = list(
        Review.objects.filter(
            round=round_,
            state=ReviewState.CONFIRMED,
            conclusion__in=[Conclusion.WEAK, Conclusion.COMPLEX],
        )
        .select_related("unit")
        .prefetch_related("findings__indicator__group")
    )
    plans = [
        Plan(
            unit=r.unit,
            review=r,
            round=round_,
            kind=PlanKind.PROJECT if r.conclusion == Conclusion.WEAK else PlanKind.PLAN,
            title=f"Đề án củng cố {r.unit.code}",
            contents="Nội dung cần củng cố (dữ liệu thử)",
            number=f"{i + 1:02d}-{'ĐA' if r.conclusion == Conclusion.WEAK else 'KH'}/CB",
            issued_on=datetime.date(2026, 5, 28),
            started_on=datetime.date(2026, 5, 20),
            expected_end=datetime.date(2026, 12, 31),
            status=PlanStatus.APPROVED,
            approved_at=now,
        )
        for i, r in enumerate(reviews)
    ]
    Plan.objects.bulk_create(plans, batch_size=1000)
    links, steps, tasks = [], [], []
    Link = Plan.groups.through
    for plan, review in zip(plans, reviews, strict=True):
        numbers = sorted(
            {f.indicator.group.number for f in review.findings.all() if f.present}
        ) or [1]
        links += [Link(plan_id=plan.pk, indicatorgroup_id=groups[n].pk) for n in numbers]
        steps += [
            PlanStep(
                plan=plan,
                number=n,
                done_on=datetime.date(2026, 5, 20),
                completed_at=now if n <= 5 else None,
            )
            for n in range(1, 7)
        ]
        for k in range(TASKS_PER_PLAN):
            deadline = datetime.date(2026, rng.randint(6, 12), 28)
            progress = rng.choice([0, 20, 50, 80, 100])
            tasks.append(
                Task(
                    plan=plan,
                    group=groups[numbers[k % len(numbers)]],
                    what=f"Nhiệm vụ thử số {k + 1}",
                    person_name="Bí thư",
                    person_position="Bí thư chi bộ",
                    lead="Chi ủy",
                    coordinate="Ban XDĐ",
                    starts_on=datetime.date(2026, 6, 1),
                    deadline=deadline,
                    deliverable="Sản phẩm",
                    effect_sought="Hiệu quả",
                    progress=progress,
                    status=TaskStatus.DONE
                    if progress == 100
                    else TaskStatus.IN_PROGRESS
                    if progress
                    else TaskStatus.NOT_STARTED,
                    order=k + 1,
                )
            )
    Link.objects.bulk_create(links, batch_size=2000)
    PlanStep.objects.bulk_create(steps, batch_size=2000)
    Task.objects.bulk_create(tasks, batch_size=2000)


def _updates(ward, rng, now) -> None:
    """Quarters II–IV of 2026: most plans reported and accepted, some late, some missing."""

    plans = list(Plan.objects.filter(unit__path__startswith=ward.path).prefetch_related("tasks"))
    updates, progress = [], []
    for number in (2, 3, 4):
        quarter = quarter_ensure(ward, 2026, number)
        for plan in plans:
            roll = rng.random()
            if roll < 0.1:
                continue  # missing
            state = (
                UpdateState.ACCEPTED
                if number < 4 or roll < 0.5
                else rng.choice([UpdateState.SUBMITTED, UpdateState.DRAFT, UpdateState.RETURNED])
            )
            submitted = None if state == UpdateState.DRAFT else now
            updates.append(
                QuarterlyUpdate(
                    plan=plan,
                    quarter=quarter,
                    state=state,
                    summary="Tóm tắt kết quả (dữ liệu thử)",
                    first_submitted_at=submitted,
                    submitted_at=submitted,
                )
            )
    QuarterlyUpdate.objects.bulk_create(updates, batch_size=2000)
    tasks = {p.pk: list(p.tasks.all()) for p in plans}
    for update in updates:
        for task in tasks[update.plan_id]:
            progress.append(
                TaskProgress(update=update, task=task, status=task.status, progress=task.progress)
            )
    TaskProgress.objects.bulk_create(progress, batch_size=5000)


def _registers(ward, rng) -> None:
    """What the dashboard's targets count besides plans: a limited cadre for half the plans,
    a complex case for each Kế hoạch, a mid-term evaluation for a third of the Đề án."""

    board = get_user_model().objects.get(username=f"bxd.{ward.code.lower()}")
    plans = list(
        Plan.objects.filter(unit__path__startswith=ward.path).only("pk", "unit_id", "kind")
    )
    cadres, cases, evaluations = [], [], []
    due: list[datetime.date | None] = []
    for plan in plans:
        if rng.random() < 0.5:
            action = rng.choice([CadreAction.TRAINING, CadreAction.NONE])
            cadres.append(
                Cadre(
                    unit_id=plan.unit_id,
                    plan=plan,
                    name="Cán bộ thử",
                    position="Chi ủy viên",
                    limitation="Hạn chế (dữ liệu thử)",
                    action=action,
                    action_on=None if action == CadreAction.NONE else datetime.date(2026, 8, 1),
                )
            )
        if plan.kind == PlanKind.PLAN:
            has_roadmap = rng.random() < 0.8
            cases.append(
                ComplexCase(
                    unit_id=plan.unit_id,
                    plan=plan,
                    kind=CaseKind.BACKLOG,
                    description="Vụ việc thử",
                    classification="Phức tạp" if has_roadmap else "",
                    roadmap="Lộ trình thử" if has_roadmap else "",
                    status=CaseStatus.IN_PROGRESS,
                )
            )
            due.append(datetime.date(2026, rng.randint(7, 12), 15) if has_roadmap else None)
        elif rng.random() < 0.33:
            evaluations.append(
                Evaluation(
                    plan=plan,
                    kind=EvaluationKind.MID_TERM,
                    evaluated_on=datetime.date(2026, 9, 15),
                    clear_improvement=rng.random() < 0.7,
                    summary="Đánh giá giữa kỳ (dữ liệu thử)",
                    by=board,
                )
            )
    Cadre.objects.bulk_create(cadres, batch_size=2000)
    ComplexCase.objects.bulk_create(cases, batch_size=2000)
    CaseMilestone.objects.bulk_create(
        (
            CaseMilestone(case=case, title="Mốc lộ trình thử", due_on=day)
            for case, day in zip(cases, due, strict=True)
            if day is not None
        ),
        batch_size=2000,
    )
    Evaluation.objects.bulk_create(evaluations, batch_size=2000)


def _meetings(ward, rng) -> None:
    """The cell-meeting register and the seed's other registers at city scale: a regular
    meeting each month of 2026 to November for every cell (a few missed, a thematic one a
    quarter), a secretary as key cadre of every unit with two quarters of evaluations, and
    every unit's checklist of IT use."""
    cells = list(Unit.objects.grassroots_of(ward).filter(kind__in=CELL_KINDS).only("pk"))
    meetings = [
        CellMeeting(
            unit=cell,
            held_on=datetime.date(2026, month, 5),
            regular=True,
            thematic=month % 3 == 2,
            topic="Chuyên đề thử" if month % 3 == 2 else "",
            expected=20,
            present=rng.randint(15, 20),
            steps=list(STEP_CODES),
        )
        for cell in cells
        for month in range(1, 12)
        if rng.random() > 0.02
    ]
    CellMeeting.objects.bulk_create(meetings, batch_size=5000)
    units = list(Unit.objects.grassroots_of(ward).only("pk"))
    cadres = Cadre.objects.bulk_create(
        (
            Cadre(unit=unit, name="Bí thư thử", position="Bí thư", key_role=KeyRole.SECRETARY)
            for unit in units
        ),
        batch_size=5000,
    )
    evaluations = []
    for cadre in cadres:
        for quarter in (2, 3):
            last = 20 if rng.random() > 0.01 else 0
            evaluations.append(
                CadreEvaluation(
                    cadre=cadre,
                    year=2026,
                    quarter=quarter,
                    score_tasks=20,
                    score_service=20,
                    score_coordination=20,
                    score_discipline=last,
                    level=level_for_score(Decimal(60 + last)),
                    products="Sản phẩm thử",
                )
            )
    CadreEvaluation.objects.bulk_create(evaluations, batch_size=5000)
    items = list(DigitalItem.objects.filter(active=True))
    DigitalCheck.objects.bulk_create(
        (
            DigitalCheck(
                unit=unit,
                item=item,
                done=rng.random() < 0.95,
                checked_on=datetime.date(2026, 10, 1),
            )
            for unit in units
            for item in items
        ),
        batch_size=5000,
    )
