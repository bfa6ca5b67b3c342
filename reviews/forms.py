"""Forms of the review visit pages; the rules themselves live in models and services."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone

from core.forms import PlainEmptyChoices, by_name, date_errors
from core.validators import single_line
from councils.models import Council
from reviews import services
from reviews.models import (
    Action,
    DocumentKind,
    PeerTeamMember,
    ProgressUpdate,
    Recommendation,
    ReviewVisit,
    VisitKind,
    VisitStatus,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CheckedVisitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.council.name}: {obj.title} ({obj.first_day:%d/%m/%Y})"


class ReviewVisitForm(PlainEmptyChoices, forms.ModelForm):
    empty_choices = {
        "kind": "Choose a kind of visit",
        "checks_visit": "No visit (this is not a check-in)",
    }

    class Meta:
        model = ReviewVisit
        fields = [
            "council",
            "kind",
            "title",
            "checks_visit",
            "first_day",
            "last_day",
            "question",
            "scope",
            "out_of_scope",
            "evidence",
            "findings",
            "judgement",
        ]
        field_classes = {"checks_visit": CheckedVisitChoiceField}
        labels = {
            "checks_visit": "Visit it checks",
            "out_of_scope": "Out of scope",
            "findings": "Findings (for a check-in: the peers' new observations)",
        }
        help_texts = {
            "checks_visit": "For a check-in only: the earlier visit to the same council.",
            "out_of_scope": "e.g. Children's Services and Licensing.",
        }
        widgets = {
            "first_day": DateInput(),
            "last_day": DateInput(),
            "question": forms.Textarea(attrs={"rows": 2}),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "out_of_scope": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.Textarea(attrs={"rows": 5}),
            "judgement": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "council": {"required": "Choose the council visited."},
            "kind": {"required": "Choose the kind of visit."},
            "title": {"required": "Enter the visit's title."},
            "first_day": date_errors("the first day on site"),
            "last_day": date_errors("the last day on site"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        councils = Council.objects.current()
        if self.instance.council_id:
            councils = councils | Council.objects.filter(pk=self.instance.council_id)
        by_name(self.fields["council"]).queryset = councils.order_by("name")
        # A check-in checks an earlier visit to the same council: only that council's
        # visits are offered, so the list stays short however many visits there are.
        council_id = self.instance.council_id
        if not council_id:
            council_id = (self.data if self.is_bound else self.initial).get("council")
        council_id = str(council_id or "")
        checked = ReviewVisit.objects.none()
        # (An id past the database's largest integer was a server error.)
        if council_id.isascii() and council_id.isdigit() and len(council_id) <= 18:
            checked = ReviewVisit.objects.filter(council_id=council_id).exclude(
                kind=VisitKind.CHECK_IN
            )
            self.fields["checks_visit"].help_text = "For a check-in only: the visit it checks."
        else:
            self.fields[
                "checks_visit"
            ].help_text = "For a check-in: plan it from the page of the visit it checks."
        if self.instance.pk:
            checked = checked.exclude(pk=self.instance.pk)
        self.fields["checks_visit"].queryset = checked.select_related("council").order_by(
            "-first_day"
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") != VisitKind.CHECK_IN and data.get("checks_visit"):
            self.add_error("checks_visit", "Only a check-in names a visit it checks.")
        return data


PeerTeamFormSet = inlineformset_factory(
    ReviewVisit,
    PeerTeamMember,
    fields=["name", "role", "organisation"],
    # autocomplete off: a peer's details, which the browser would fill with the user's own.
    widgets={
        "name": forms.TextInput(attrs={"autocomplete": "off"}),
        "organisation": forms.TextInput(attrs={"autocomplete": "off"}),
    },
    error_messages={
        "name": {"required": "Enter the peer's name."},
        "role": {"required": "Enter the peer's role on the team."},
        "organisation": {"required": "Enter the peer's organisation."},
    },
    extra=2,
    can_delete=True,
)


class VisitStatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label="New status",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the visit's new status."},
    )
    published_on = forms.DateField(
        label="Date published",
        required=False,
        widget=DateInput(),
        help_text="For publishing only; today if left empty.",
        error_messages=date_errors("the date published"),
    )

    def __init__(self, *args, visit: ReviewVisit, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit
        self.fields["to_status"].choices = [
            (status.value, status.label) for status in visit.next_statuses()
        ]

    def clean_published_on(self):
        day = self.cleaned_data.get("published_on")
        if day and day > timezone.localdate():
            raise ValidationError("The date published cannot be in the future.")
        return day

    def clean(self):
        data = super().clean()
        day = data.get("published_on")
        # Beside the date, not only above the form (the service checks it again).
        if data.get("to_status") == VisitStatus.PUBLISHED and day and day < self.visit.last_day:
            self.add_error(
                "published_on", "The report cannot be published before the last day on site."
            )
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why is it reopened?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the visit's page with who reopened it and when.",
        error_messages={"required": "Say why the visit is reopened."},
    )


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["number", "theme", "text"]
        labels = {"text": "Recommendation"}
        help_texts = {"theme": "e.g. Governance, Finance, Young people."}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "number": {
                "required": "Enter the recommendation's number.",
                "invalid": "Enter the recommendation's number as a whole number, like 3.",
            },
            "theme": {"required": "Enter the recommendation's theme, like Governance."},
            "text": {"required": "Enter the recommendation."},
        }

    def __init__(self, *args, visit: ReviewVisit, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit
        self.instance.visit = visit
        self.fields["theme"].required = True
        if not self.instance.pk:
            self.fields["number"].initial = services.recommendation_next_number(visit=visit)

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number is not None and number < 1:
            raise ValidationError("Recommendations are numbered from 1.")
        taken = Recommendation.objects.filter(visit=self.visit, number=number)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                f"That number is already used for this visit; the next free one is "
                f"{services.recommendation_next_number(visit=self.visit)}."
            )
        return number


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["description", "owner", "due_on", "rag", "completed_on"]
        labels = {"description": "Action", "due_on": "Due date", "completed_on": "Date done"}
        help_texts = {"completed_on": "Leave empty until the action is done."}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_on": DateInput(),
            "completed_on": DateInput(),
        }
        error_messages = {
            "description": {"required": "Enter the action."},
            "owner": {"required": "Enter who owns the action."},
            "due_on": date_errors("the date the action is due"),
            "rag": {"required": "Choose the action's RAG status."},
            "completed_on": date_errors("the date the action was done"),
        }

    def clean_completed_on(self):
        day = self.cleaned_data.get("completed_on")
        if day and day > timezone.localdate():
            raise ValidationError("The date done cannot be in the future.")
        return day


class ProgressUpdateForm(PlainEmptyChoices, forms.ModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["written_on", "rag", "text"]
        labels = {"written_on": "Date of the update", "text": "Progress"}
        help_texts = {"rag": "The action takes this RAG status."}
        widgets = {"written_on": DateInput(), "text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "written_on": date_errors("the date of the update"),
            "rag": {"required": "Choose the action's RAG status."},
            "text": {"required": "Enter the progress made."},
        }

    def clean_written_on(self):
        day = self.cleaned_data.get("written_on")
        if day and day > timezone.localdate():
            raise ValidationError("An update cannot be dated in the future.")
        return day


class VisitDocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Document",
        choices=DocumentKind.choices,
        error_messages={"required": "Choose the kind of document."},
    )
    title = forms.CharField(
        max_length=200,
        help_text="e.g. Feedback letter to the Leader.",
        validators=[single_line],
        error_messages={"required": "Enter the document's title."},
    )
    # Empty files reach document_check, which says so in the same words as the rest.
    file = forms.FileField(
        allow_empty_file=True,
        help_text="A PDF, Word (.docx) or OpenDocument text (.odt) file.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,application/pdf"}),
        error_messages={"required": "Choose the document's file."},
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        services.document_check(file=file)
        return file
