# A demo project for `npm run local-action`: a settings file as startproject leaves it.
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = 'django-insecure-91)im%u7-d%6ea#qw+choxkyt7c9kazvwhj)!%b%r)n5-l@0@e'

DEBUG = True
ALLOWED_HOSTS = []
