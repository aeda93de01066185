"""The Inspection Committee's records (list, page, form, the year's programme) and the
people's feedback (list, form). Every list starts from what the person may see."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.forms import BaseForm
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from config.ids import as_id
from config.paging import query_without
from organizations.access import role_of, ward_for
from organizations.concurrency import EditConflict
from organizations.forms import keep_typed_at_version
from organizations.list_export import excel_response, wants_excel
from organizations.models import Kind, Role
from organizations.selectors import units_visible_to

from ..access import (
    can_write_feedback,
    can_write_inspections,
    feedback_visible_to,
    get_feedback_for_user,
    get_inspection_for_user,
    inspections_visible_to,
    require_feedback_writer,
    require_inspection_writer,
)
from ..forms.inspections import (
    ConcludeForm,
    FeedbackForm,
    FindingForm,
    FollowUpForm,
    InspectionForm,
    ProgrammeItemForm,
    RecommendationForm,
)
from ..models import (
    OPEN_FEEDBACK,
    FollowUpFile,
    Inspection,
    Plan,
    ProgrammeItem,
    Review,
    ReviewState,
    flag,
    overdue_recommendation_condition,
    programme_done_condition,
)
from ..resources import FeedbackResource, InspectionResource
from ..services import inspections as services
from .files import file_response

PAGE_SIZE = 50


def _year(request, today: datetime.date) -> int:
    try:
        year = int(request.GET.get("nam", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= 2099 else today.year


def inspection_list(request):
    today = timezone.localdate()
    year = _year(request, today)
    inspections = (
        inspections_visible_to(request.user)
        .filter(starts_on__year=year)
        # a secretary is told of their own units only, never the others an inspection covers
        .prefetch_related(Prefetch("units", queryset=units_visible_to(request.user)))
        .order_by("-starts_on", "-pk")
    )
    if wants_excel(request):
        return excel_response(InspectionResource(), inspections, f"Kiểm tra, giám sát năm {year}")
    page = Paginator(inspections, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "consolidation/inspection_list.html",
        {
            "page": page,
            "query": query_without(request, "trang"),
            "year": year,
            "years": range(today.year - 2, today.year + 1),
            "can_write": can_write_inspections(request.user),
        },
    )


def _inspection_form(request, inspection: Inspection):
    require_inspection_writer(request.user)
    ward = ward_for(request.user)
    units = (
        units_visible_to(request.user).active().exclude(kind__in=[Kind.CITY, Kind.WARD])
    ).order_by("sort_key")
    form = InspectionForm(
        request.POST or None,
        instance=inspection,
        initial={"starts_on": timezone.localdate()} if inspection.pk is None else {},
        units=units,
        plans=Plan.objects.visible_to(request.user).select_related("unit"),
        programme=ProgrammeItem.objects.filter(ward=ward),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.inspection_save(
                inspection=form.instance,
                units=list(form.cleaned_data["units"]),
                plans=list(form.cleaned_data["plans"]),
                by=request.user,
                expected_version=form.expected_version,
            )
        except EditConflict as exc:
            form.add_error(None, str(exc))
            keep_typed_at_version(form, exc.current.version)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu cuộc kiểm tra, giám sát.")
            return redirect("consolidation:inspection_detail", saved.pk)
    return render(
        request, "consolidation/inspection_form.html", {"form": form, "inspection": inspection}
    )


def inspection_add(request):
    return _inspection_form(request, Inspection(ward=ward_for(request.user)))


def inspection_edit(request, pk: int):
    return _inspection_form(request, get_inspection_for_user(request.user, pk))


def inspection_detail(request, pk: int):
    """An inspection's page: findings, recommendations and their follow-up; Inspection adds
    to it and concludes it; Inspection or the Board cite it in a covered unit's review."""
    inspection = get_inspection_for_user(request.user, pk)
    today = timezone.localdate()
    writer = can_write_inspections(request.user)
    units = inspection.units.filter(pk__in=units_visible_to(request.user))
    covered = list(units)
    recommendations = inspection.recommendations.select_related("unit").annotate(
        overdue=flag(overdue_recommendation_condition(today))
    )
    if role_of(request.user) == Role.SECRETARY:  # a unit sees its own part only
        recommendations = recommendations.filter(unit__in=units)
    forms_: dict[str, BaseForm] = {
        "finding": FindingForm(prefix="f"),
        "conclude": ConcludeForm(prefix="c", initial={"on": today}),
        "recommendation": RecommendationForm(
            prefix="r",
            units=units,
            # an inspection of one unit: its recommendations go to that unit
            initial={"unit": covered[0]} if len(covered) == 1 else {},
        ),
        "follow_up": FollowUpForm(
            prefix="u", recommendations=recommendations, initial={"happened_on": today}
        ),
    }
    if request.method == "POST":
        response = _inspection_action(request, inspection, forms_, units, recommendations)
        if response is not None:
            return response
    citable = (
        Review.objects.filter(unit__in=units)
        .exclude(state=ReviewState.CONFIRMED)
        .select_related("unit", "round")
        if role_of(request.user) in (Role.INSPECTION, Role.BOARD)
        else Review.objects.none()
    )
    return render(
        request,
        "consolidation/inspection_detail.html",
        {
            "inspection": inspection,
            "units": covered,
            "plans": list(inspection.plans.filter(unit__in=units).select_related("unit")),
            "findings": list(inspection.findings.select_related("group")),
            "recommendations": list(recommendations.prefetch_related("follow_ups__files")),
            "cited_in": list(
                inspection.cited_in.filter(unit__in=units).select_related("unit", "round")
            ),
            "citable": list(citable),
            "writer": writer and not inspection.is_concluded,
            "follow_up_writer": writer and inspection.is_concluded,
            "can_edit": writer,
            **{f"{k}_form": v for k, v in forms_.items()},
        },
    )


