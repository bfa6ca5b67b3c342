"""The benchmark's list of pages stays whole and every page on it answers on
seed_scale data; the budgets themselves are judged by ``manage.py bench`` (CI runs it)."""

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, clear_url_caches, get_resolver
from django.utils import timezone

from benchmarks.pages import EXCLUDED, PAGES
from benchmarks.runner import (
    QUERY_BUDGET,
    Subjects,
    bench_admin,
    judge,
    over_floor,
    second_look_at_the_admin,
    time_request,
)
from demo.scale import scale_load
from reports.selectors import previous_month
from reports.services import monthly_reports_run


def _url_names(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace in ("admin",) or "allauth" in str(p.urlconf_name):
                continue
            yield from _url_names(p.url_patterns, p.namespace or namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield p.name


@override_settings(ROOT_URLCONF="benchmarks.urls")
def test_every_url_is_benchmarked_or_excluded_with_a_reason():
    clear_url_caches()
    names = set(_url_names(get_resolver().url_patterns))
    benched = {p.url_name for p in PAGES}
    assert names - benched - set(EXCLUDED) == set(), "add these pages to benchmarks/pages.py"
    assert set(EXCLUDED) & benched == set()
    assert all(reason.strip() for reason in EXCLUDED.values())
    clear_url_caches()


def _subjects_on_scale_data() -> Subjects:
    """Factor 1 of seed_scale with last month's reports, and the pages' subjects in it."""
    scale_load(factor=1)
    today = timezone.localdate()
    monthly_reports_run(month=previous_month(today), council=Subjects(today).council)
    return Subjects(today)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="benchmarks.urls", REQUIRE_MFA_FOR_STAFF=False)
def test_every_benchmarked_page_answers_within_the_query_budget_on_scale_data():
    clear_url_caches()
    s = _subjects_on_scale_data()
    over, failed = {}, {}
    for page in PAGES:
        url = page.url(s)
        try:
            timing = time_request(s.clients[page.role], url, requests=0, warmup=1)
        except RuntimeError as exc:
            failed[f"{page.label} as {page.role}"] = str(exc)
            continue
        if timing.queries > QUERY_BUDGET:
            over[f"{page.label} as {page.role}"] = timing.queries
    assert failed == {}, "\n".join(f"{k}: {v}" for k, v in failed.items())
    assert over == {}
    clear_url_caches()


def test_budgets_fail_when_queries_grow_or_pages_are_slow():
    page = {"page": "p", "role": "manager", "admin_model": "x.y", "median_ms": 10.0}
    first = {
        "factor": 1,
        "pages": {"p": {**page, "queries": 5}},
        "send_reminders": {
            "first_run": {"seconds": 0.1, "queries": 12, "insert_batches": 2, "sent": 30},
            "next_day": {"seconds": 0.1, "queries": 10, "insert_batches": 2, "sent": 3},
        },
        "cohort_run": {"seconds": 0.5, "queries": 20, "mentees": 45, "matched": 45},
    }
    second = {
        "factor": 10,
        "pages": {"p": {**page, "queries": 6}},
        "send_reminders": {
            "first_run": {"seconds": 6.0, "queries": 30, "insert_batches": 20, "sent": 300},
            "next_day": {"seconds": 0.1, "queries": 11, "insert_batches": 2, "sent": 30},
        },
        "cohort_run": {"seconds": 12.0, "queries": 20, "mentees": 60, "matched": 60},
        "floor": {"median_ms": 1.0},
        "admin": {"x.y": {"changelist_median_ms": 5.0}},
        "report_pdf": {"report_ms": 140, "floor_ms": 100, "peak_mib": 200},
        "statement_pdf": {"report_ms": 100, "floor_ms": 100, "peak_mib": 10},
    }
    failed = {b["budget"] for b in judge(first, second, timed=second) if not b["pass"]}
    assert failed == {
        "p: queries",
        "p: against the floor",
        "p: against the admin",
        "monthly report PDF: against the PDF floor",
        "monthly report PDF: peak memory",
        "send_reminders: time",
        "send_reminders: queries of a day's run",
        "cohort run: time",
    }


def _timed_point(pages: dict, floor_ms: float) -> dict:
    """A factor's measurements with these pages' timings and passing everything else."""
    page = {"page": "p", "role": "manager", "admin_model": None, "queries": 5}
    return {
        "factor": 1,
        "pages": {key: {**page, **timing} for key, timing in pages.items()},
        "send_reminders": {
            "first_run": {"seconds": 0.1, "queries": 12, "insert_batches": 2, "sent": 30},
            "next_day": {"seconds": 0.1, "queries": 10, "insert_batches": 2, "sent": 3},
        },
        "cohort_run": {"seconds": 0.5, "queries": 20, "mentees": 45, "matched": 45},
        "floor": {"median_ms": floor_ms},
        "admin": {},
        "report_pdf": {"report_ms": 100, "floor_ms": 100, "peak_mib": 10},
        "statement_pdf": {"report_ms": 100, "floor_ms": 100, "peak_mib": 10},
    }


def test_a_page_is_judged_against_the_floor_timed_beside_it():
    # The floor timed minutes earlier, while the machine was quicker, is not the yardstick.
    point = _timed_point({"p": {"median_ms": 20.0, "floor_ms": 4.0}}, floor_ms=2.0)
    budgets = {b["budget"]: b for b in judge(point, point, timed=point)}
    assert budgets["p: against the floor"]["pass"]
    assert "5.0 x the floor's 4.0 ms" in budgets["p: against the floor"]["detail"]


def test_a_page_over_the_floor_is_judged_on_its_second_timing_and_says_so():
    assert over_floor({"median_ms": 24.1, "floor_ms": 4.0})
    assert not over_floor({"median_ms": 24.0, "floor_ms": 4.0})
    first = {"first_timing": {"median_ms": 28.0, "floor_ms": 4.0}}
    point = _timed_point(
        {
            "fast again": {"median_ms": 10.0, "floor_ms": 4.0, **first},
            "slow again": {"median_ms": 26.0, "floor_ms": 4.0, **first},
        },
        floor_ms=4.0,
    )
    budgets = {b["budget"]: b for b in judge(point, point, timed=point)}
    assert budgets["fast again: against the floor"]["pass"]
    assert "timed twice, the first time 7.0 x" in budgets["fast again: against the floor"]["detail"]
    assert not budgets["slow again: against the floor"]["pass"]


def test_a_page_slower_than_its_admin_is_judged_on_timings_beside_the_admin():
    admin = {"admin_model": "x.y", "median_ms": 12.0, "floor_ms": 4.0}
    point = _timed_point(
        {
            "quicker beside it": {
                **admin,
                "admin_second_timing": {"median_ms": 9.0, "changelist_median_ms": 10.0},
            },
            "slower again": {
                **admin,
                "admin_second_timing": {"median_ms": 11.0, "changelist_median_ms": 10.0},
            },
        },
        floor_ms=4.0,
    )
    point["admin"] = {"x.y": {"changelist_median_ms": 10.0}}
    budgets = {b["budget"]: b for b in judge(point, point, timed=point)}
    quicker = budgets["quicker beside it: against the admin"]
    assert quicker["pass"]
    assert "9.0 ms is 0.90 x" in quicker["detail"]
    assert "timed again beside it, the first time 1.20 x" in quicker["detail"]
    assert not budgets["slower again: against the admin"]["pass"]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="benchmarks.urls", REQUIRE_MFA_FOR_STAFF=False)
