"""Review pages: the rounds, the round's board, a review (self-assessment, the Board's
conclusion), its reopening and its evidence, and starting consolidation from it."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from config.ids import posted_ids
from config.paging import query_without
from organizations.access import role_of, ward_for
from organizations.concurrency import EditConflict
from organizations.forms import keep_typed_at_version
from organizations.list_export import excel_response, wants_excel
from organizations.models import Role, Unit
from organizations.selectors import units_visible_to

from ..access import (
    can_edit_review,
    get_review_for_user,
    get_round_for_user,
    require_board,
    require_role,
    review_edit_refusal,
)
from ..forms.common import ReasonForm
from ..forms.reviews import BoardFilterForm, CauseFormSet, ReviewForm, RoundForm, causes_from
from ..models import IndicatorGroup, Plan, Review, ReviewEventKind, RoundStatus
from ..resources import ReviewResource
from ..selectors.reviews import round_board, round_counts, rounds_visible_to, with_review_details
from ..services import plans as plan_services
from ..services import reviews as review_services

BOARD_PAGE_SIZE = 100


def round_list(request):
    if role_of(request.user) == Role.SECRETARY:
        reviews = with_review_details(Review.objects.visible_to(request.user)).order_by(
            "-round__starts_on", "unit__sort_key"
        )
        return render(request, "consolidation/my_reviews.html", {"reviews": reviews})
    rounds = rounds_visible_to(request.user)
    return render(
        request,
        "consolidation/round_list.html",
        {"rounds": rounds, "can_open": role_of(request.user) == Role.BOARD},
    )


def round_create(request):
    require_board(request.user, "Chỉ Ban Xây dựng Đảng được mở đợt rà soát.")
    ward = ward_for(request.user)
    units = Unit.objects.grassroots_of(ward).active().order_by("sort_key", "code")
    year = timezone.localdate().year
    defaults = review_services.default_round_dates(year)
    initial = {
        "name": f"Rà soát năm {year}",
        "period": f"{defaults.starts_on:%m}–{defaults.ends_on:%m/%Y}",
        **vars(defaults),
        "units": list(units.values_list("pk", flat=True)),
    }
    form = RoundForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = review_services.round_open(
                ward=ward,
                name=form.cleaned_data["name"],
                period=form.cleaned_data["period"],
                dates=form.dates(),
                units=form.cleaned_data["units"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            suggested = round_.reviews.filter(suggestion_state="pending").count()
            messages.success(
                request,
                f"Đã mở «{round_.name}» với {round_.reviews.count()} tổ chức"
                + (f"; {suggested} tổ chức được gợi ý xem xét «có nguy cơ»." if suggested else "."),
            )
            return redirect("consolidation:round_board", pk=round_.pk)
    return render(request, "consolidation/round_form.html", {"form": form})


def round_board_view(request, pk: int):
    round_ = get_round_for_user(request.user, pk)
    if role_of(request.user) == Role.SECRETARY:
        raise PermissionDenied("Bí thư xem đánh giá của tổ chức mình ở mục «Rà soát».")
    form = BoardFilterForm(request.GET or None)
    filters = form.filters(request.user)
    reviews = round_board(round_, request.user, filters)
    if wants_excel(request):
        return excel_response(
            ReviewResource(),
            with_review_details(reviews),
            f"Rà soát {round_.name}",
        )
    page: Page[Any] = Paginator(reviews.values_list("pk", flat=True), BOARD_PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    ids = list(page.object_list)
    details = {r.pk: r for r in with_review_details(round_.reviews.filter(pk__in=ids))}
    page.object_list = [details[pk] for pk in ids]
    return render(
        request,
        "consolidation/round_board.html",
        {
            "round": round_,
            "form": form,
            "page": page,
            "query": query_without(request),
            "counts": round_counts(
                round_, round_.reviews.filter(unit__in=units_visible_to(request.user))
            ),
            "is_board": role_of(request.user) == Role.BOARD,
            "under": filters.under,
            "exact_groups": list(filters.groups),
        },
    )


@require_POST
def round_confirm_many(request, pk: int):
    """The Board confirms the reviews ticked on the round board, each with the checks of one
    by one; the page then names each confirmed and each refused with its reasons."""
    round_ = get_round_for_user(request.user, pk)
    require_board(request.user)
    ids = posted_ids(request.POST, "review")
    reviews = list(
        round_.reviews.filter(pk__in=ids, unit__in=units_visible_to(request.user))
        .select_related("unit")
        .order_by("unit__sort_key")
    )
    if not reviews:
        messages.error(request, "Chưa chọn đánh giá nào để xác nhận.")
        return redirect("consolidation:round_board", round_.pk)
    outcome = review_services.reviews_confirm(reviews=reviews, by=request.user)
    return render(
        request,
        "consolidation/round_confirm_many.html",
        {"round": round_, "outcome": outcome},
    )


def round_close(request, pk: int):
    """Close (or reopen) a round after a confirmation page: closing makes its figures the
    ward's, and names how many units it leaves unassessed; reopening lets them move again."""
    round_ = get_round_for_user(request.user, pk)
    require_board(request.user)
    closing = round_.status == RoundStatus.OPEN
    count = review_services.unassessed(round_) if closing else 0
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            if closing:
                review_services.round_close(round_=round_, by=request.user, unassessed_ok=True)
            else:
                review_services.round_reopen(round_=round_, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"Đã kết thúc «{round_.name}». Các đánh giá không sửa được nữa."
                if closing
                else f"Đã mở lại «{round_.name}».",
            )
        return redirect("consolidation:round_board", pk=round_.pk)
    return render(
        request,
        "consolidation/round_close.html",
        {"round": round_, "closing": closing, "unassessed": count},
    )


