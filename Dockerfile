# Panah: one image for web (gunicorn), worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv UV_PYTHON_DOWNLOADS=never PATH=/opt/venv/bin:$PATH

# WeasyPrint needs pango; HarfBuzz subsetting makes it ~25% faster; Noto for Urdu/Dari;
# gettext compiles the interface translations.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-extra gettext \
    && rm -rf /var/lib/apt/lists/*

# pg_dump/pg_restore for `manage.py backup` and `restore`: they must be at least the
# server's major version (docker-compose runs PostgreSQL 16), so from the PostgreSQL apt repo.
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN DEBUG=false SECRET_KEY=build-only FIELD_ENCRYPTION_KEYS=build-only AUDIT_HEAD_KEY=build-only \
    ALLOWED_HOSTS=localhost sh -c "python manage.py collectstatic --no-input && python manage.py compilemessages"

RUN useradd --system --uid 1000 panah && mkdir -p /data/media && chown panah /data/media
USER panah
ENV MEDIA_ROOT=/data/media DEBUG=false
EXPOSE 8000
CMD ["gunicorn", "panah.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
