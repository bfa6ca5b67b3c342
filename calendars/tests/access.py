"""Who may open the calendar feed pages: merged into the access matrix (accounts/tests).

The feed itself needs no sign-in: its token says whose it is. An unknown token
is a 404 for everyone; councillor A's real token opens their feed for anyone
who has it (as a calendar app would).
"""

from accounts.tests.personas import everyone, signed_in
from calendars.services import calendar_feed_renew

EXPECTED = {
    "calendar_feed": (None, signed_in()),
    "calendar_feed_renew": (None, signed_in()),
    "calendar_feed_revoke": (None, signed_in()),
    "calendar_feed_ics": (lambda o: {"token": "no-such-token"}, everyone(404)),
}

EXTRA = [
    ("calendar_feed_ics", lambda o: {"token": o["calendar_token_a"]}, everyone(200)),
]


def objects(users) -> dict:
    return {"calendar_token_a": calendar_feed_renew(user=users["councillor_a"])}
