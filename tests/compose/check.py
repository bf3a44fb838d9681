"""Runs what docker-compose.yml runs, without Docker: the api service's command and environment
(over the Dockerfile's ENV, ENTRYPOINT and CMD), with the release binary, against the local
PostgreSQL. Only what only Docker provides is mapped: the host `db` becomes the local server
with a fresh database for the compose file's user, the port becomes a free one, and paths in
the image (/app/...) become the repository's. Then: ready, seeded, answering, and SIGTERM
ends it with exit status 0."""

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
ADMIN = os.environ.get("CI_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def dockerfile_runtime():
    """ENV, ENTRYPOINT and CMD of the Dockerfile's last stage."""
    text = (REPO / "Dockerfile").read_text().replace("\\\n", " ")
    stage = text.split("\nFROM ")[-1]
    env, entrypoint, cmd = {}, [], []
    for line in stage.splitlines():
        line = line.strip()
        if line.startswith("ENV "):
            for pair in shlex.split(line[4:]):
                key, _, value = pair.partition("=")
                env[key] = value
        elif line.startswith("ENTRYPOINT "):
            entrypoint = json.loads(line[len("ENTRYPOINT "):])
        elif line.startswith("CMD "):
            cmd = json.loads(line[len("CMD "):])
    return env, entrypoint, cmd


def psql(sql, url=ADMIN):
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, json.loads(response.read())


def main():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    api = compose["services"]["api"]
    db = compose["services"]["db"]["environment"]
    image_env, entrypoint, image_cmd = dockerfile_runtime()
    assert entrypoint == ["forum-metrics"], entrypoint
    command = api.get("command", image_cmd)
    env = {**image_env, **{k: str(v) for k, v in api["environment"].items()}}

    user, password = db["POSTGRES_USER"], db["POSTGRES_PASSWORD"]
    url = env["DATABASE_URL"]
    match = re.fullmatch(r"postgres://([^:]+):([^@]+)@db:(\d+)/(\w+)", url)
    assert match, f"DATABASE_URL {url} is not postgres://USER:PASSWORD@db:PORT/DB"
    assert match.group(1) == user and match.group(2) == password and match.group(4) == db["POSTGRES_DB"], "api and db disagree"
    database = f"{db['POSTGRES_DB']}_check_{os.getpid()}"
    psql(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{user}') "
         f"THEN CREATE ROLE {user} LOGIN PASSWORD '{password}'; END IF; END $$")
    psql(f'CREATE DATABASE "{database}" OWNER {user}')
    port = free_port()
    env["DATABASE_URL"] = f"postgres://{user}:{password}@127.0.0.1:{match.group(3)}/{database}"
    host, _, _ = env["BIND"].rpartition(":")
    env["BIND"] = f"{host}:{port}"
    for key, value in env.items():
        if value.startswith("/app/"):
            env[key] = str(REPO / value[len("/app/"):])

    binary = REPO / "target" / "release" / "forum-metrics"
    print(f"running {binary.name} {' '.join(command)} with {sorted(env)}", flush=True)
    process = subprocess.Popen([str(binary), *command], env={**os.environ, **env}, cwd=REPO)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, ready = get(f"{base}/readyz")
                if status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("the service did not become ready")
        assert ready["database"] == "postgres", ready
        _, editions = get(f"{base}/api/v1/editions")
        years = [e["year"] for e in editions["items"]]
        assert years == [2016, 2017, 2019, 2020, 2022, 2024, 2025], years
        _, figures = get(f"{base}/api/v1/editions/2024/figures?metric=participants")
        headline = figures["items"][0]["headline"]
        assert (headline["value"], headline["status"]) == (6000, "actual"), headline
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=int(str(api.get("stop_grace_period", "10s")).rstrip("s")))
        assert code == 0, f"exit status {code} after SIGTERM"
        print(f"compose command and environment: ready on PostgreSQL, seeded, SIGTERM -> exit {code}")
    finally:
        if process.poll() is None:
            process.kill()
        psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
