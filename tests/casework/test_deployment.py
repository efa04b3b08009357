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


# Supervised workers: the systemd units and compose run the same queues the settings
# route to, and restart whatever exits.

UNITS = ROOT / "deploy" / "systemd"
SUPERVISED = {"web", "worker", "pdf-worker", "beat"}


def _unit(name: str) -> dict[str, str]:
    """The [Service] settings of deploy/systemd/panah-<name>.service."""
    settings, section = {}, ""
    for line in (UNITS / f"panah-{name}.service").read_text().splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif "=" in line and not line.startswith("#") and section == "Service":
            key, value = line.split("=", 1)
            settings[key] = value
    return settings


def _queues(command: str) -> set[str]:
    words = command.split()
    if "worker" not in words:
        return set()
    return set(words[words.index("-Q") + 1].split(",")) if "-Q" in words else {"celery"}


def _routed_queues() -> set[str]:
    from django.conf import settings

    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    return routed | {settings.CELERY_TASK_DEFAULT_QUEUE}


def test_systemd_units_consume_every_queue_the_settings_route_to():
    consumed = set().union(*(_queues(_unit(name)["ExecStart"]) for name in SUPERVISED))
    assert consumed == _routed_queues()


def test_compose_consumes_every_queue_the_settings_route_to():
    services = _compose()["services"]
    consumed = set().union(*(_queues(services[name]["command"]) for name in SUPERVISED))
    assert consumed == _routed_queues()


def test_each_unit_runs_what_compose_runs():
    services = _compose()["services"]
    for name in SUPERVISED:
        unit = _unit(name)["ExecStart"].replace("/opt/panah/.venv/bin/", "").replace("%%", "%")
        command = " ".join(services[name]["command"].split())
        if name == "web":  # behind the host's proxy, not published from a container
            command = command.replace("0.0.0.0:8000", "127.0.0.1:8000")
        if name == "beat":  # its schedule file in the unit's state folder
            unit = unit.replace("/var/lib/panah-beat/", "/tmp/")
        assert unit == command, name


def test_every_process_is_restarted_when_it_exits():
    services = _compose()["services"]
    for name in SUPERVISED:
        assert _unit(name)["Restart"] == "always", name
        assert services[name]["restart"] in {"always", "unless-stopped"}, name


def test_readme_installs_natively_with_collectstatic_and_the_units():
    readme = (ROOT / "README.md").read_text()
    native = readme[readme.index("### Native install") :]
    assert "manage.py collectstatic --no-input" in native
    assert "X-Forwarded-Proto" in native
    for name in SUPERVISED:
        assert f"panah-{name}" in native
