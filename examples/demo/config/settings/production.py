# Production settings that fail open: a deploy without DJANGO_SECRET_KEY runs on the default.
import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "pvxnugp-gd$l&hagxuk*9mw(&=7(!)8sf6*el-lkhwasnm_8mh")
