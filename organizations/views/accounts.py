"""The Board's account pages: the list, an account, creating one, a temporary password, a
deactivation, and handing a unit over to its new secretary."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from config.paging import query_without

from ..access import get_account_for_user, get_unit_for_user, require_account_manager
from ..forms.accounts import AccountFilterForm, AccountForm, DeactivateForm, HandoverForm
from ..list_export import excel_response, wants_excel
from ..models import Role
from ..resources import AccountResource
from ..selectors import display_name, recent_logins, secretary_accounts, ward_accounts
from ..services import accounts as services

PAGE_SIZE = 50


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _show_temporary_password(request, user, password: str, *, created: bool):
    """The temporary password, shown on this one answer and kept nowhere."""
    return render(
        request,
        "organizations/account_password.html",
        {"account": user, "password": password, "created": created},
    )


def account_list(request):
    ward = require_account_manager(request.user)
    form = AccountFilterForm(request.GET or None)
    rows = ward_accounts(ward, form.filters())
    if wants_excel(request):
        return excel_response(AccountResource(), rows, "Danh sách tài khoản")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "organizations/account_list.html",
        {"form": form, "page": page, "query": query_without(request), "total": len(rows)},
    )


def account_create(request):
    ward = require_account_manager(request.user)
    initial = {"unit": ward.pk, "role": Role.SECRETARY}
    unit_pk = request.GET.get("don_vi")
    if unit_pk:
        unit = get_unit_for_user(request.user, unit_pk)
        initial.update(unit=unit.pk, position=f"Bí thư {unit.name[:1].lower()}{unit.name[1:]}")
        family, _, given = unit.secretary_name.rpartition(" ")
        initial.update(last_name=family, first_name=given, username=f"bithu.{unit.code.lower()}")
    form = AccountForm(request.POST or None, initial=initial, ward=ward)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.account_create(
                person=form.person(), assignment=form.assignment(), ward=ward, by=request.user
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _show_temporary_password(request, user, password, created=True)
    return render(request, "organizations/account_form.html", {"form": form})


def account_detail(request, pk: int):
    account = get_account_for_user(request.user, pk)
    return render(
        request,
        "organizations/account_detail.html",
        {
            "account": account,
            "membership": account.membership,
            "logins": recent_logins(account),
            "events": account.account_events.select_related("by")[:50],
            "is_self": account.pk == request.user.pk,
            "is_secretary_account": account.membership.role == Role.SECRETARY,
        },
    )


def account_edit(request, pk: int):
    account = get_account_for_user(request.user, pk)
    ward = require_account_manager(request.user)
    membership = account.membership
    initial = {
        "last_name": account.last_name,
        "first_name": account.first_name,
        "username": account.username,
        "email": account.email,
        "role": membership.role,
        "unit": membership.unit_id,
        "position": membership.position,
    }
    form = AccountForm(request.POST or None, initial=initial, ward=ward)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_update(
                user=account,
                person=form.person(),
                assignment=form.assignment(),
                ward=ward,
                by=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Đã lưu tài khoản của {display_name(account)}.")
            return redirect("organizations:account_detail", pk=account.pk)
    return render(request, "organizations/account_form.html", {"form": form, "account": account})


def account_reset_password(request, pk: int):
    account = get_account_for_user(request.user, pk)
    if request.method == "POST":
        password = services.account_reset_password(user=account, by=request.user)
        return _show_temporary_password(request, account, password, created=False)
    return render(request, "organizations/account_reset.html", {"account": account})


def account_deactivate(request, pk: int):
    account = get_account_for_user(request.user, pk)
    ward = require_account_manager(request.user)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_deactivate(
                user=account, ward=ward, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                f"Đã khóa tài khoản {account.username}. Những việc đã làm vẫn giữ tên "
                f"{display_name(account)}.",
            )
            return redirect("organizations:account_detail", pk=account.pk)
    return render(
        request, "organizations/account_deactivate.html", {"account": account, "form": form}
    )


@require_POST
def account_reactivate(request, pk: int):
    account = get_account_for_user(request.user, pk)
    services.account_reactivate(user=account, by=request.user)
    messages.success(request, f"Đã mở lại tài khoản {account.username}.")
    return redirect("organizations:account_detail", pk=account.pk)


def unit_handover(request, pk: int):
    """Hand the unit to its new secretary (seed 000: the secretary answers for the plan)."""
    ward = require_account_manager(request.user)
    unit = get_unit_for_user(request.user, pk)
    form = HandoverForm(request.POST or None, ward=ward, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.unit_handover(
                request=form.handover_request(), ward=ward, by=request.user
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if result.temporary_password:
                return _show_temporary_password(
                    request, result.new_user, result.temporary_password, created=True
                )
            messages.success(
                request, f"Đã bàn giao {unit.name} cho {display_name(result.new_user)}."
            )
            return redirect("organizations:unit_detail", pk=unit.pk)
    return render(
        request,
        "organizations/unit_handover.html",
        {
            "unit": unit,
            "form": form,
            "current": list(secretary_accounts(unit).filter(is_active=True)),
            "handovers": unit.handovers.select_related("previous_user", "new_user", "recorded_by"),
        },
    )
