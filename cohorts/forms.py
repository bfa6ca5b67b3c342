from django import forms

from cohorts import services
from cohorts.models import CohortRun, DraftMatch, DraftStatus, Intake
from core.forms import PlainEmptyChoices, by_name, date_errors
from councils.models import Council
from mentoring.forms import DATE, RecordsField
from mentoring.models import MentoringType


class CohortRunForm(PlainEmptyChoices, forms.ModelForm):
    """Who the run matches, to which kind of mentor, and the terms of the placements it
    would publish."""

    empty_choices = {
        "council": "Choose a council",
        "mentoring_type": "Choose a type of mentoring",
        "funding": "Choose how it is funded",
    }

    council = by_name(
        forms.ModelChoiceField(
            queryset=Council.objects.current(),
            error_messages={"required": "Choose the council of the intake."},
        )
    )
    mentoring_type = forms.ModelChoiceField(
        queryset=MentoringType.objects.filter(slug__in=services.RUN_TYPES),
        label="Match them to",
        help_text="Induction buddies take up to 10 new members each in a run, within their "
        "capacity; a one-to-one peer mentor takes one.",
        error_messages={"required": "Choose the type of mentoring."},
    )
    intake = forms.ChoiceField(
        choices=Intake.choices,
        widget=forms.RadioSelect,
        label="Who to match",
        error_messages={"required": "Choose who to match."},
    )

    class Meta:
        model = CohortRun
        fields = [
            "council",
            "intake",
            "mentoring_type",
            "started_on",
            "planned_end_on",
            "mentor_days_agreed",
            "funding",
        ]
        widgets = {"started_on": DATE, "planned_end_on": DATE}
        labels = {"started_on": "Placements start", "planned_end_on": "Planned end"}
        help_texts = {"planned_end_on": "Leave empty if open-ended."}
        error_messages = {
            "started_on": date_errors("the date the placements start"),
            "planned_end_on": date_errors("the date the placements are planned to end"),
            "mentor_days_agreed": {
                "required": "Enter the number of peer mentor days agreed for each placement.",
                "invalid": "Enter the peer mentor days agreed as a number, like 5 or 2.5.",
            },
            "funding": {"required": "Choose how the placements are funded."},
        }

    def clean(self):
        data = super().clean()
        council, intake, kind = (data.get(k) for k in ("council", "intake", "mentoring_type"))
        start, end = data.get("started_on"), data.get("planned_end_on")
        if start and end and end < start:
            self.add_error("planned_end_on", "The planned end cannot be before the start.")
        if not (council and intake and kind):
            return data
        election = None
        if intake == Intake.NEW_MEMBERS:
            election = services.latest_all_out_election(council)
            if election is None:
                self.add_error(
                    "intake",
                    f"{council} has no all-out election on record: import its results "
                    "first, or match its cabinet.",
                )
                return data
        self.mentees = services.intake_mentees(
            council=council, intake=intake, mentoring_type=kind, election=election
        )
        if not self.mentees:
            self.add_error(
                "intake",
                f"Nobody of {council} in this intake is left to match to {kind}: each "
                "already has an open placement of that type. Choose another intake or type.",
            )
        return data

    def _post_clean(self):
        # The run is made by the service, with its election: the model is checked there.
        pass


class DraftMentorForm(forms.Form):
    mentor = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        label="Mentor",
        error_messages={
            "required": "Choose a mentor.",
            "invalid_choice": "Choose one of the mentors suggested.",
        },
    )

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = {s.mentor.pk: s for s in suggestions}
        self.fields["mentor"].choices = [
            (s.mentor.pk, f"{s.mentor.full_name} (score {s.score})") for s in suggestions
        ]

    @property
    def suggestion(self):
        return self.suggestions[self.cleaned_data["mentor"]]


class PublishForm(forms.Form):
    drafts = RecordsField(
        queryset=DraftMatch.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": "Choose at least one draft to publish.",
            "invalid_choice": "Some of the drafts chosen are already published or discarded: "
            "go back to the run and choose again.",
        },
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why these go ahead despite their warnings (a note)",
        help_text="Needed when a draft chosen has warnings: it is kept on the placement.",
    )

    def __init__(self, *args, run, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["drafts"].queryset = run.drafts.filter(status=DraftStatus.DRAFT)

    def clean(self):
        data = super().clean()
        drafts = data.get("drafts") or []
        if any(d.warnings for d in drafts) and not (data.get("note") or "").strip():
            self.add_error(
                "note", "Some drafts chosen have warnings: say why they should go ahead."
            )
        return data
