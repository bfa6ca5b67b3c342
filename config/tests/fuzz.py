"""Hostile values for every form, and how to read a page's forms and their errors.

``config/tests/test_form_fuzz.py`` lists each form page (its URL, who uses it and
a valid submission); this module gives hypothesis strategies of hostile values
per kind of form field, finds the fields of a page from the forms its view puts
in the template context, and finds which views use a form at all, so that a new
form page that is not listed fails a test.
"""

import datetime
import inspect
from dataclasses import dataclass, field
from decimal import Decimal

import django_filters
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.formsets import BaseFormSet
from django.forms.widgets import Input
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import strategies as st

PROJECT_APPS = ("accounts", "calendars", "config", "councils", "mentoring", "notifications")
PROJECT_APPS += ("funding", "reports", "reviews")
PROJECT_APPS += ("induction",)
PROJECT_APPS += ("cohorts",)

# Text -------------------------------------------------------------------------------------

CONTROL_CHARACTERS = [chr(c) for c in range(32)] + ["\x7f", "\x85"]
AWKWARD_TEXT = [
    "",
    " ",
    "\t \n",
    "x" * 10_000,
    "\x00",
    "Council\x00of the North",
    "\u202eelpmaxe\u202c",  # right-to-left override
    "مجلس مدينة روثرهام",  # Arabic, right to left
    "עירייה",
    "🙂" * 300,
    "👩🏽‍⚖️ Chair",  # an emoji sequence with a joiner
    "e\u0301" * 100,  # combining accents
    "Z̷̧̛͇̹a̵̢͖͝l̴̰̈́g̵̱͗o̶͍͂",
    "\ufeffByte order mark",
    "zero\u200bwidth",
    "\ud7ff\ue000\uffff",
    "𝕌𝕟𝕚𝕔𝕠𝕕𝕖",
    "<script>alert('x')</script>",
    "\"quoted\" & 'apostrophe'",
    "Robert'); DROP TABLE councils_council;--",
    '=HYPERLINK("http://example.com")',
    "{{ request.user }} {% now 'Y' %}",
    "%s %d %(name)s",
    "../../etc/passwd",
    "line one\r\nline two\rthree",
    "NULL",
    "None",
]

hostile_text = st.one_of(
    st.sampled_from(AWKWARD_TEXT),
    st.text(max_size=40),
    st.text(st.sampled_from(CONTROL_CHARACTERS), min_size=1, max_size=10),
    st.text(
        st.characters(codec="utf-8", categories=["Mn", "Me", "Cf", "Zl", "Zp", "So"]), max_size=30
    ),
    st.integers(min_value=256, max_value=20_000).map(lambda n: "é" * n),
)

# Numbers and dates ----------------------------------------------------------------------------

AWKWARD_NUMBERS = [
    "-1",
    "0",
    "-0",
    "1e309",
    "-1e309",
    "1e-309",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    str(2**31),
    str(2**63),
    str(2**63 - 1),
    str(-(2**63) - 1),
    str(2**64),
    "9" * 400,
    "1" * 5_000,  # past Python's limit on digits in int()
    "1.5",
    "0.0000000001",
    "1,000",
    "1_000",
    "0x1F",
    " 7 ",
    "٣",  # an Arabic-Indic digit
    "１２",  # full-width digits
    "7 days",
    "1E+999999999",
    "1e2147483648",
]

hostile_number = st.one_of(
    st.sampled_from(AWKWARD_NUMBERS),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)

AWKWARD_DATES = [
    "0001-01-01",
    "9999-12-31",
    "31/12/9999",
    "01/01/0001",
    "31/02/2026",
    "2026-02-31",
    "2026-02-29",
    "2026-13-01",
    "00/00/0000",
    "10000-01-01",
    "-2026-01-01",
    "2026-1-1",
    "1/1/1",
    "31/12/99",
    "01/01/00",
    "today",
    "2026-11-25T10:00",
    "2026-11-25 10:00:00",
    "25 November 2026",
    "1900-01-01",
    "2026-11-25\x00",
    "٢٠٢٦-١١-٢٥",
]

hostile_date = st.one_of(
    st.sampled_from(AWKWARD_DATES),
    st.dates().map(datetime.date.isoformat),
    st.dates().map(lambda d: f"{d.day:02}/{d.month:02}/{d.year:04}"),
)

# Files ----------------------------------------------------------------------------------------

EXECUTABLE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48
ZIP_BYTES = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40 + b"PK\x05\x06" + b"\x00" * 18


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


