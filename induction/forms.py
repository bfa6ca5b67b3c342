from django import forms

from core.forms import PlainEmptyChoices, by_name, date_errors
from councils.models import Councillor
from mentoring.forms import RecordsField
from mentoring.models import Mentor

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def scheme_buddies(placements):
    return Mentor.objects.filter(placements__in=placements).distinct().order_by("full_name", "pk")


def scheme_new_members(placements):
    return (
        Councillor.objects.filter(placement_memberships__placement__in=placements)
        .distinct()
        .order_by("full_name", "pk")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class PeopleField(RecordsField):
    def label_from_instance(self, obj):
        return obj.full_name


class PairingForm(PlainEmptyChoices, forms.Form):
    """A buddy and a new member of one scheme: the choices are its own people only."""

    new_member = PersonChoiceField(
        queryset=Councillor.objects.none(),
        label="New member",
        error_messages={
            "required": "Choose the new member to pair.",
            "invalid_choice": "Choose one of the scheme's new members.",
        },
    )
    buddy = PersonChoiceField(
        queryset=Mentor.objects.none(),
        label="Buddy",
        error_messages={
            "required": "Choose their buddy.",
            "invalid_choice": "Choose one of the scheme's buddies.",
        },
    )
    started_on = forms.DateField(
        label="Paired from",
        widget=DATE,
        error_messages=date_errors("the date they were paired"),
    )

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        by_name(self.fields["new_member"], "full_name").queryset = scheme_new_members([placement])
        by_name(self.fields["buddy"], "full_name").queryset = scheme_buddies([placement])


class PairingEndForm(forms.Form):
    ended_on = forms.DateField(
        label="Paired until",
        help_text="The last day of the pairing.",
        widget=DATE,
        error_messages=date_errors("the last day of the pairing"),
    )


class TrainingEventForm(forms.Form):
    title = forms.CharField(
        max_length=150,
        error_messages={
            "required": "Enter the event's title, like “Training and pairing event”.",
            "max_length": "The title can be at most 150 characters.",
        },
    )
    held_on = forms.DateField(
        label="Held on", widget=DATE, error_messages=date_errors("the day the event was held")
    )
    buddies = PeopleField(
        queryset=Mentor.objects.none(),
        required=False,
        label="Buddies who attended",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Tick only the scheme's buddies."},
    )
    new_members = PeopleField(
        queryset=Councillor.objects.none(),
        required=False,
        label="New members who attended",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Tick only the scheme's new members."},
    )

    def __init__(self, *args, placements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buddies"].queryset = scheme_buddies(placements)
        self.fields["new_members"].queryset = scheme_new_members(placements)
