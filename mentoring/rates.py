"""Day rates: what a whole day is paid, for one mentor or for every mentor a funder
pays, from a date until another. The model refuses two rates of the same mentor (or
funder) whose dates overlap; a rate is ended by giving it an "until" date."""

from mentoring.models import DayRate


def day_rate_save(rate: DayRate) -> DayRate:
    """Save a new or changed rate, after checking it overlaps no other of the same
    mentor or funder. Fees already approved keep the rate they were paid at."""
    rate.full_clean()
    rate.save()
    return rate
