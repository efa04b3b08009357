"""The deployment files: the compose stack's one-shot migration and the web health check."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from django.test import override_settings

from tests.broker import UNREACHABLE

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_migrate_service_migrates_then_grants_and_serves_nothing():
    command = _compose()["services"]["migrate"]["command"]
    steps = [step.strip() for step in command.strip()[len('sh -c "') : -1].split("&&")]
    assert command.strip().startswith('sh -c "') and command.strip().endswith('"')
    assert steps == [
        "python manage.py migrate --no-input",
        "python manage.py grant_app_role panah_app",
    ]


def test_web_service_is_checked_through_healthz():
    web = _compose()["services"]["web"]
    assert web["healthcheck"]["test"] == ["CMD", "python", "scripts/healthcheck"]
    assert (ROOT / "scripts" / "healthcheck").stat().st_mode & 0o111


def _healthcheck(live_server) -> subprocess.CompletedProcess:
    address = urlsplit(live_server.url)
    env = {**os.environ, "PORT": str(address.port), "ALLOWED_HOSTS": "testserver.example"}
    script = ROOT / "scripts" / "healthcheck"
    return subprocess.run([sys.executable, script], env=env, capture_output=True, text=True)


def test_healthcheck_script_passes_when_healthz_answers_200(
    live_server, transactional_db, settings
):
    settings.ALLOWED_HOSTS = ["testserver.example"]
    with override_settings(REDIS_URL=""):  # eager mode: nothing else to answer
        assert _healthcheck(live_server).returncode == 0


def test_healthcheck_script_fails_when_the_broker_is_down(live_server, db, settings):
    settings.ALLOWED_HOSTS = ["testserver.example"]
    with override_settings(REDIS_URL=UNREACHABLE):
        result = _healthcheck(live_server)
    assert result.returncode == 1
    assert "503" in result.stderr  # refused by /healthz/ itself, not by host or scheme checks
