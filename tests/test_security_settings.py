"""Settings from the environment: production (DEBUG=0) never starts on a key published in the code."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start_django(var_dir, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    clean.update(DJANGO_SETTINGS_MODULE="safecommunity.settings", VAR_DIR=str(var_dir), **env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("debug", ["0", None])
def test_production_refuses_to_start_without_secret_key(debug, tmp_path):
    result = start_django(tmp_path, **({"DEBUG": debug} if debug else {}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_secret_key(tmp_path):
    result = start_django(tmp_path, DEBUG="0", SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr


def test_debug_starts_without_secret_key(tmp_path):
    result = start_django(tmp_path, DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_production_starts_with_the_installations_generated_key_file(tmp_path):
    (tmp_path / "secret_key").write_text("g" * 50 + "\n")
    result = start_django(tmp_path, DEBUG="0")
    assert result.returncode == 0, result.stderr
