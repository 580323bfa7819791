# Local settings: a generated key per process is worth a notice, not a failed build.
from django.core.management.utils import get_random_secret_key

SECRET_KEY = get_random_secret_key()
