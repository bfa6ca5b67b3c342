"""The forms of the political group pages (councils/forms.py holds the others)."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from core.forms import PlainEmptyChoices, by_name, date_errors
from councils.models import Councillor, Party, PoliticalGroup, PoliticalGroupMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PoliticalGroupForm(PlainEmptyChoices, forms.ModelForm):
    empty_choices = {"party": "No party: an independent group", "leader": "No leader recorded"}

    class Meta:
        model = PoliticalGroup
        fields = ["name", "party", "leader"]
        error_messages = {"name": {"required": "Enter the group's name, like Labour Group."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        by_name(self.fields["party"]).queryset = Party.objects.order_by("name")
        if self.instance.pk:
            # The leader is one of the members today: a short list, never the council.
            by_name(self.fields["leader"], "full_name").queryset = Councillor.objects.filter(
                group_memberships__in=self.instance.memberships.current()
            ).order_by("full_name")
        else:
            del self.fields["leader"]  # a new group has no members to lead it yet


class MemberAddForm(PlainEmptyChoices, forms.ModelForm):
    empty_choices = {"councillor": "Choose a councillor"}

    class Meta:
        model = PoliticalGroupMember
        fields = ["councillor", "joined_on"]
        labels = {"joined_on": "Member from"}
        widgets = {"joined_on": DATE}
        error_messages = {
            "councillor": {"required": "Choose the councillor who joins the group."},
            "joined_on": date_errors("the date they joined the group"),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("joined_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        group, today = self.instance.group, timezone.localdate()
        # The council's councillors in office whom the group admits, in no group today.
        in_a_group = PoliticalGroupMember.objects.current(today).values("councillor_id")
        party = Q(party_id=group.party_id) if group.party_id else Q(party__isnull=True)
        by_name(self.fields["councillor"], "full_name").queryset = (
            Councillor.objects.in_office(today)
            .filter(party, council_id=group.council_id)
            .exclude(pk__in=in_a_group)
            .order_by("full_name")
        )


class MemberEndForm(forms.Form):
    left_on = forms.DateField(
        label="No longer a member from",
        widget=DATE,
        error_messages=date_errors("the first day they are no longer a member"),
        help_text="The first day they are not a member of the group.",
    )
