"""A select of councils read as (id, name) pairs (core.forms.by_name) is the select
read as council records: the same options, the same choice, the same errors."""

import pytest
from django import forms

from core.forms import by_name
from councils.models import Council


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
    assert "Leeds &amp; District" in str(ByName()["council"])
    form = ByName(data={"council": str(chosen.pk)})
    assert form.is_valid() and form.cleaned_data["council"] == chosen
