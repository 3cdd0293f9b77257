import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from didgah.common.ratelimit import client_ip, hit
from didgah.common.views import post_or_back

from . import conf, selectors, services, signals
from .forms import DeleteAccountForm, ProfileForm, RegisterForm


VERIFY_NEXT_KEY = "accounts:verify_next"


def _next_url(request, default: str = "/") -> str:
    """The page to come back to (an article, usually), if it is a path on this site;
    `default` otherwise. Only a path: `abc` is no page here (redirect() would even look
    it up as a URL pattern's name, and fail), and a relative target lands nowhere sure."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                                   require_https=request.is_secure()):
        return target
    return default


def register(request):
    # A new reader lands on their profile (where the address is confirmed) unless they
    # came from a page of this site. Redirected as a URL, never resolved as a name.
    next_url = _next_url(request, default=reverse("accounts:profile"))
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url)
    form = RegisterForm(request.POST or None)
    if request.method == "POST":
        if form.is_bot:
            # Pretend it worked: telling a bot why it failed only teaches it.
            return HttpResponseRedirect(next_url)
        if not hit(f"register:{client_ip(request)}", limit=conf.registrations_per_hour(), window_seconds=3600):
            form.add_error(None, _("از این نشانی در یک ساعت گذشته حساب‌های زیادی ساخته شده است. لطفاً بعداً دوباره تلاش کنید."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                user = services.reader_register(
                    username=data["username"], email=data["email"], password=data["password1"],
                    display_name=data["display_name"], city=data["city"], country=data["country"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                services.email_verification_send(user=user, base_url=request.build_absolute_uri("/").rstrip("/"))
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                # Where the confirmation link leads back to (verify_email), checked again there.
                request.session[VERIFY_NEXT_KEY] = next_url
                messages.success(request, _("خوش آمدید! پیوند تأیید رایانامه را برایتان فرستادیم؛ پس از تأیید می‌توانید دیدگاه بنویسید و رأی دهید."))
                return HttpResponseRedirect(next_url)
    return render(request, "accounts/register.html", {"form": form, "next": next_url})


def verify_email(request, token: str):
    user = services.email_verify(token=token)
    if user is None:
        messages.error(request, _("پیوند تأیید نامعتبر است یا زمانش گذشته است."))
    else:
        messages.success(request, _("رایانامهٔ شما تأیید شد."))
        # Back to the page they registered from, in the browser they registered in.
        target = request.session.pop(VERIFY_NEXT_KEY, "") if request.user.pk == user.pk else ""
        if target.startswith("/") and url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return HttpResponseRedirect(target)
    return redirect("accounts:profile" if request.user.is_authenticated else "news:home")


@login_required
@post_or_back("accounts:profile")
def resend_verification(request):
    if not hit(f"verify-mail:{request.user.pk}", limit=3, window_seconds=3600):
        messages.error(request, _("پیوند تأیید چند بار فرستاده شده است؛ یک ساعت دیگر دوباره تلاش کنید."))
    else:
        services.email_verification_send(user=request.user, base_url=request.build_absolute_uri("/").rstrip("/"))
        messages.success(request, _("پیوند تأیید دوباره فرستاده شد."))
    return redirect("accounts:profile")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule): a link or image cannot log a reader out."""

    def get_success_url(self):
        return _next_url(self.request)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, initial={
        "display_name": request.user.profile.display_name,
        "city": request.user.profile.city,
        "country": request.user.profile.country.code or "",
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("نمایهٔ شما به‌روز شد."))
            return redirect("accounts:profile")
    # What the apps built on accounts show here (accounts imports none of them).
    parts = [part for _receiver, part in signals.profile_sections.send(sender=type(request.user), request=request)
             if part]
    sections = [html for _order, html in sorted(parts, key=lambda part: part[0])]
    return render(request, "accounts/profile.html", {"form": form, "profile": request.user.profile,
                                                     "sections": sections})


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.account_delete(user=user)
        messages.success(request, _("حساب شما حذف شد. دیدگاه‌هایتان با نام «کاربر حذف‌شده» می‌مانند."))
        return redirect("news:home")
    return render(request, "accounts/delete.html", {"form": form})


@login_required
def export_data(request):
    data = selectors.account_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="didgah-{request.user.pk}.json"'
    return response


def password_reset(request):
    """Ask for a reset link. The answer is the same whether or not the address has an
    account; the mail is queued (services.password_reset_request)."""
    form = PasswordResetForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if services.password_reset_request(email=form.cleaned_data["email"], client_ip=client_ip(request),
                                           domain=request.get_host(), use_https=request.is_secure()):
            return redirect("accounts:password_reset_done")
        form.add_error("email", _("برای این رایانامه یا از این نشانی در یک ساعت گذشته چند بار پیوند بازیابی "
                                  "خواسته شده است. لطفاً بعداً دوباره تلاش کنید."))
        status = 429
    return render(request, "accounts/password_reset_form.html", {"form": form}, status=status)


password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html",
)
