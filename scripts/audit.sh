#!/usr/bin/env bash
# `make audit` and CI: pip-audit checks every locked package (runtime and dev) against
# PyPI's advisory database and fails on a known vulnerability. It needs pypi.org's JSON
# API; where that cannot be reached (a closed network that mirrors only the package
# index, as on the CI machine), it says so and stops without failing: run `make audit`
# where it can (docs/operations.md, "Dependencies").
set -euo pipefail
cd "$(dirname "$0")/.."

# The same request pip-audit makes, for the locked Django.
django_version="$(sed -n 's/^django==\([^ ]*\).*/\1/p' requirements.txt)"
if ! DJANGO_VERSION="$django_version" .venv/bin/python - <<'PY'
import os
import sys
import urllib.request

url = f"https://pypi.org/pypi/django/{os.environ['DJANGO_VERSION']}/json"
try:
    with urllib.request.urlopen(url, timeout=10) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception:
    sys.exit(1)
PY
then
  echo "pip-audit not run: PyPI's advisory database (https://pypi.org/pypi/<package>/json) cannot be reached from here."
  echo "Run 'make audit' on a machine that can reach pypi.org before each release."
  exit 0
fi
# --strict: a package that could not be looked up fails the audit too.
.venv/bin/pip-audit --strict --progress-spinner off --require-hashes --disable-pip -r requirements-dev.txt