def review_detail(request, pk: int):
    review = get_review_for_user(request.user, pk)
    review = with_review_details(type(review).objects.filter(pk=review.pk)).get()
    groups = IndicatorGroup.objects.all()
    findings = {f.indicator_id: f for f in review.findings.all()}
    assessments = {a.group_id: a for a in review.group_assessments.all()}
    indicators = review_services.active_indicators(review.round)
    sections = [
        {
            "group": group,
            "assessment": assessments.get(group.pk),
            "present": [
                (i, findings[i.pk])
                for i in indicators
                if i.group_id == group.pk and i.pk in findings
            ],
        }
        for group in groups
    ]
    role = role_of(request.user)
    events = list(review.events.select_related("by"))
    return render(
        request,
        "consolidation/review_detail.html",
        {
            "review": review,
            "sections": sections,
            "causes": review.causes.select_related("group"),
            "evidence": review.evidence.all(),
            "cited_inspections": review.inspections.all(),
            "cited_feedback": review.feedback.all(),
            "events": events,
            "confirmed_versions": [e for e in events if e.kind == ReviewEventKind.CONFIRMED],
            "can_edit": can_edit_review(request.user, review),
            "is_board": role == Role.BOARD,
            "is_secretary": role == Role.SECRETARY,
            # One plan per unit at a time: consolidating continues the running plan.
            "running_plan": Plan.objects.active().filter(unit=review.unit_id).first()
            if review.needs_consolidation and review.consolidation_plan is None
            else None,
            "problems": review_services.confirmation_problems(review)
            if role == Role.BOARD and not review.is_locked and review.conclusion
            else [],
        },
    )


def review_edit(request, pk: int):
    review = get_review_for_user(request.user, pk)
    role = role_of(request.user)
    refusal = review_edit_refusal(role, review)
    if refusal:
        messages.error(request, refusal)
        return redirect("consolidation:review_detail", pk=review.pk)
    is_board = role == Role.BOARD
    indicators = review_services.active_indicators(review.round)
    groups = IndicatorGroup.objects.all()
    initial = _initial(review, indicators, groups)
    form = ReviewForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        indicators=indicators,
        groups=groups,
        is_board=is_board,
        record=review,
    )
    causes = CauseFormSet(
        request.POST or None,
        prefix="causes",
        initial=[
            {"kind": c.kind, "text": c.text, "group": c.group_id} for c in review.causes.all()
        ],
    )
    conflict = None
    if request.method == "POST" and form.is_valid() and causes.is_valid():
        action = request.POST.get("action", "save")
        try:
            review = review_services.review_save(
                review=review,
                data=form.to_input(causes_from(causes)),
                by=request.user,
                expected_version=form.expected_version,
            )
        except EditConflict as exc:
            conflict = exc
            keep_typed_at_version(form, exc.current.version)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            return _after_save(request, review, action)
    return render(
        request,
        "consolidation/review_form.html",
        {
            "review": review,
            "form": form,
            "causes": causes,
            "conflict": conflict,
            "is_board": is_board,
        },
    )


