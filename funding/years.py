"""Financial years run from 1 April to 31 March: budgets are set by them, not by the
municipal year (May to May) or the calendar year."""

import datetime


def financial_year_of(day: datetime.date) -> int:
    """The year a financial year starts in: 31 March 2027 is in 2026/27, 1 April 2027
    in 2027/28."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_bounds(start_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31)
