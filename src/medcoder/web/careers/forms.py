"""The employer's job form and the application form, each with a honeypot field bots fill in.

Single-line fields refuse line breaks and other control characters: a title or an organisation ends
up in email subjects, where a CR/LF would start a new header (Django refuses to send it, too late).
"""

import re

from django import forms
from django.core.exceptions import ValidationError

from medcoder.careers.resumes import ResumeRejected, check_resume_size
from medcoder.careers.vocabulary import CREDENTIALS, SPECIALTIES
from medcoder.web.careers.models import EmployerProfile, Job

# C0 controls, DEL, and what str.splitlines() also breaks on (NEL, line and paragraph separators)
NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


class SingleLineFields:
    """A form mixin: every text field without a Textarea must hold a single line."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if (
                isinstance(value, str)
                and not isinstance(field.widget, forms.Textarea)
                and NOT_ONE_LINE.search(value)
            ):
                self.add_error(name, "Keep this on one line, without line breaks or control characters.")
        return cleaned


class HoneypotForm(forms.Form):
    """`website_confirm` is hidden from people by CSS; anything in it marks the post as a bot's."""

    website_confirm = forms.CharField(required=False, label="Leave this empty")

    def is_bot(self) -> bool:
        return bool(self.data.get("website_confirm"))


class JobForm(SingleLineFields, HoneypotForm, forms.ModelForm):
    credential_choices = forms.MultipleChoiceField(
        choices=[(name, f"{name}: {title}") for name, title in CREDENTIALS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Credentials wanted",
    )
    specialty_choices = forms.MultipleChoiceField(
        choices=[(name, name) for name in SPECIALTIES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Specialties",
    )
    apply_url = forms.URLField(required=False, assume_scheme="https", label="Apply URL")

    class Meta:
        model = Job
        fields = [
            "title",
            "organisation",
            "city",
            "region",
            "work_arrangement",
            "employment_type",
            "experience_years",
            "salary_min",
            "salary_max",
            "salary_unit",
            "description",
            "apply_by",
            "apply_url",
            "apply_email",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["credential_choices"] = self.instance.credential_list
            self.initial["specialty_choices"] = self.instance.specialty_list

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low and high and low > high:
            self.add_error("salary_max", "The maximum salary is below the minimum.")
        apply_by = cleaned.get("apply_by")
        if apply_by == Job.ApplyBy.URL and not cleaned.get("apply_url"):
            self.add_error("apply_url", "Give the address where applicants apply.")
        if apply_by == Job.ApplyBy.EMAIL and not cleaned.get("apply_email"):
            self.add_error("apply_email", "Give the address applications go to.")
        return cleaned

    def save(self, commit: bool = True) -> Job:
        job = super().save(commit=False)
        job.credentials = _wrapped(self.cleaned_data["credential_choices"])
        job.specialties = _wrapped(self.cleaned_data["specialty_choices"])
        if commit:
            job.save()
        return job


class EmployerProfileForm(SingleLineFields, forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = EmployerProfile
        fields = ["organisation", "website"]


class ApplicationForm(HoneypotForm):
    resume = forms.FileField(label="Resume (PDF or Word .docx, up to 5 MB)")
    cover_note = forms.CharField(widget=forms.Textarea, required=False, max_length=5000, label="Cover note")

    def clean_resume(self):
        """The size the upload declares is checked before anything reads it into memory."""
        resume = self.cleaned_data["resume"]
        try:
            check_resume_size(resume.size)
        except ResumeRejected as rejected:
            raise ValidationError(str(rejected)) from None
        return resume


def _wrapped(names: list[str]) -> str:
    return f",{','.join(names)}," if names else ""
