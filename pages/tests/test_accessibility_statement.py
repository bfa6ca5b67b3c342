"""The accessibility statement has what a UK public sector statement must have."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_statement_follows_the_public_sector_model_and_needs_no_sign_in(client):
    page = client.get("/accessibility/").content.decode()

    for heading in [
        "How accessible this service is",
        "Feedback and contact information",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "How we tested this service",
        "Preparation of this accessibility statement",
    ]:
        assert f">{heading}</h" in page, heading
    assert "(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018" in page
    assert "Web Content Accessibility Guidelines version 2.2</a> AA standard" in page
    assert "Equality and Human Rights Commission (EHRC)" in page
    assert "Equality Commission for Northern Ireland (ECNI)" in page
    assert "prepared on 25 November 2026" in page
    assert "axe-core" in page and "keyboard alone" in page
