import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def csp_of(response) -> dict[str, list[str]]:
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        directive, *sources = part.split()
        policy[directive] = sources
    return policy


def test_pages_carry_a_strict_content_security_policy(login, lawyer, case, client):
    for response in [
        client.get("/accounts/login/"),
        login(lawyer).get(f"/cases/{case.reference}/"),
    ]:
        policy = csp_of(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["object-src"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_frames_are_denied_and_referrers_withheld(client, db):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_with_personal_data_are_never_cached(login, lawyer, case):
    client = login(lawyer)
    for url in ["/cases/", f"/cases/{case.reference}/"]:
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control
        assert "private" in cache_control


def test_hsts_is_sent_over_https_in_production(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def _page_templates():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        # Templates rendered only into PDFs (WeasyPrint) never reach a browser; every
        # page and partial the browser sees extends base.html or is an include.
        if (
            '{% extends "base.html" %}' in text
            or path.name.startswith("_")
            or path.name == "base.html"
        ):
            yield path, text


def test_no_template_has_inline_script_style_or_event_handlers():
    offenders = []
    for path, text in _page_templates():
        for pattern in [
            r"<script(?![^>]*\bsrc=)",
            r"\sstyle=",
            r"<style",
            r"\son[a-z]+=",
            r"javascript:",
        ]:
            if re.search(pattern, text, flags=re.IGNORECASE):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []
    assert len(list(_page_templates())) > 10


def test_htmx_runs_without_eval_or_injected_styles():
    base = (ROOT / "templates" / "base.html").read_text()
    assert '"includeIndicatorStyles": false' in base
    assert '"allowEval": false' in base


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    from cryptography.fernet import Fernet

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="a" * 10 + Fernet.generate_key().decode(),
        ALLOWED_HOSTS="panah.example.org",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        AUDIT_HEAD_KEY="b" * 48,
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        DJANGO_SETTINGS_MODULE="panah.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