hostile_file = st.builds(
    _file,
    st.sampled_from(
        [
            "report.pdf",
            "letter.docx",
            "notes.odt",
            "councillors.csv",
            "x" * 300 + ".pdf",
            "../../evil.pdf",
            "résumé 🙂.csv",
            "noextension",
            ".pdf",
            "a.PDF.exe",
            "a\u202efdp.exe",
        ]
    ),  # fmt: skip
    st.one_of(
        st.sampled_from(
            [
                b"",
                EXECUTABLE_BYTES,
                ZIP_BYTES,
                b"%PDF-",
                b"\x00" * 64,
                b"\xff\xfe\x00\x00",
                "name,council\n\u00e9,\x00\n".encode("utf-16"),
                b"name,council\r\n" * 200,
            ]
        ),  # fmt: skip
        st.binary(max_size=200),
    ),
)

# A value of the wrong type: several values where one is expected, a file where text
# is expected, or the field left out altogether (an empty list sends nothing).
wrong_type = st.one_of(
    st.lists(st.sampled_from(["1", "a", "", "2026-11-25"]), min_size=2, max_size=3),
    st.just([]),
    st.builds(_file, st.just("value.txt"), st.just(b"text")),
)

# By kind of field -------------------------------------------------------------------------------


def _ids(values) -> list[str]:
    return [str(v) for v in values if v not in ("", None)]


def choice_values(form_field) -> list[str]:
    """The values a browser could send for a choice field (its options)."""
    if isinstance(form_field, forms.ModelChoiceField):
        return _ids(form_field.queryset.values_list("pk", flat=True)[:8])
    return _ids(value for value, _label in form_field.choices)


AWKWARD_IDS = ["0", "-1", "1.0", "1e3", str(2**63), str(2**31), "9" * 30, "abc", "1\x00", " 1"]


