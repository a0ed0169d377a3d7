#!/usr/bin/env python3
"""Two replicas of every service behind one gateway, on one embedded store and broker: what
"every service is stateless and may run as N replicas" promises, checked on a running suite.

  python3 .ci/replicas.py [--keep-data]

Starts ./maestro (the embedded store and broker, the gateway and a first instance of every
service) on its own ports, and a second instance of every service beside it; the gateway and
every service are given both instances of each (MAESTRO_SERVICES_<NAME>_URLS). Then checks:

- requests through the gateway reach both inventory-service instances (their own metrics);
- with one inventory-service instance killed, the API keeps answering (reads, writes, and
  service-to-service calls through MaestroRequest);
- a scheduled discovery sync and a scheduled report refresh run once per due time although
  two replicas of each tick (ShedLock, claims);
- both websocket-service instances deliver every event to their own clients;
- a graph job is done by exactly one worker: one result, one ready event per graph.

Standard library only (reuses .ci/e2e.py). Prints PASS/FAIL lines and "N passed, N failed"
last; exits non-zero on any failure; stops everything it started, whatever happens.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (the same HTTP, WebSocket and PASS/FAIL helpers as the end-to-end flows)
from e2e import call, check, wait_for  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVICES = ["inventory-service", "discovery-service", "analytics-api", "analytics-worker", "reports-service",
            "websocket-service"]
# First instances (started by ./maestro) and second ones (started here); ports apart from the
# suite's defaults (8080-8086, 27027, 5673) so that a running ./maestro is no obstacle.
GATEWAY_PORT = int(os.environ.get("MAESTRO_REPLICAS_GATEWAY_PORT", "10080"))
FIRST = {s: GATEWAY_PORT + 1 + i for i, s in enumerate(SERVICES)}
SECOND = {s: GATEWAY_PORT + 11 + i for i, s in enumerate(SERVICES)}
MONGO_PORT = int(os.environ.get("MAESTRO_REPLICAS_MONGODB_PORT", "29227"))
AMQP_PORT = int(os.environ.get("MAESTRO_REPLICAS_AMQP_PORT", "7773"))
START_TIMEOUT = int(os.environ.get("MAESTRO_REPLICAS_START_TIMEOUT", "600"))
REPORT_INTERVAL = 10  # seconds between scheduled report refreshes (min-interval lowered below)
SYNC_INTERVAL = 60    # discovery's shortest schedule (1 minute, fixed)


def env_name(service):
    return service.upper().replace("-", "_")


def url(port):
    return f"http://localhost:{port}"


class Suite:
    """./maestro plus a second instance of every service; stop() ends all of them.

    Every process stays in this script's session: with the kernel's autogroup scheduling a
    session of its own would give one instance as much CPU as the launcher's seven together."""

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.logs = os.path.join(data_dir, "logs")
        os.makedirs(self.logs, exist_ok=True)
        self.launcher = None
        self.launcher_log = os.path.join(data_dir, "launcher.out")
        self.second = {}

    def environment(self):
        env = dict(os.environ)
        env.update({
            "MAESTRO_DATA_DIR": self.data_dir,
            "MAESTRO_MONGODB_PORT": str(MONGO_PORT),
            "MAESTRO_AMQP_PORT": str(AMQP_PORT),
            "MAESTRO_GATEWAY_PORT": str(GATEWAY_PORT),
            "MAESTRO_START_TIMEOUT_SECONDS": str(START_TIMEOUT),
            # The checks make a few hundred calls as one user within seconds.
            "MAESTRO_GATEWAY_RATELIMIT_REQUESTSPERSECOND": "500",
            "MAESTRO_GATEWAY_RATELIMIT_BURST": "1000",
            # Schedules that come round within the run.
            "MAESTRO_DISCOVERY_SCHEDULER_TICK": "2s",
            "MAESTRO_REPORTS_SCHEDULE_TICK": "2s",
            "MAESTRO_REPORTS_SCHEDULE_MININTERVAL": f"{REPORT_INTERVAL}s",
        })
        for service in SERVICES:
            env[f"MAESTRO_{env_name(service)}_PORT"] = str(FIRST[service])
            # Inherited by every service the launcher starts: both instances of each service.
            env[f"MAESTRO_SERVICES_{env_name(service)}_URLS"] = f"{url(FIRST[service])},{url(SECOND[service])}"
        return env

    def start_launcher(self):
        out = open(self.launcher_log, "w")
        self.launcher = subprocess.Popen([os.path.join(ROOT, "maestro")], cwd=ROOT, env=self.environment(),
                                         stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def start_second(self, service):
        # The jar the launcher runs (ServiceJars): <module>-<version>.jar, not -plain, -sources, -tests.
        target = os.path.join(ROOT, service, "target")
        jars = [os.path.join(target, name) for name in os.listdir(target)
                if re.fullmatch(re.escape(service) + r"-[0-9].*\.jar", name)
                and not re.search(r"-(plain|sources|javadoc|tests)\.jar$", name)]
        jar = max(jars, key=os.path.getmtime) if jars else None
        if jar is None:
            raise RuntimeError(f"no jar for {service}; build first (./mvnw -DskipTests package)")
        env = self.environment()
        env.update({
            "MAESTRO_MONGODB_URI": f"mongodb://127.0.0.1:{MONGO_PORT}",
            "MAESTRO_RABBITMQ_URI": f"amqp://guest:guest@127.0.0.1:{AMQP_PORT}",
            "MAESTRO_PORT": str(SECOND[service]),
        })
        for other in SERVICES + ["gateway"]:
            port = GATEWAY_PORT if other == "gateway" else FIRST[other]
            env[f"MAESTRO_SERVICES_{env_name(other)}_URL"] = url(port)
        log = open(os.path.join(self.logs, f"{service}-2.log"), "w")
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
        self.second[service] = subprocess.Popen([java, "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar], cwd=ROOT,
                                                env=env, stdout=log, stderr=subprocess.STDOUT,
                                                stdin=subprocess.DEVNULL)

    def launcher_ready(self):
        try:
            with open(self.launcher_log) as f:
                return "Maestro is ready" in f.read()
        except OSError:
            return False

    def kill_second(self, service):
        process = self.second.get(service)
        if process and process.poll() is None:
            process.kill()
            process.wait(timeout=10)

    def stop(self):
        for process in self.second.values():
            if process.poll() is None:
                process.terminate()
        if self.launcher and self.launcher.poll() is None:
            self.launcher.send_signal(signal.SIGINT)
        deadline = time.time() + 40
        for process in list(self.second.values()) + ([self.launcher] if self.launcher else []):
            try:
                process.wait(timeout=max(1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)

    def log_of(self, service, instance):
        name = f"{service}.log" if instance == 1 else f"{service}-2.log"
        try:
            with open(os.path.join(self.logs, name), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def show_logs(self):
        for name in sorted(os.listdir(self.logs)):
            path = os.path.join(self.logs, name)
            with open(path, errors="replace") as f:
                lines = f.readlines()[-25:]
            print(f"---- {path} ----")
            print("".join(lines), end="")
        with open(self.launcher_log, errors="replace") as f:
            print(f"---- {self.launcher_log} ----")
            print("".join(f.readlines()[-30:]), end="")


def health_up(port):
    try:
        with urllib.request.urlopen(f"{url(port)}/actuator/health", timeout=5) as response:
            return json.loads(response.read()).get("status") == "UP"
    except Exception:  # noqa: BLE001 (not up yet, whatever the reason)
        return False


def metric_count(port, uri, method="GET"):
    """Requests an instance served on `uri`, from its own Prometheus metrics."""
    try:
        with urllib.request.urlopen(f"{url(port)}/actuator/prometheus", timeout=10) as response:
            text = response.read().decode()
    except Exception:  # noqa: BLE001
        return -1
    total = 0
    for line in text.splitlines():
        if line.startswith("http_server_requests_seconds_count{") and f'uri="{uri}"' in line \
                and f'method="{method}"' in line:
            total += int(float(line.rsplit(" ", 1)[1]))
    return total


def websocket_to(port, token):
    """A WebSocket straight to one websocket-service instance (e2e.WebSocket talks to e2e.BASE)."""
    base = e2e.BASE
    e2e.BASE = url(port)
    try:
        return e2e.WebSocket("/ws?access_token=" + urllib.parse.quote(token))
    finally:
        e2e.BASE = base


def start(suite):
    print(f"== starting ./maestro (ports {GATEWAY_PORT}-{max(FIRST.values())}, store {MONGO_PORT}, "
          f"broker {AMQP_PORT}) and second instances ({min(SECOND.values())}-{max(SECOND.values())}); "
          f"data in {suite.data_dir}")
    busy = [p for p in [GATEWAY_PORT, MONGO_PORT, AMQP_PORT] + list(FIRST.values()) + list(SECOND.values())
            if e2e.port_answers(p)]
    if busy:
        check(False, "the replica suite's ports are free", busy)
        return False
    began = time.time()
    suite.start_launcher()
    # The second instances start as soon as the store and broker listen, beside the first ones.
    while not (e2e.port_answers(MONGO_PORT) and e2e.port_answers(AMQP_PORT)):
        if suite.launcher.poll() is not None or time.time() - began > START_TIMEOUT:
            check(False, "./maestro started the embedded store and broker", "see the logs below")
            return False
        time.sleep(1)
    for service in SERVICES:
        suite.start_second(service)
    pending = {("first", s): FIRST[s] for s in SERVICES}
    pending.update({("second", s): SECOND[s] for s in SERVICES})
    pending[("first", "gateway")] = GATEWAY_PORT
    while pending and time.time() - began < START_TIMEOUT:
        for key, port in list(pending.items()):
            if health_up(port):
                del pending[key]
        dead = [s for s, p in suite.second.items() if p.poll() is not None]
        if dead or suite.launcher.poll() is not None:
            check(False, "every instance keeps running while the suite starts", dead or "the launcher exited")
            return False
        time.sleep(2)
    ok = check(not pending and wait_for(suite.launcher_ready, bool, timeout=60),
               "two instances of every service and the gateway are UP", sorted(pending))
    print(f"   (started in {time.time() - began:.0f} s)")
    return ok


def inventory_spread(token):
    before = {i: metric_count(p, "/api/me") for i, p in ((1, FIRST["inventory-service"]),
                                                         (2, SECOND["inventory-service"]))}
    statuses = [call("GET", "/api/me", token=token)[0] for _ in range(20)]
    after = {i: metric_count(p, "/api/me") for i, p in ((1, FIRST["inventory-service"]),
                                                        (2, SECOND["inventory-service"]))}
    served = {i: after[i] - before[i] for i in after}
    check(all(s == 200 for s in statuses) and served[1] > 0 and served[2] > 0 and served[1] + served[2] == 20,
          f"gateway: 20 requests reach both inventory-service instances ({served[1]} + {served[2]})",
          (statuses, before, after))


def create_records(token, team):
    t = f"/api/teams/{team}"
    _, _, db = call("POST", f"{t}/applications", {"name": "orders-db", "family": "Database",
                                                  "database": {"engine": "POSTGRESQL", "version": "16"}}, token=token)
    status, _, app = call("POST", f"{t}/applications", {"name": "orders-api", "dependencies": [
        {"targetId": db["id"], "protocol": "tcp"}]}, token=token)
    check(status == 201, "inventory: records for the graphs are created", (status, app))
    return db, app


def graph_jobs(suite, token, team, app, sockets, count=6):
    t = f"/api/teams/{team}"
    ids = []
    for i in range(count):
        status, _, graph = call("POST", f"{t}/graphs", {"name": f"Replica {i}", "applicationIds": [app["id"]]},
                                token=token)
        if status == 202:
            ids.append(graph["id"])
    check(len(ids) == count, f"analytics: {count} graph requests are accepted", len(ids))
    states = {}
    for graph_id in ids:
        final = wait_for(lambda: call("GET", f"{t}/graphs/{graph_id}", token=token)[2],
                         lambda g: isinstance(g, dict) and g.get("status") in ("READY", "FAILED"), timeout=180)
        states[graph_id] = (final or {}).get("status")
    check(all(s == "READY" for s in states.values()), "analytics: every graph becomes READY", states)
    logs = {i: suite.log_of("analytics-worker", i) for i in (1, 2)}
    drawn = {g: [logs[i].count(f"Graph {g} ready") for i in (1, 2)] for g in ids}
    check(all(sum(n) == 1 for n in drawn.values()), "workers: each graph is drawn exactly once, by one worker",
          drawn)
    per_worker = [sum(n[i] for n in drawn.values()) for i in (0, 1)]
    check(all(n > 0 for n in per_worker), f"workers: both workers take jobs ({per_worker[0]} + {per_worker[1]})",
          per_worker)
    for name, socket in sockets.items():
        got = wait_for(lambda: {g: len([e for e in socket.of_type("analytics.graph.ready")
                                        if (e.get("data") or {}).get("graphId") == g]) for g in ids},
                       lambda counts: all(n >= 1 for n in counts.values()), timeout=30, interval=0.5)
        time.sleep(1)  # a duplicate would arrive right after the first
        got = {g: len([e for e in socket.of_type("analytics.graph.ready")
                       if (e.get("data") or {}).get("graphId") == g]) for g in ids}
        check(all(n == 1 for n in got.values()),
              f"events: {name} delivers exactly one analytics.graph.ready per graph to its client", got)
    return ids


def kill_inventory(suite, token, team, app):
    t = f"/api/teams/{team}"
    suite.kill_second("inventory-service")
    check(not e2e.port_answers(SECOND["inventory-service"]), "inventory-service's second instance is killed")
    statuses = [call("GET", "/api/me", token=token)[0] for _ in range(20)]
    check(all(s == 200 for s in statuses), "gateway: with one inventory instance dead, 20 of 20 reads answer 200",
          statuses)
    created = [call("POST", f"{t}/servers", {"hostname": f"after-kill-{i}", "environment": "Production"},
                    token=token)[0] for i in range(4)]
    check(all(s == 201 for s in created), "gateway: with one inventory instance dead, writes answer 201", created)
    _, _, page = call("GET", f"{t}/servers?q=after-kill&limit=50", token=token)
    check(len((page or {}).get("items", [])) == 4, "inventory: the writes are all there", page)
    # analytics-worker reads the inventory through MaestroRequest, which rotates over both instances.
    status, _, graph = call("POST", f"{t}/graphs", {"name": "After the kill", "applicationIds": [app["id"]]},
                            token=token)
    final = wait_for(lambda: call("GET", f"{t}/graphs/{graph['id']}", token=token)[2],
                     lambda g: isinstance(g, dict) and g.get("status") in ("READY", "FAILED"), timeout=120) \
        if status == 202 else graph
    check((final or {}).get("status") == "READY",
          "services: a graph (worker -> inventory through MaestroRequest) is READY with one inventory dead", final)


def schedule_discovery(token, team):
    t = f"/api/teams/{team}"
    status, _, connection = call("POST", f"{t}/connections", {"name": "Replicas files", "provider": "files",
                                                               "credentials": {}, "regions": []}, token=token)
    if not check(status == 201, "discovery: a files connection is created", (status, connection)):
        return None
    status, _, _ = call("POST", f"{t}/connections/{connection['id']}/uploads?name=prod.tfstate",
                        data=json.dumps(e2e.TERRAFORM_STATE).encode(), content_type="application/json", token=token)
    check(status == 201, "discovery: a Terraform state is uploaded", status)
    status, _, patched = call("PATCH", f"{t}/connections/{connection['id']}",
                              {"schedule": {"servers": "1m", "volumes": "off", "applications": "off",
                                            "networks": "off"}}, token=token)
    check(status == 200, "discovery: the connection's servers are scheduled every minute", (status, patched))
    return connection["id"], time.time()


def schedule_report(token, team):
    t = f"/api/teams/{team}"
    status, _, report = call("POST", f"{t}/reports", {"name": "Every 10 s", "type": "general", "entity": "servers",
                                                       "schedule": {"interval": f"PT{REPORT_INTERVAL}S"}},
                             token=token)
    check(status == 202, f"reports: a report refreshed every {REPORT_INTERVAL} s is created", (status, report))
    return (report or {}).get("id"), time.time()


def parse_time(text):
    from datetime import datetime
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def check_discovery_schedule(token, team, scheduled):
    if not scheduled:
        return
    connection_id, since = scheduled
    t = f"/api/teams/{team}"
    # The first scheduled sync comes at once, the next one a minute later: wait to see both.
    wait = since + SYNC_INTERVAL + 20 - time.time()
    if wait > 0:
        print(f"   (waiting {wait:.0f} s for discovery's second scheduled sync)")
        time.sleep(wait)
    _, _, page = call("GET", f"{t}/connections/{connection_id}/syncs?sort=createdAt&limit=50", token=token)
    runs = [s for s in (page or {}).get("items", []) if str(s.get("trigger", "")).upper() == "SCHEDULE"]
    created = [parse_time(s["createdAt"]) for s in runs]
    gaps = [round(b - a, 1) for a, b in zip(created, created[1:])]
    elapsed = time.time() - since
    check(2 <= len(runs) <= int(elapsed // SYNC_INTERVAL) + 1 and all(g >= SYNC_INTERVAL - 5 for g in gaps),
          f"discovery: two replicas ticking every 2 s ran the 1-minute schedule once per minute "
          f"({len(runs)} syncs in {elapsed:.0f} s, {gaps} s apart)",
          [(s.get("createdAt"), s.get("status")) for s in runs])
    check(all(s.get("status") == "SUCCEEDED" for s in runs), "discovery: the scheduled syncs succeed",
          [s.get("status") for s in runs])


def check_report_schedule(token, team, scheduled):
    report_id, since = scheduled
    if not report_id:
        return
    t = f"/api/teams/{team}"
    _, _, page = call("GET", f"{t}/reports/{report_id}/runs?limit=100", token=token)
    runs = [r for r in (page or {}).get("items", []) if r.get("trigger") == "schedule"]
    requested = sorted(parse_time(r["requestedAt"]) for r in runs)
    gaps = [round(b - a, 1) for a, b in zip(requested, requested[1:])]
    elapsed = time.time() - since
    expected = int(elapsed // REPORT_INTERVAL)
    check(len(runs) >= 3 and len(runs) <= expected + 1 and all(g >= REPORT_INTERVAL * 0.5 for g in gaps),
          f"reports: two replicas ticking every 2 s refreshed the {REPORT_INTERVAL} s schedule once per due time "
          f"({len(runs)} runs in {elapsed:.0f} s, {gaps} s apart)", [r.get("requestedAt") for r in runs])


def run(suite):
    if not start(suite):
        return
    e2e.BASE = url(GATEWAY_PORT)
    token, team = e2e.new_user("replicas")
    discovery = schedule_discovery(token, team)
    report = schedule_report(token, team)

    sockets = {"websocket-service #1": websocket_to(FIRST["websocket-service"], token),
               "websocket-service #2": websocket_to(SECOND["websocket-service"], token)}
    check(all(s.status == 101 for s in sockets.values()), "events: a WebSocket opens on each websocket-service",
          {n: s.status for n, s in sockets.items()})
    through_gateway = [e2e.WebSocket("/ws?access_token=" + urllib.parse.quote(token)) for _ in range(2)]
    check(all(s.status == 101 for s in through_gateway), "events: WebSockets open through the gateway",
          [s.status for s in through_gateway])

    inventory_spread(token)
    _, app = create_records(token, team)
    graph_jobs(suite, token, team, app, sockets)
    for socket in through_gateway:
        got = wait_for(lambda: socket.of_type("analytics.graph.ready"), lambda events: len(events) >= 6,
                       timeout=30, interval=0.5)
        check(len(got) == 6, "events: a WebSocket through the gateway receives each graph's ready event once",
              len(got))
    kill_inventory(suite, token, team, app)
    check_report_schedule(token, team, report)
    check_discovery_schedule(token, team, discovery)
    for socket in list(sockets.values()) + through_gateway:
        socket.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep-data", action="store_true", help="keep the data and logs directory")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="maestro-replicas.")
    suite = Suite(data_dir)
    began = time.time()

    def interrupted(signum, frame):
        raise KeyboardInterrupt()
    signal.signal(signal.SIGTERM, interrupted)
    try:
        run(suite)
    except Exception as error:  # noqa: BLE001 (reported as a failure, then everything is stopped)
        check(False, "the replica checks ran to the end", repr(error))
    except KeyboardInterrupt:
        check(False, "the replica checks ran to the end", "interrupted")
    finally:
        if e2e.failed:
            suite.show_logs()
        print("== stopping every instance")
        suite.stop()
        if not args.keep_data:
            shutil.rmtree(data_dir, ignore_errors=True)
    print(f"   (replica checks took {time.time() - began:.0f} s)")
    print(f"{e2e.passed} passed, {e2e.failed} failed")
    sys.exit(0 if e2e.failed == 0 else 1)


if __name__ == "__main__":
    main()
