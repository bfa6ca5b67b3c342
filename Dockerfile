# The production image: web (the default command), and the same image runs the worker,
# beat and the one-off migrate job (docker-compose.yml; docs/operations.md).
FROM python:3.11-slim-bookworm

# pg_dump refuses a server newer than itself, so `manage.py backup` needs a client at least
# as new as the newest PostgreSQL the site may meet: compose's postgres:17, or a managed
# PostgreSQL 15, 16 or 17 (a newer pg_dump reads older servers). Debian bookworm ships only
# 15, so the client comes from the PostgreSQL project's apt repository (apt.postgresql.org),
# set up by the script in Debian's postgresql-common, which also ships the repository's
# signing key. Raise PG_CLIENT_MAJOR before moving to a newer server, and keep compose's db
# image at or below it (operations/tests/test_deployment_files.py checks that).
# WeasyPrint needs Pango and HarfBuzz; psycopg[binary] brings its own libpq.
ARG PG_CLIENT_MAJOR=17
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-common \
 && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
 && apt-get install -y --no-install-recommends \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
    postgresql-client-${PG_CLIENT_MAJOR} \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN useradd --system --uid 1000 --user-group --home-dir /app --no-create-home mentoring

# Runtime dependencies only, every one pinned with its hash (requirements.txt is the lock
# compiled from requirements.in; the test tools are in requirements-dev.txt, not here).
COPY requirements.txt .
RUN pip install --no-cache-dir --require-hashes -r requirements.txt

# The code stays owned by root: the app user can read it, not change it.
COPY . .
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input

# var/ (uploads, the beat schedule, backups) belongs to the app user. media/ is made here,
# before USER, because Docker fills a new empty named volume mounted on it with this
# folder's owner and mode: without it the media volume comes up owned by root and the app
# cannot write uploads or reports.
RUN mkdir -p /app/var/media \
 && chown -R mentoring:mentoring /app/var \
 && chmod 700 /app/var /app/var/media
USER mentoring

EXPOSE 8000
# Liveness only: /healthz answers 200 while gunicorn serves, whatever the Host header and
# without touching the database or the broker, so an outage of either does not get healthy
# web containers restarted (/readyz is the readiness check for a load balancer). Worker and
# beat containers replace this check with their own (docker-compose.yml).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
# Gunicorn also reads gunicorn.conf.py here; WEB_CONCURRENCY sets its worker processes.
ENV WEB_CONCURRENCY=3
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--timeout", "60"]