def hostile_value(form_field, widget) -> st.SearchStrategy:
    """Hostile values for one field, by its kind; always also the wrong types."""
    if isinstance(form_field, forms.FileField):
        return st.one_of(hostile_file, st.just([]), hostile_text)
    if isinstance(form_field, forms.DateField):
        kind = hostile_date
    elif isinstance(form_field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        kind = hostile_number
    elif isinstance(form_field, forms.BooleanField):
        kind = st.sampled_from(["on", "", "false", "False", "0", "off", "\x00", "yes" * 1000])
    elif isinstance(form_field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
        valid = choice_values(form_field) or ["1"]
        kind = st.lists(st.sampled_from(valid + AWKWARD_IDS + ["x" * 10_000]), max_size=4)
    elif isinstance(form_field, (forms.ChoiceField, forms.ModelChoiceField)):
        valid = choice_values(form_field) or ["1"]
        kind = st.one_of(st.sampled_from(valid + AWKWARD_IDS), hostile_text)
    else:
        kind = hostile_text
    return st.one_of(kind, kind, kind, hostile_text, wrong_type)


def edge_values(form_field) -> list:
    """The few values most likely to break a field of this kind, tried on every field."""
    if isinstance(form_field, forms.FileField):
        return [_file("empty.pdf", b"")]
    if isinstance(form_field, forms.DateField):
        return ["0001-01-01", "9999-12-31"]
    if isinstance(form_field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return ["1e309", str(2**63)]
    if isinstance(form_field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
        return [[str(2**63)]]
    if isinstance(form_field, (forms.ChoiceField, forms.ModelChoiceField)):
        return [str(2**63)]
    if isinstance(form_field, forms.BooleanField):
        return []
    return ["\u202e🙂e\u0301" + "x" * 10_000, "\x00"]


# A page's forms -----------------------------------------------------------------------------


@dataclass
class FieldRef:
    html_name: str
    field: forms.Field
    widget: forms.Widget

    @property
    def hidden(self) -> bool:
        return self.widget.is_hidden

    @property
    def keeps_typed_text(self) -> bool:
        """Typed text is shown again in this input when the form comes back."""
        if isinstance(self.widget, forms.Textarea):
            return True
        if isinstance(self.widget, (forms.PasswordInput, forms.FileInput, forms.HiddenInput)):
            return False
        return isinstance(self.widget, Input) and self.widget.input_type in {
            "text",
            "email",
            "date",
            "number",
            "month",
            "search",
            "url",
            "tel",
        }


def _form_of(obj):
    """A form, a formset, or a FilterSet's form."""
    if isinstance(obj, django_filters.FilterSet):
        return obj.form
    return obj


def page_forms(response, keys) -> list:
    if response.context is None:
        return []
    found = []
    for key in keys:
        obj = response.context.get(key)
        if obj is not None:
            found.append(_form_of(obj))
    return found


def fields_of(response, keys) -> dict[str, FieldRef]:
    """Every field a user can send on the page's forms, by its name in the HTML."""
    refs = {}
    for form in page_forms(response, keys):
        if isinstance(form, BaseFormSet):
            management = form.management_form
            for name, f in management.fields.items():
                refs[management.add_prefix(name)] = FieldRef(
                    management.add_prefix(name), f, f.widget
                )
            members = form.forms[:1]
        else:
            members = [form]
        for member in members:
            for name, f in member.fields.items():
                refs[member.add_prefix(name)] = FieldRef(member.add_prefix(name), f, f.widget)
    return refs


def initial_data(response, keys) -> dict:
    """What the page's forms would send as they are (an edit page's current values)."""
    data = {}
    for form in page_forms(response, keys):
        members = [form]
        if isinstance(form, BaseFormSet):
            members = [form.management_form, *form.forms]
        for member in members:
            for name, f in member.fields.items():
                value = member[name].value()
                html_name = member.add_prefix(name)
                if isinstance(f, forms.BooleanField):
                    if value:
                        data[html_name] = "on"
                elif isinstance(value, list | tuple):
                    data[html_name] = [str(v) for v in value]
                elif isinstance(value, datetime.date):
                    data[html_name] = value.isoformat()
                elif isinstance(value, Decimal | int):
                    data[html_name] = str(value)
                elif value is not None and hasattr(value, "pk"):
                    data[html_name] = str(value.pk)
                elif value is not None and not callable(value):
                    data[html_name] = str(value)
    return data


def formset_row(html_name: str) -> str | None:
    """A formset row: "peers-0-name" is in "peers-0"; a field outside a formset in none."""
    parts = html_name.split("-")
    if len(parts) >= 3 and parts[-2].isdigit():
        return "-".join(parts[:-1])
    return None


@dataclass
class Errors:
    fields: dict[str, list[str]] = field(default_factory=dict)  # HTML name: messages
    general: list[str] = field(default_factory=list)  # not tied to one field

    def __bool__(self):
        return bool(self.fields or self.general)


def errors_on_page(response, keys) -> Errors:
    found = Errors()
    for form in page_forms(response, keys):
        if isinstance(form, BaseFormSet):
            found.general += list(form.non_form_errors())
            members = form.forms
        else:
            members = [form]
        for member in members:
            if not member.is_bound:
                continue
            for name, messages in member.errors.items():
                if name == forms.forms.NON_FIELD_ERRORS:
                    found.general += list(messages)
                else:
                    found.fields[member.add_prefix(name)] = list(messages)
    return found


# Which views use a form ----------------------------------------------------------------------

FORM_BASES = (forms.BaseForm, BaseFormSet, django_filters.FilterSet)


def _project_form_classes() -> dict[str, type]:
    """Form classes by name, for names a view imports inside its body."""
    found = {}
    for cls in _subclasses(forms.BaseForm) | _subclasses(django_filters.FilterSet):
        if cls.__module__.split(".")[0] in PROJECT_APPS:
            found[cls.__name__] = cls
    return found


def _subclasses(cls) -> set[type]:
    result = set()
    for sub in cls.__subclasses__():
        result.add(sub)
        result |= _subclasses(sub)
    return result


def form_classes_used(view) -> set[type]:
    """The form, formset and filter classes a view (or a helper of its module) names."""
    view = inspect.unwrap(view)
    module = view.__module__
    by_name = _project_form_classes()
    found: set[type] = set()
    seen: set = set()

    def visit(obj, name=None):
        if isinstance(obj, type) and issubclass(obj, FORM_BASES):
            found.add(obj)
        elif inspect.isfunction(obj) and obj.__module__ == module and obj not in seen:
            seen.add(obj)
            inner = inspect.unwrap(obj)  # e.g. under sensitive_post_parameters
            walk(inner.__code__, inner.__globals__)
        elif isinstance(obj, dict):
            for value in obj.values():
                visit(value)
        elif isinstance(obj, list | tuple):
            for value in obj:
                visit(value)
        elif obj is None and name in by_name:
            found.add(by_name[name])

    def walk(code, globals_):
        for name in code.co_names:
            visit(globals_.get(name), name)
        for const in code.co_consts:
            if inspect.iscode(const):
                walk(const, globals_)

    visit(view)
    return found


def project_url_patterns():
    """(URL name, view) of every named URL pattern whose view is the project's own."""

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns)
            elif isinstance(p, URLPattern) and p.name:
                view = inspect.unwrap(p.callback)
                if view.__module__.split(".")[0] in PROJECT_APPS:
                    yield p.name, view

    return sorted(set(walk(get_resolver().url_patterns)), key=lambda item: item[0])