def _inspection_action(request, inspection, forms_, units, recommendations):
    """The page's one POST: a finding, a recommendation, concluding, a follow-up, a citation.
    The redirect after it, or None to show the page again with the refused form."""
    action = request.POST.get("action", "")
    try:
        if action == "finding":
            finding = forms_["finding"] = FindingForm(request.POST, prefix="f")
            if finding.is_valid():
                finding.instance.inspection = inspection
                services.finding_add(finding=finding.instance, by=request.user)
                return _done(request, inspection, "Đã thêm phát hiện.")
        elif action == "recommendation":
            recommendation = forms_["recommendation"] = RecommendationForm(
                request.POST, prefix="r", units=units
            )
            if recommendation.is_valid():
                recommendation.instance.inspection = inspection
                services.recommendation_add(recommendation=recommendation.instance, by=request.user)
                return _done(request, inspection, "Đã thêm kiến nghị.")
        elif action == "conclude":
            conclude = forms_["conclude"] = ConcludeForm(request.POST, prefix="c")
            if conclude.is_valid():
                services.inspection_conclude(
                    inspection=inspection, on=conclude.cleaned_data["on"], by=request.user
                )
                return _done(request, inspection, "Đã kết luận cuộc kiểm tra, giám sát.")
        elif action == "follow_up":
            follow_up = forms_["follow_up"] = FollowUpForm(
                request.POST, request.FILES, prefix="u", recommendations=recommendations
            )
            if follow_up.is_valid():
                services.follow_up_add(
                    follow_up=follow_up.instance,
                    uploads=follow_up.cleaned_data["attachments"],
                    done=follow_up.cleaned_data["done"],
                    by=request.user,
                )
                return _done(request, inspection, "Đã ghi việc thực hiện kiến nghị.")
        elif action == "cite":
            review = get_object_or_404(Review, pk=as_id(request.POST.get("review")))
            services.inspection_cite(inspection=inspection, review=review, by=request.user)
            return _done(request, inspection, f"Đã dẫn vào đánh giá của {review.unit.name}.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return None


def _done(request, inspection, message):
    messages.success(request, message)
    return redirect("consolidation:inspection_detail", inspection.pk)


def follow_up_file(request, pk: int):
    evidence = (
        FollowUpFile.objects.select_related("follow_up__recommendation").filter(pk=pk).first()
    )
    if evidence is None:
        raise Http404("Không tìm thấy tệp.")
    recommendation = evidence.follow_up.recommendation
    get_inspection_for_user(request.user, recommendation.inspection_id)
    if (
        role_of(request.user) == Role.SECRETARY
        and not units_visible_to(request.user).filter(pk=recommendation.unit_id).exists()
    ):
        raise Http404("Không tìm thấy tệp.")
    return file_response(evidence)


def programme(request):
    """The year's programme of inspections and supervisions by quarter, done or not yet."""
    ward = ward_for(request.user)
    if role_of(request.user) not in (Role.BOARD, Role.STANDING, Role.INSPECTION, Role.OFFICE):
        raise Http404("Không tìm thấy trang này.")
    today = timezone.localdate()
    year = _year(request, today)
    form = ProgrammeItemForm(request.POST or None, initial={"year": year, "quarter": 1})
    if request.method == "POST":
        require_inspection_writer(request.user)
        if form.is_valid():
            form.instance.ward = ward
            services.programme_item_save(item=form.instance, by=request.user)
            messages.success(request, "Đã thêm vào chương trình.")
            return redirect(f"{request.path}?nam={form.instance.year}")
    items = (
        ProgrammeItem.objects.filter(ward=ward, year=year)
        .annotate(done=flag(programme_done_condition()))
        .order_by("quarter", "pk")
    )
    return render(
        request,
        "consolidation/inspection_programme.html",
        {
            "items": list(items),
            "year": year,
            "years": range(today.year - 2, today.year + 2),
            "form": form if can_write_inspections(request.user) else None,
        },
    )


def feedback_list(request):
    feedback = (
        feedback_visible_to(request.user)
        .select_related("unit", "group")
        .annotate(open=flag(OPEN_FEEDBACK))
        .order_by("-received_on", "-pk")
    )
    if request.GET.get("mo") == "1":
        feedback = feedback.filter(OPEN_FEEDBACK)
    if wants_excel(request):
        return excel_response(FeedbackResource(), feedback, "Ý kiến của Nhân dân")
    page = Paginator(feedback, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "consolidation/feedback_list.html",
        {
            "page": page,
            "query": query_without(request, "trang"),
            "can_write": can_write_feedback(request.user),
            "only_open": request.GET.get("mo") == "1",
        },
    )


def feedback_form(request, pk: int | None = None):
    """Feedback recorded or answered by the Board or the Front; others read it."""
    feedback = get_feedback_for_user(request.user, pk) if pk else None
    writer = can_write_feedback(request.user)
    if feedback is None:
        require_feedback_writer(request.user)
    units = (
        units_visible_to(request.user).active().exclude(kind__in=[Kind.CITY, Kind.WARD])
    ).order_by("sort_key")
    form = FeedbackForm(
        request.POST or None,
        instance=feedback,
        initial={"received_on": timezone.localdate()} if feedback is None else {},
        units=units,
    )
    if request.method == "POST":
        require_feedback_writer(request.user)
        if request.POST.get("action") == "cite" and feedback is not None:
            review = get_object_or_404(Review, pk=as_id(request.POST.get("review")))
            try:
                services.feedback_cite(feedback=feedback, review=review, by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, f"Đã dẫn vào đánh giá của {review.unit.name}.")
            return redirect("consolidation:feedback_edit", feedback.pk)
        if form.is_valid():
            try:
                saved = services.feedback_save(
                    feedback=form.instance, by=request.user, expected_version=form.expected_version
                )
            except EditConflict as exc:
                form.add_error(None, str(exc))
                keep_typed_at_version(form, exc.current.version)
            else:
                messages.success(request, "Đã lưu ý kiến.")
                return redirect("consolidation:feedback_edit", saved.pk)
    citable = (
        Review.objects.filter(unit=feedback.unit)
        .exclude(state=ReviewState.CONFIRMED)
        .select_related("round")
        if feedback is not None and role_of(request.user) == Role.BOARD
        else Review.objects.none()
    )
    return render(
        request,
        "consolidation/feedback_form.html",
        {
            "form": form,
            "feedback": feedback,
            "writer": writer,
            "citable": list(citable),
            # the Front reads no review: internal Party information
            "cited_in": list(feedback.cited_in.select_related("round"))
            if feedback and role_of(request.user) != Role.FRONT
            else [],
        },
    )
