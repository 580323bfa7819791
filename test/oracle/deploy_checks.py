"""Django's own `check --deploy`, as the oracle for the rules that mirror it.

Reads a JSON list of cases ({"dir", "module", "env"}) on stdin and prints, for each, the ids of the
deployment checks Django reports. Django is imported once; each case runs in a forked child, because
settings can be configured only once per process.
"""
import json
import os
import sys

# Imported before forking, so each child starts warm and only configures its settings.
import django  # noqa: F401
import django.core.checks.security.base  # noqa: F401
import django.core.checks.security.csrf  # noqa: F401
import django.core.checks.security.sessions  # noqa: F401
from django.core.checks import run_checks  # noqa: F401
import django.apps  # noqa: F401
import django.urls  # noqa: F401
# What setup() and the checks import lazily (logging config, debug views, template tags...): warm in the
# parent, a child's run drops from about 40 ms to about 3 ms.
import importlib

for _lazy in ("logging.config", "django.utils.log", "django.views.debug", "django.views.generic", "django.core.mail",
              "django.core.management", "django.core.cache.backends.locmem", "django.middleware.csrf",
              "django.template.defaulttags", "django.template.loader_tags", "django.templatetags.i18n",
              "django.utils.translation.reloader"):
    importlib.import_module(_lazy)


def run_case(case):
    sys.path.insert(0, case["dir"])
    os.environ.pop("DJANGO_DEBUG", None)
    os.environ.pop("DJANGO_SECRET_KEY", None)
    os.environ.update(case["env"])
    os.environ["DJANGO_SETTINGS_MODULE"] = case["module"]
    import django as dj
    from django.core.checks import run_checks

    dj.setup()
    # As `manage.py check --deploy` reports them: without what SILENCED_SYSTEM_CHECKS silences.
    messages = run_checks(include_deployment_checks=True)
    ids = sorted({m.id for m in messages if m.id and m.id.startswith("security.") and not m.is_silenced()})
    return ids


def main():
    cases = json.load(sys.stdin)
    results = []
    for case in cases:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                out = {"ids": run_case(case)}
            except Exception as exc:  # a settings module Django cannot load is reported, not hidden
                out = {"error": f"{type(exc).__name__}: {exc}"}
            os.write(write, json.dumps(out).encode())
            os._exit(0)
        os.close(write)
        data = b""
        while chunk := os.read(read, 65536):
            data += chunk
        os.close(read)
        os.waitpid(pid, 0)
        results.append(json.loads(data))
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
