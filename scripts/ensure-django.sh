#!/usr/bin/env bash
# The end-to-end test's subject is made by Django's own `django-admin startproject`, and Django's
# `check --deploy` is the oracle for later rules: install Debian's python3-django when it is missing.
set -euo pipefail
command -v django-admin >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing python3-django (needed by the end-to-end tests)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq python3-django >/dev/null
else
  echo "The tests need django-admin: install Django (Debian: apt-get install python3-django) and run again." >&2
  exit 1
fi
