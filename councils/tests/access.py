"""Who may open each councils page: merged into the access matrix (accounts/tests)."""

EXPECTED: dict = {}
EXTRA: list = []


def objects(users) -> dict:
    return {}