def test_the_second_look_times_the_page_beside_its_admin_changelist():
    clear_url_caches()
    s = _subjects_on_scale_data()
    point = {"admin": bench_admin(s, requests=2, warmup=0)}
    page = next(p for p in PAGES if p.admin_model == "councils.council" and p.role == "manager")
    point["pages"] = {
        key: {
            "admin_model": page.admin_model,
            "role": "manager",
            "url": page.url(s),
            "median_ms": ms,
        }
        for key, ms in (("slow", 10_000.0), ("quick", 0.001))
    }
    second_look_at_the_admin(s, point, requests=2)
    again = point["pages"]["slow"]["admin_second_timing"]
    assert again["median_ms"] > 0 and again["changelist_median_ms"] > 0
    assert "admin_second_timing" not in point["pages"]["quick"]
    clear_url_caches()


@pytest.mark.django_db
def test_the_cohort_run_is_measured_and_leaves_nothing_behind():
    from benchmarks.runner import bench_cohort_run
    from cohorts.models import CohortRun

    s = _subjects_on_scale_data()
    result = bench_cohort_run(s.largest_council)
    assert 0 < result["matched"] <= result["mentees"] <= 60
    assert result["seconds"] > 0 and result["queries"] > 0
    assert not CohortRun.objects.exists()
