"""Checks the accessibility sweep (test_accessibility_sweep.py) runs on every page it opens,
beside axe, so that each page is crawled once for all of them.

A check takes the Playwright page and returns a list of problems, each a short sentence
(empty when the page passes). PAGE_CHECKS run on every page as it opens; FORM_ERROR_CHECKS
run on the page shown after one of its forms was sent empty. Each check lives in a module
of its own subject beside this one and is listed here.
"""

from config.tests.checks_errors import has_error_pattern
from config.tests.checks_layout import fits_the_phone
from config.tests.checks_text import has_no_placeholder_text

PAGE_CHECKS = [
    fits_the_phone,
    has_no_placeholder_text,
]

FORM_ERROR_CHECKS = [
    has_error_pattern,
    has_no_placeholder_text,
]
