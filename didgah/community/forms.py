from django import forms
from django.utils.translation import gettext_lazy as _

from . import conf
from .models import Report


class CommentForm(forms.Form):
    # No max_length here: the service measures the cleaned text and says how long it
    # is; the browser's maxlength is only a hint.
    body = forms.CharField(label=_("دیدگاه شما"), strip=False, widget=forms.Textarea(attrs={"rows": 5}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = conf.comment_max_length()
        self.fields["body"].error_messages["required"] = _("متن دیدگاه خالی است.")
        # NUL and other controls are refused by the service with a message that says
        # what is wrong (rules.clean_comment_text); Django's generic one would not.
        self.fields["body"].validators = []


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("دلیل گزارش"), choices=Report.Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("توضیح"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}))
