"""The site's bootstrap5/field.html writes what crispy-forms' own template writes."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import forms
from django.template import Context
from django.test.html import parse_html

from accounts.templatetags.bootstrap_field import crispy_field_template


class EveryKind(forms.Form):
    name = forms.CharField(help_text="As it appears on the <em>ballot</em>", max_length=20)
    email = forms.EmailField(required=False, label="Email & phone")
    minutes = forms.IntegerField(min_value=5)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    several = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    agree = forms.BooleanField(required=False, help_text="Tick to agree")
    confirm = forms.BooleanField(label="I confirm")
    # Rendered by crispy's own template, not the Python path.
    mode = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect)
    topics = forms.MultipleChoiceField(
        choices=[("a", "A")], widget=forms.CheckboxSelectMultiple, required=False
    )
    document = forms.FileField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "own-class"


def crispys_own(field, **options):
    context = {"field": field, "form_show_errors": True, "form_show_labels": True, **options}
    return crispy_field_template().render(Context(context))


@pytest.mark.parametrize(
    "data",
    [None, {"name": "x" * 30, "minutes": "2", "kind": "zzz", "mode": "x"}],
    ids=["unbound", "with-errors"],
)
@pytest.mark.parametrize("name", list(EveryKind.base_fields))
def test_each_field_is_written_as_crispys_template_writes_it(name, data):
    ours, theirs = EveryKind(data=data), EveryKind(data=data)
    if data:
        assert not ours.is_valid() and not theirs.is_valid()
    assert parse_html(as_crispy_field(ours[name])) == parse_html(crispys_own(theirs[name]))


def test_layout_options_go_through_crispys_template():
    ours, theirs = EveryKind(), EveryKind()
    html = as_crispy_field(ours["name"], label_class="col-3", field_class="col-9")
    expected = crispys_own(theirs["name"], label_class="col-3", field_class="col-9")
    assert parse_html(html) == parse_html(expected)
    assert 'class="col-9"' in html


def test_a_whole_form_keeps_its_labels_errors_and_help():
    html = as_crispy_form(EveryKind(data={"minutes": "2"}))
    assert '<label for="id_name" class="form-label requiredField">' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert "As it appears on the <em>ballot</em>" in html
    assert 'class="numberinput form-control is-invalid"' in html
    assert "Email &amp; phone" in html
