FROM python:3.11-slim-bookworm

# WeasyPrint needs Pango and HarfBuzz. psycopg[binary] brings its own libpq; Debian's
# postgresql-client-15 gives pg_dump and pg_restore for `make backup` / `make restore`,
# the same major version as the compose file's postgres:15 (bookworm ships 15).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
    postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input

RUN useradd --system --uid 1000 mentoring && mkdir -p /app/var && chown -R mentoring /app/var
USER mentoring
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
