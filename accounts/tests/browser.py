"""What the browser tests share."""

import re

from demo.programme import DEMO_PASSWORD

HOME = re.compile(r"/$")


def sign_in(page, email, *, base=None, password=DEMO_PASSWORD, then=HOME):
    """Sign in through the login form as a person does, then wait for the page it leads
    to (the home page unless ``then`` says otherwise; ``None`` waits for nothing)."""
    page.goto((base or page.base) + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if then is not None:
        page.wait_for_url(then)
