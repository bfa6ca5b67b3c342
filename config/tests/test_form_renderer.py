"""The site's form renderer writes in Python what Django's widget templates write."""

import datetime

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting

from config.forms import SiteFormRenderer, by_name
from councils.models import Council

CHOICES = [("", "---------"), ("a&b", "A & <b>"), ("2", "Two")]
GROUPED = [("North", [("n1", "Leeds"), ("n2", "Halton")]), ("South", [("s1", "Mendip")])]


class EveryWidget(forms.Form):
    name = forms.CharField(help_text="Who", max_length=20)
    email = forms.EmailField(required=False)
    minutes = forms.IntegerField(min_value=5)
    held_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    site = forms.URLField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput)
    token = forms.CharField(widget=forms.HiddenInput)
    agree = forms.BooleanField(required=False)
    document = forms.FileField(required=False, widget=forms.FileInput)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(choices=CHOICES)
    region = forms.ChoiceField(choices=GROUPED, disabled=True)
    several = forms.MultipleChoiceField(choices=CHOICES[1:])
    when = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))


def _pair(form_class, **kwargs):
    return (
        form_class(renderer=SiteFormRenderer(), **kwargs),
        form_class(renderer=TemplatesSetting(), **kwargs),
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "name": 'O\'Brien "<script>"',
            "email": "a@b.example",
            "minutes": "90",
            "held_on": "2026-11-25",
            "secret": "x",
            "token": "t&t",
            "agree": "on",
            "notes": "Line one\n<b>two</b> & three",
            "kind": "a&b",
            "region": "n2",
            "several": ["a&b", "2"],
            "when": "10:30",
        },
        {"minutes": "not a number", "kind": "nonsense"},
    ],
    ids=["empty", "filled", "invalid"],
)
def test_every_widget_writes_what_the_templates_write(data):
    initial = {"held_on": datetime.date(2026, 5, 1), "agree": True}
    fast, templated = _pair(EveryWidget, data=data, initial=initial)
    if data:
        fast.is_valid()
        templated.is_valid()
    for name in EveryWidget.base_fields:
        assert str(fast[name]) == str(templated[name]), name


@pytest.mark.django_db
def test_a_select_of_model_choices_writes_what_the_template_writes():
    Council.objects.create(name="Leeds & District", slug="leeds")

    class CouncilForm(forms.Form):
        council = forms.ModelChoiceField(Council.objects.order_by("name"))

    fast, templated = _pair(CouncilForm, initial={"council": Council.objects.first()})
    assert "Leeds &amp; District" in str(fast["council"])
    assert str(fast["council"]) == str(templated["council"])


@pytest.mark.django_db
@pytest.mark.parametrize("required", [True, False])
def test_council_options_read_by_name_are_the_options_read_as_records(required):
    chosen = Council.objects.create(name="Leeds & District", slug="leeds")
    Council.objects.create(name="Barnsley", slug="barnsley")

    class ByRecord(forms.Form):
        council = forms.ModelChoiceField(Council.objects.order_by("name"), required=required)

    class ByName(forms.Form):
        council = by_name(
            forms.ModelChoiceField(Council.objects.order_by("name"), required=required)
        )

    for kwargs in ({}, {"initial": {"council": chosen}}, {"data": {"council": "nonsense"}}):
        ours, records = ByName(**kwargs), ByRecord(**kwargs)
        assert str(ours["council"]) == str(records["council"])
        assert ours.is_valid() == records.is_valid()
    form = ByName(data={"council": str(chosen.pk)})
    assert form.is_valid() and form.cleaned_data["council"] == chosen