def _after_save(request, review, action):
    try:
        if action == "submit":
            review_services.review_submit(review=review, by=request.user)
            messages.success(request, "Đã gửi bản tự đánh giá cho Ban Xây dựng Đảng.")
        elif action == "confirm":
            review_services.review_confirm(review=review, by=request.user)
            messages.success(request, "Đã xác nhận kết luận. Đánh giá được khóa.")
        else:
            messages.success(request, "Đã lưu.")
    except ValidationError as exc:
        # What was typed is saved; only the confirmation waits for the missing pieces.
        messages.error(request, "Đã lưu nhưng chưa xác nhận được: " + " ".join(exc.messages))
        return redirect("consolidation:review_edit", pk=review.pk)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("consolidation:review_detail", pk=review.pk)


def _initial(review, indicators, groups) -> dict:
    initial = {
        "weak_aspects": review.weak_aspects,
        "weak_links": review.weak_links,
        "head_responsibility": review.head_responsibility,
        "conclusion": review.conclusion,
        "justification": review.justification,
        "version": review.version,
    }
    for finding in review.findings.all():
        initial[f"present_{finding.indicator_id}"] = finding.present
        initial[f"manifestation_{finding.indicator_id}"] = finding.manifestation
    for assessment in review.group_assessments.all():
        initial[f"strengths_{assessment.group_id}"] = assessment.strengths
        initial[f"limitations_{assessment.group_id}"] = assessment.limitations
        initial[f"severity_{assessment.group_id}"] = assessment.severity
    return initial


def review_reopen(request, pk: int):
    review = get_review_for_user(request.user, pk)
    require_board(request.user, review_services.REOPEN_BOARD_ONLY)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_services.review_reopen(
                review=review, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã mở lại đánh giá. Bản đã xác nhận trước vẫn được lưu.")
            return redirect("consolidation:review_edit", pk=review.pk)
    return render(request, "consolidation/review_reopen.html", {"review": review, "form": form})


@require_POST
def review_suggestion(request, pk: int):
    review = get_review_for_user(request.user, pk)
    require_board(request.user)
    try:
        if request.POST.get("decision") == "accept":
            review_services.suggestion_accept(review=review, by=request.user)
            messages.success(request, "Đã chấp nhận gợi ý: kết luận dự kiến «Có nguy cơ».")
        else:
            review_services.suggestion_dismiss(
                review=review, by=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, "Đã bỏ qua gợi ý.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(request, review)


def _back(request, review):
    """Back to where the action was taken (the round's board), or the review."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("consolidation:review_detail", pk=review.pk)


@require_POST
def review_consolidate(request, pk: int):
    review = get_review_for_user(request.user, pk)
    require_role(request.user, {Role.BOARD}, "Chỉ Ban Xây dựng Đảng được đưa tổ chức vào củng cố.")
    try:
        plan = plan_services.plan_create_from_review(review=review, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("consolidation:review_detail", pk=review.pk)
    if plan.review_id == review.pk:
        text = f"Đã đưa «{review.unit.name}» vào diện củng cố: {plan.get_kind_display().lower()} đã được tạo."
    else:
        text = (
            f"«{review.unit.name}» đang thực hiện «{plan.title}»: đánh giá này đã được gắn vào, "
            "cần bổ sung mục tiêu, nhiệm vụ, lấy ý kiến và trình phê duyệt lại."
        )
    messages.success(request, text)
    return redirect("consolidation:plan_detail", pk=plan.pk)
