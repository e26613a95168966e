import os

import psycopg2

# ruleid: warden.python.secrets.hardcoded-password
DB_PASSWORD = "s3cr3t-Pa55"
# ruleid: warden.python.secrets.hardcoded-password
API_TOKEN = 'ghp_0123456789abcdef'
# ok: warden.python.secrets.hardcoded-password
PASSWORD_FIELD = "password"
# ok: warden.python.secrets.hardcoded-password
TOKEN_TYPE = "bearer"
# ruleid: warden.python.secrets.hardcoded-password
GITHUB_ACCESS_TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"


def next_word(token):
    # ok: warden.python.secrets.hardcoded-password
    if token == "lambda":
        return None
    return token
# ok: warden.python.secrets.hardcoded-password
DB_PASSWORD_ENV = "DB_PASSWORD"
# ok: warden.python.secrets.hardcoded-password
RESET_SESSION_TOKEN = "_password_reset_token"
# ok: warden.python.secrets.hardcoded-password
password = os.environ["DB_PASSWORD"]
# ok: warden.python.secrets.hardcoded-password
prompt_password = "Enter your password: "
# ok: warden.python.secrets.hardcoded-password
empty_password = ""
# ok: warden.python.secrets.hardcoded-password
token_template = "{token}"


class Settings:
    def __init__(self):
        # ruleid: warden.python.secrets.hardcoded-password
        self.secret_key = "django-insecure-abc123"
        # ok: warden.python.secrets.hardcoded-password
        self.secret_key_file = "/etc/app/secret"


def connect(host):
    # ruleid: warden.python.secrets.hardcoded-password
    return psycopg2.connect(host=host, user="app", password="hunter22")


# ruleid: warden.python.secrets.hardcoded-password
def login(user, password="changeme"):
    # ruleid: warden.python.secrets.hardcoded-password
    if password == "letmein!":
        return True
    # ok: warden.python.secrets.hardcoded-password
    if password == "":
        return False
    # ruleid: warden.python.secrets.hardcoded-password
    config = {"api_key": "AKIAIOSFODNN7EXAMPLE"}
    # ok: warden.python.secrets.hardcoded-password
    labels = {"password": "Password", "token": "%(token)s"}
    return user, config, labels
