"""Checks the accessibility sweep (test_accessibility_sweep.py) runs on every page it opens,
beside axe, so that each page is crawled once for all of them.

A check takes the Playwright page and returns a list of problems, each a short sentence
(empty when the page passes). PAGE_CHECKS run on every page as it opens; FORM_ERROR_CHECKS
run on the page shown after one of its forms was sent empty. Each check lives in a module
of its own subject beside this one and is listed here.
"""

PAGE_CHECKS = []

FORM_ERROR_CHECKS = []
