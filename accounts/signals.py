"""Signals other apps listen to, so that accounts depends on none of them."""

from django.dispatch import Signal

# An account was linked to a person's record (a mentor, councillor or officer):
# sent with record=, user=, linked_by= (the account that did it) and how= (plain words).
# The mentoring app records the account joining each of the record's pairs.
record_linked = Signal()
