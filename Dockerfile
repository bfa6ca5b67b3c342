FROM python:3.11-slim-bookworm

# WeasyPrint needs Pango and HarfBuzz; libpq is not needed (psycopg[binary]).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
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
