from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Choice


class SettingsForm(forms.Form):
    replies = forms.ChoiceField(label=_("پاسخ به دیدگاه‌های من"), choices=Choice.choices)
    mentions = forms.ChoiceField(label=_("وقتی کسی از من نام می‌برد (‎@نام)"), choices=Choice.choices)
    follows = forms.ChoiceField(label=_("دیدگاه تازه در گفت‌وگوهایی که دنبال می‌کنم"), choices=Choice.choices)
    moderation = forms.ChoiceField(label=_("تأیید، رد یا نگه‌داشتن دیدگاه‌هایم در صف بررسی"), choices=Choice.choices)


class FollowForm(forms.Form):
    action = forms.ChoiceField(choices=[("follow", "follow"), ("unfollow", "unfollow")])
