from django import forms


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Name or email address",
        max_length=150,
        required=False,
        # Someone else's name or address: the browser's own would be no help.
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="Councillors, officers and mentors, including former ones.",
    )


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


class EraseForm(forms.Form):
    """The manager types the person's name, so the wrong person is not erased by a slip."""

    confirm_name = forms.CharField(
        label="Type their full name to confirm",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Type their full name to confirm the erasure."},
    )

    def __init__(self, *args, name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.name = name
        self.fields["confirm_name"].help_text = f"Type: {name}"

    def clean_confirm_name(self):
        typed = self.cleaned_data["confirm_name"]
        if _normal(typed) != _normal(self.name):
            raise forms.ValidationError("The name you typed does not match their name.")
        return typed
