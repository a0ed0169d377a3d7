#!/usr/bin/env python3
"""Fault suite: the real services, a store and a broker this script can freeze, kill and stop, and
faults injected from outside while users work; every check is on what the public API (through the
gateway) answers.

  python3 .ci/faults.py            # after a package build (./mvnw -Dmaven.test.skip=true package)

It starts, on ports of its own (services 9080-9086, store 29127, broker 5674; see PORTS below):
- the embedded MongoDB-wire store as a separate process (maestro-embedded's EmbeddedMongoServer,
  from the launcher jar), so that it can be frozen (SIGSTOP/SIGCONT) and killed;
- a private RabbitMQ node (maestrofault@localhost, its own data under a temporary directory), so
  that the broker can be stopped and started without touching anybody else's;
- every service jar as its own process, with the environment ./maestro gives them, so that one
  can be killed (SIGKILL) and started again.

Then: concurrent edits and submits, the broker away during jobs, workers killed mid-job,
inventory-service down during a sync, MongoDB frozen and killed. Standard library only; reuses
.ci/e2e.py's helpers. Prints PASS/FAIL per check and "N passed, N failed" last; exits non-zero
on any failure; stops every process it started, whatever happens (signals included).
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (the end-to-end helpers: call, check, wait_for, WebSocket, inventory)
from e2e import check, port_answers, wait_for  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVICES = ["gateway", "inventory-service", "discovery-service", "analytics-api", "analytics-worker",
            "reports-service", "websocket-service"]
PORTS = {name: int(os.environ.get("MAESTRO_FAULTS_PORT_BASE", "9080")) + i for i, name in enumerate(SERVICES)}
STORE_PORT = int(os.environ.get("MAESTRO_FAULTS_MONGODB_PORT", "29127"))
AMQP_PORT = int(os.environ.get("MAESTRO_FAULTS_AMQP_PORT", "5674"))
DIST_PORT = AMQP_PORT + 20000
NODE = os.environ.get("MAESTRO_FAULTS_RABBIT_NODE", "maestrofault@localhost")
START_TIMEOUT = int(os.environ.get("MAESTRO_FAULTS_START_TIMEOUT", "420"))
RABBIT_BIN = os.environ.get("MAESTRO_FAULTS_RABBIT_BIN", "/usr/lib/rabbitmq/bin")
JAVA = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
# An API answer while a dependency is down must come within this many seconds (503, not a hang).
BOUNDED = 25
COMPLETION = {"graph": ("analytics.graph.ready", "analytics.graph.failed", "graphId"),
              "report": ("reports.report.ready", "reports.report.failed", "reportId"),
              "sync": ("discovery.sync.finished", "discovery.sync.failed", "syncId")}
TERMINAL = {"graph": ("READY", "FAILED"), "report": ("READY", "FAILED"), "sync": ("SUCCEEDED", "FAILED")}

work = tempfile.mkdtemp(prefix="maestro-faults.")
started = time.time()


def say(text):
    print(f"[{time.time() - started:6.1f}s] {text}", flush=True)


def call(method, path, body=None, **kwargs):
    """e2e.call, except that no answer (refused, reset, timed out) is a status 0 instead of an exception."""
    try:
        return e2e.call(method, path, body, **kwargs)
    except (OSError, ValueError) as ex:
        return 0, {}, f"{type(ex).__name__}: {ex}"


def jar(module):
    target = os.path.join(ROOT, module, "target")
    for name in sorted(os.listdir(target)) if os.path.isdir(target) else []:
        if name.startswith(module + "-") and name[len(module) + 1:][:1].isdigit() and name.endswith(".jar") \
                and not name.endswith(("-plain.jar", "-sources.jar", "-javadoc.jar")):
            return os.path.join(target, name)
    raise SystemExit(f"faults: no jar for {module} under {target}; build first: ./mvnw -Dmaven.test.skip=true package")


class Proc:
    """A child process in its own session (so that its whole group can be signalled), output to a log."""

    def __init__(self, name, command, env=None):
        self.name, self.command, self.env = name, command, env
        self.log = os.path.join(work, "logs", name + ".log")
        self.popen = None
        self.frozen = False

    def start(self):
        os.makedirs(os.path.dirname(self.log), exist_ok=True)
        out = open(self.log, "ab")
        out.write(f"\n==== {time.strftime('%H:%M:%S')} starting {self.name} ====\n".encode())
        out.flush()
        self.popen = subprocess.Popen(self.command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                      env={**os.environ, **(self.env or {})}, start_new_session=True, cwd=work)
        out.close()
        self.frozen = False
        return self

    def alive(self):
        return self.popen is not None and self.popen.poll() is None

    def signal(self, sig):
        if self.alive():
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                pass

    def freeze(self):
        self.signal(signal.SIGSTOP)
        self.frozen = True

    def thaw(self):
        self.signal(signal.SIGCONT)
        self.frozen = False

    def kill(self):
        self.thaw()
        self.signal(signal.SIGKILL)
        if self.popen:
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass

    def stop(self, grace=15):
        if not self.alive():
            return
        self.thaw()
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, lines=25):
        try:
            with open(self.log, "rb") as f:
                return b"".join(f.readlines()[-lines:]).decode(errors="replace")
        except OSError:
            return ""


class Broker:
    """A private RabbitMQ node: its own name, ports, cookie, data and logs; the management plugin off."""

    def __init__(self):
        self.dir = os.path.join(work, "rabbit")
        os.makedirs(self.dir)
        with open(os.path.join(self.dir, "rabbitmq.conf"), "w") as f:
            f.write(f"listeners.tcp.1 = 127.0.0.1:{AMQP_PORT}\nloopback_users = none\n")
        with open(os.path.join(self.dir, "enabled_plugins"), "w") as f:
            f.write("[].\n")
        open(os.path.join(self.dir, "rabbitmq-env.conf"), "w").close()
        self.env = {"HOME": self.dir, "RABBITMQ_NODENAME": NODE, "RABBITMQ_NODE_PORT": str(AMQP_PORT),
                    "RABBITMQ_DIST_PORT": str(DIST_PORT), "RABBITMQ_CONF_ENV_FILE": os.path.join(self.dir, "rabbitmq-env.conf"),
                    "RABBITMQ_CONFIG_FILE": os.path.join(self.dir, "rabbitmq.conf"),
                    "RABBITMQ_ENABLED_PLUGINS_FILE": os.path.join(self.dir, "enabled_plugins"),
                    "RABBITMQ_MNESIA_BASE": os.path.join(self.dir, "mnesia"), "RABBITMQ_LOG_BASE": os.path.join(self.dir, "log"),
                    "ERL_EPMD_ADDRESS": "127.0.0.1"}
        self.proc = Proc("rabbitmq", [os.path.join(RABBIT_BIN, "rabbitmq-server")], self.env)
        self.uri = f"amqp://guest:guest@127.0.0.1:{AMQP_PORT}"

    def start(self):
        self.proc.start()

    def await_up(self, timeout=90):
        return wait_for(lambda: port_answers(AMQP_PORT), bool, timeout=timeout, interval=0.5)

    def ctl(self, *args, timeout=60):
        return subprocess.run([os.path.join(RABBIT_BIN, "rabbitmqctl"), "-n", NODE, *args], env={**os.environ, **self.env},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout).returncode

    def stop_app(self):
        """The broker goes away (listeners closed, every connection dropped); queues and messages are kept."""
        self.ctl("stop_app")

    def start_app(self):
        self.ctl("start_app")

    def shutdown(self):
        if self.proc.alive():
            try:
                self.ctl("stop", timeout=30)
            except subprocess.TimeoutExpired:
                pass
            self.proc.stop(grace=10)


broker = Broker()
store = Proc("mongo", [JAVA, "-Xmx512m", "-XX:+UseSerialGC", "-Dloader.main=dev.maestro.embedded.EmbeddedMongoServer",
                       "-cp", jar("maestro-launcher"), "org.springframework.boot.loader.launch.PropertiesLauncher",
                       str(STORE_PORT), os.path.join(work, "mongo", "maestro.mv.db")])


def service_env(name):
    env = {"MAESTRO_MONGODB_URI": f"mongodb://127.0.0.1:{STORE_PORT}", "MAESTRO_RABBITMQ_URI": broker.uri,
           "MAESTRO_PORT": str(PORTS[name])}
    for other in SERVICES:
        env["MAESTRO_SERVICES_" + other.upper().replace("-", "_") + "_URL"] = f"http://localhost:{PORTS[other]}"
    if name == "gateway":
        # 50 clients of one user editing at once would otherwise be rate-limited (20/s, burst 40).
        env["MAESTRO_GATEWAY_RATELIMIT_REQUESTSPERSECOND"] = "1000"
        env["MAESTRO_GATEWAY_RATELIMIT_BURST"] = "2000"
    return env


services = {name: Proc(name, [JAVA, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar(name)],
                       service_env(name)) for name in SERVICES}


def healthy(name):
    try:
        import urllib.request
        with urllib.request.urlopen(f"http://localhost:{PORTS[name]}/actuator/health", timeout=5) as answer:
            return json.loads(answer.read()).get("status") == "UP"
    except Exception:  # noqa: BLE001 - not up yet, whatever the reason
        return False


def await_healthy(names, timeout=START_TIMEOUT):
    pending = list(names)
    deadline = time.time() + timeout
    while pending and time.time() < deadline:
        for name in list(pending):
            if not services[name].alive():
                say(f"{name} exited; last lines:\n{services[name].tail()}")
                return False
            if healthy(name):
                pending.remove(name)
        if pending:
            time.sleep(1)
    if pending:
        say(f"not UP after {timeout} s: {pending}")
    return not pending


def restart(name):
    services[name].kill()
    services[name].start()
    return await_healthy([name], timeout=240)


def cleanup():
    store.thaw()
    for proc in reversed(list(services.values())):
        if proc.alive():
            proc.signal(signal.SIGTERM)
    deadline = time.time() + 20
    for proc in services.values():
        if proc.popen:
            try:
                proc.popen.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                proc.kill()
    store.stop()
    broker.shutdown()


def on_signal(signum, _frame):
    raise SystemExit(128 + signum)


# ---------------------------------------------------------------------------------------------- users


class User:
    """A registered user whose access token is renewed (by logging in again) before it can expire."""

    def __init__(self, label):
        self.email = f"faults-{label}-{uuid.uuid4().hex[:8]}@example.com"
        self.password = "fault suite passphrase 42"
        status, _, _ = call("POST", "/api/auth/register", {"email": self.email, "password": self.password,
                                                          "name": f"Faults {label}"})
        check(status == 201, f"setup: {label} registers", status)
        self.at = 0
        self._token = None
        _, _, me = call("GET", "/api/me", token=self.token())
        self.team = me["teams"][0]["id"]
        self.t = f"/api/teams/{self.team}"

    def token(self):
        if time.time() - self.at > 240:
            status, _, tokens = call("POST", "/api/auth/login", {"email": self.email, "password": self.password})
            if status == 200:
                self._token, self.at = tokens["accessToken"], time.time()
        return self._token

    def call(self, method, path, body=None, **kwargs):
        return call(method, self.t + path, body, token=self.token(), **kwargs)


def header(headers, name):
    for key, value in (headers or {}).items():
        if key.lower() == name.lower():
            return value
    return None


def tf_state(prefix, count, net):
    """A Terraform state of `count` EC2 instances whose ids and hostnames start with `prefix`."""
    return {"version": 4, "terraform_version": "1.8.5", "serial": 1, "lineage": prefix, "outputs": {},
            "resources": [{"mode": "managed", "type": "aws_instance", "name": "web",
                           "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                           "instances": [{"index_key": i, "schema_version": 1, "sensitive_attributes": [], "attributes": {
                               "id": f"i-{prefix}{i:04d}", "ami": "ami-0abc", "instance_type": "t3.medium",
                               "availability_zone": "eu-west-1a", "private_ip": f"10.{net}.{i // 250}.{i % 250 + 1}",
                               "arn": f"arn:aws:ec2:eu-west-1:123456789012:instance/i-{prefix}{i:04d}",
                               "tags": {"Name": f"{prefix}-{i:03d}", "Environment": "Staging"}}}
                                         for i in range(count)]}]}


def files_connection(user, name, prefix, count, net):
    status, _, connection = user.call("POST", "/connections", {"name": name, "provider": "files", "credentials": {},
                                                               "regions": []})
    if status != 201:
        return None
    upload(user, connection["id"], tf_state(prefix, count, net))
    return connection["id"]


def upload(user, connection_id, state):
    status, _, _ = user.call("POST", f"/connections/{connection_id}/uploads?name=main.tfstate",
                                  data=json.dumps(state).encode(), content_type="application/json")
    return status == 201


def hosts(user, prefix):
    """The live servers whose hostname starts with prefix (every page)."""
    found, cursor = [], None
    while True:
        path = "/servers?limit=500" + (f"&q={prefix}" if prefix else "")
        path += (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
        status, _, page = user.call("GET", path)
        if status != 200:
            return None
        found += [s for s in page.get("items", []) if s.get("hostname", "").startswith(prefix)]
        cursor = page.get("nextCursor")
        if not cursor:
            return found


def request_sync(user, connection_id):
    return user.call("POST", f"/connections/{connection_id}/syncs", {})


def job_path(kind, job_id, connection_id=None):
    return {"graph": f"/graphs/{job_id}", "report": f"/reports/{job_id}",
            "sync": f"/connections/{connection_id}/syncs/{job_id}"}[kind]


def await_job(user, kind, job_id, connection_id=None, timeout=180):
    return wait_for(lambda: user.call("GET", job_path(kind, job_id, connection_id))[2],
                    lambda job: isinstance(job, dict) and job.get("status") in TERMINAL[kind], timeout=timeout)


def ended_cleanly(kind, job):
    """READY/SUCCEEDED, or FAILED with a reason; anything else (PENDING, RUNNING, no answer) is stuck."""
    if not isinstance(job, dict):
        return False
    return job.get("status") == TERMINAL[kind][0] or (job.get("status") == "FAILED" and bool(job.get("error")))


def events_since(user, anchor):
    """Every event of the user's teams stored after `anchor`, from the log (GET /api/events)."""
    events, since = [], anchor
    for _ in range(50):
        status, _, page = call("GET", "/api/events?limit=1000" + (f"&since={since}" if since else ""), token=user.token())
        if status != 200:
            return None
        events += page.get("items", [])
        if not page.get("items") or not page.get("lastEventId"):
            break
        since = page["lastEventId"]
    return events


def latest_event_id(user):
    status, _, page = call("GET", "/api/events?limit=1", token=user.token())
    return (page or {}).get("lastEventId") if status == 200 else None


def completions(events, kind, job_id):
    ready, failed, key = COMPLETION[kind]
    return [e for e in events if e.get("type") in (ready, failed) and (e.get("data") or {}).get(key) == job_id]


def open_ws(user, since=None):
    return e2e.WebSocket("/ws?access_token=" + urllib.parse.quote(user.token()) + (f"&since={since}" if since else ""))


def parallel(functions):
    """Runs the functions at the same moment (a barrier), returns their results in order."""
    results = [None] * len(functions)
    barrier = threading.Barrier(len(functions))

    def run(index, function):
        barrier.wait()
        try:
            results[index] = function()
        except Exception as ex:  # noqa: BLE001 - reported as the result
            results[index] = ex

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# ---------------------------------------------------------------------------------------------- checks


def concurrency(user):
    say("== concurrency: 50 editors with If-Match, 2 syncs at once, the same bulk upsert twice")
    status, headers, server = user.call("POST", "/servers", {"hostname": "contended-01", "cpu": 1})
    if not check(status == 201, "concurrency: a record to fight over is created", (status, server)):
        return
    path = f"/servers/{server['id']}"
    outcomes, lock = [], threading.Lock()

    def editor():
        for _ in range(6):
            status, headers, current = user.call("GET", path)
            if status != 200:
                continue
            etag = header(headers, "ETag")
            status, _, _ = user.call("PATCH", path, {"cpu": current["cpu"] + 1}, headers={"If-Match": etag})
            with lock:
                outcomes.append((etag, status))
            if status == 200:
                return

    parallel([editor] * 50)
    accepted = [etag for etag, status in outcomes if status == 200]
    _, _, final = user.call("GET", path)
    check(all(status in (200, 412) for _, status in outcomes),
          "concurrency: 50 editors — every edit is accepted (200) or refused as stale (412)",
          sorted({status for _, status in outcomes}))
    check(len(accepted) == len(set(accepted)), "concurrency: at most one edit wins per version (If-Match)",
          f"{len(accepted)} accepted for {len(set(accepted))} versions")
    check(final and final.get("cpu") == 1 + len(accepted) and len(accepted) > 1,
          "concurrency: no lost update — the final value is the start plus every accepted edit",
          f"final cpu {final and final.get('cpu')}, start 1, {len(accepted)} accepted, "
          f"{sum(1 for _, s in outcomes if s == 412)} refused with 412")

    connection_id = files_connection(user, "concurrent syncs", "fc", 3, 61)
    if not check(connection_id is not None, "concurrency: a files connection with an upload"):
        return
    rounds_ok, details = True, []
    for _ in range(3):
        answers = parallel([lambda: request_sync(user, connection_id)] * 2)
        statuses = sorted((a[0] if isinstance(a, tuple) else str(a) for a in answers), key=str)
        details.append(statuses)
        rounds_ok &= statuses == [202, 409]
        for answer in answers:
            if isinstance(answer, tuple) and answer[0] == 202:
                await_job(user, "sync", answer[2]["id"], connection_id)
    _, _, listed = user.call("GET", f"/connections/{connection_id}/syncs?limit=50")
    runs = (listed or {}).get("items", [])
    check(rounds_ok and len(runs) == 3, "concurrency: 2 syncs of one connection at once — one accepted (202), "
          "the other refused (409), 3 rounds", (details, len(runs)))

    # The same bulk upsert twice: discovery's keyed upsert (the same state synced again), then the
    # user's bulk replace sent twice.
    before = hosts(user, "fc-")
    status, _, again = request_sync(user, connection_id)
    final = await_job(user, "sync", again["id"], connection_id) if status == 202 else again
    after = hosts(user, "fc-")
    check(final.get("status") == "SUCCEEDED" and (final.get("counts") or {}).get("created") == 0
          and before is not None and len(before) == 3 and after is not None and len(after) == 3,
          "concurrency: the same discovered upsert again creates nothing — still 3 records",
          (final.get("counts"), before and len(before), after and len(after)))
    operations = [{"op": "replace", "id": s["id"], "body": {"hostname": s["hostname"], "environment": "Stage"}}
                  for s in after or []]
    answers = parallel([lambda: user.call("POST", "/servers/bulk", {"operations": operations})] * 2)
    statuses = [a[0] if isinstance(a, tuple) else str(a) for a in answers]
    results = [r.get("status") for a in answers if isinstance(a, tuple) and isinstance(a[2], dict)
               for r in a[2].get("results", [])]
    later = hosts(user, "fc-")
    check(statuses == [200, 200] and all(r == 200 for r in results) and later is not None and len(later) == 3
          and {s["id"] for s in later} == {s["id"] for s in after or []},
          "concurrency: the same bulk replace sent twice at once leaves the same 3 records", (statuses, results))


def broker_outage(user):
    say("== broker away for 20 s during graph, report and discovery-sync jobs")
    records = e2e_records(user)
    anchor = latest_event_id(user)
    ws = open_ws(user)
    conn_a = files_connection(user, "broker outage A", "ba", 4, 62)
    conn_b = files_connection(user, "broker outage B", "bb", 4, 63)
    jobs = []

    def submit_all(tag):
        status, _, graph = user.call("POST", "/graphs", {"name": f"outage {tag}", "applicationIds": [records]})
        if status == 202:
            jobs.append(("graph", graph["id"], None))
        status, _, report = user.call("POST", "/reports", {"name": f"outage {tag}", "type": "general",
                                                           "entity": "servers"})
        if status == 202:
            jobs.append(("report", report["id"], None))
        return status

    submit_all("before")
    status, _, sync = request_sync(user, conn_a)
    if status == 202:
        jobs.append(("sync", sync["id"], conn_a))
    broker.stop_app()
    down_at = time.time()
    check(not port_answers(AMQP_PORT), "broker: the broker is away (port closed)")
    # New work while the broker is away is still accepted: the outbox keeps it.
    before = len(jobs)
    submit_all("during")
    status, _, sync = request_sync(user, conn_b)
    if status == 202:
        jobs.append(("sync", sync["id"], conn_b))
    check(len(jobs) == before + 3, "broker: graphs, reports and syncs requested while the broker is away are "
          "accepted (202)", len(jobs) - before)
    time.sleep(max(0, 20 - (time.time() - down_at)))
    broker.start_app()
    say(f"broker back after {time.time() - down_at:.0f} s")
    finals = {(kind, job_id): await_job(user, kind, job_id, conn, timeout=150) for kind, job_id, conn in jobs}
    stuck = {f"{kind} {job_id[:8]}": (job or {}).get("status") for (kind, job_id), job in finals.items()
             if not ended_cleanly(kind, job)}
    check(len(jobs) == 6 and not stuck, "broker: every job ends READY/SUCCEEDED or FAILED with a reason, "
          "none stuck in PENDING/RUNNING", stuck or [(k, (j or {}).get("status")) for (k, _), j in finals.items()])
    say("job outcomes: " + ", ".join(f"{k}={(j or {}).get('status')}" for (k, _), j in finals.items()))

    # Live delivery may have missed what happened while websocket-service's own consumer was cut
    # off; a client that reconnects with ?since= gets the rest from the log.
    live = wait_for(lambda: [job for job in jobs if not completions(ws.events, job[0], job[1])], lambda m: not m,
                    timeout=30, interval=0.5)
    say(f"live WebSocket (never reconnected) got {len(jobs) - len(live)} of {len(jobs)} completion events")
    ws.close()
    if anchor is None:
        check(False, "broker: an event id to replay from was found before the outage")
        return
    replay = open_ws(user, since=anchor)
    missing = wait_for(lambda: [job for job in jobs if not completions(replay.events, job[0], job[1])],
                       lambda m: not m, timeout=45, interval=0.5)
    doubled = [job for job in jobs if len(completions(replay.events, job[0], job[1])) > 1]
    check(replay.status == 101 and not missing and not doubled,
          "broker: after reconnecting with ?since=, the WebSocket has every completion event, each once",
          {"missing": missing, "doubled": doubled})
    replay.close()
    return jobs


def e2e_records(user):
    """Three applications (lb → api → db) to draw, made by .ci/e2e.py's inventory flow; the load balancer's id."""
    return e2e.inventory(user.token(), user.team)["lb"]["id"]


def worker_killed(user, worker, kind):
    say(f"== {worker} killed (SIGKILL) mid-job and restarted")
    ws = open_ws(user)
    # Freeze inventory-service so that the job stays RUNNING (waiting for inventory's export) until
    # the worker is killed: mid-job for certain, not by luck of timing.
    expected = None
    if kind == "graph":
        target = e2e_records(user)
        services["inventory-service"].freeze()
        status, _, job = user.call("POST", "/graphs", {"name": "killed worker", "applicationIds": [target]})
    else:
        expected = len([s for s in hosts(user, "") or []])
        services["inventory-service"].freeze()
        status, _, job = user.call("POST", "/reports", {"name": "killed worker", "type": "general", "entity": "servers"})
    if not check(status == 202, f"{worker}: a {kind} job is accepted", (status, job)):
        services["inventory-service"].thaw()
        return
    job_id = job["id"]
    running = wait_for(lambda: user.call("GET", job_path(kind, job_id))[2],
                       lambda j: isinstance(j, dict) and j.get("status") == "RUNNING", timeout=60, interval=0.2)
    was_running = isinstance(running, dict) and running.get("status") == "RUNNING"
    services[worker].kill()
    services["inventory-service"].thaw()
    check(was_running, f"{worker}: killed while the {kind} was RUNNING", running)
    up = restart(worker)
    check(up, f"{worker}: restarted and UP")
    final = await_job(user, kind, job_id, timeout=150)
    check(isinstance(final, dict) and final.get("status") == TERMINAL[kind][0],
          f"{worker}: the {kind} is redelivered and finishes {TERMINAL[kind][0]}", final)
    if kind == "graph":
        check((final.get("stats") or {}).get("nodes") == 3, f"{worker}: the graph holds its 3 nodes, once",
              final.get("stats"))
    else:
        _, _, runs = user.call("GET", f"/reports/{job_id}/runs?limit=50")
        items = (runs or {}).get("items", [])
        _, _, result = user.call("GET", f"/reports/{job_id}/result?format=json&limit=1000")
        rows = (result or {}).get("items", [])
        ids = [row.get("id") or row.get("Id") or json.dumps(row, sort_keys=True) for row in rows]
        check(len(items) == 1 and items[0].get("status") == "READY" and final.get("rows") == expected
              and len(ids) == expected and len(set(ids)) == len(ids),
              f"{worker}: one run, its result stored once ({expected} rows, none doubled)",
              {"runs": [(r.get("status"), r.get("rows")) for r in items], "rows": final.get("rows"),
               "served": len(ids), "distinct": len(set(ids)), "expected": expected})
    # Let a duplicate, if there were one, arrive before counting.
    wait_for(lambda: completions(ws.events, kind, job_id), bool, timeout=30, interval=0.5)
    time.sleep(5)
    live = completions(ws.events, kind, job_id)
    check(len(live) == 1 and live[0].get("type") == COMPLETION[kind][0],
          f"{worker}: the client receives exactly one completion event", [e.get("type") for e in live])
    ws.close()
    return kind, job_id


def inventory_down(user):
    say("== inventory-service down during a discovery sync")
    connection_id = files_connection(user, "inventory outage", "io", 3, 64)
    status, _, sync = request_sync(user, connection_id)
    first = await_job(user, "sync", sync["id"], connection_id) if status == 202 else sync
    check(first.get("status") == "SUCCEEDED" and len(hosts(user, "io-") or []) == 3,
          "inventory down: a first sync of 3 servers succeeds", first)
    upload(user, connection_id, tf_state("io", 5, 64))
    user.token()
    services["inventory-service"].kill()
    status, _, sync = request_sync(user, connection_id)
    if not check(status == 202, "inventory down: a sync is still accepted while inventory-service is down", (status, sync)):
        restart("inventory-service")
        return
    failed = await_job(user, "sync", sync["id"], connection_id, timeout=150)
    check(failed.get("status") == "FAILED" and failed.get("error")
          and (failed.get("counts") or {}).get("orphaned", 0) == 0,
          "inventory down: the sync fails with a reason and orphans nothing", failed)
    say(f"failed sync's reason: {str(failed.get('error'))[:160]}")
    check(restart("inventory-service"), "inventory down: inventory-service restarted and UP")
    still = hosts(user, "io-")
    check(still is not None and len(still) == 3 and all(s.get("status", "ACTIVE") == "ACTIVE" for s in still),
          "inventory down: the 3 servers of the first sync are still there and ACTIVE (nothing orphaned)",
          [(s.get("hostname"), s.get("status")) for s in still or []])
    status, _, sync = request_sync(user, connection_id)
    caught_up = await_job(user, "sync", sync["id"], connection_id) if status == 202 else sync
    now = hosts(user, "io-")
    check(caught_up.get("status") == "SUCCEEDED" and now is not None and len(now) == 5,
          "inventory down: after the restart the next sync catches up (5 servers)",
          (caught_up.get("status"), caught_up.get("counts"), now and len(now)))


def timed(user, method, path):
    """(status, content type, seconds, Retry-After) of one call, or the exception's name for no answer."""
    begin = time.time()
    try:
        status, headers, _ = call(method, path, token=user.token() if user else None, raw=True)
        return status, header(headers, "Content-Type") or "", time.time() - begin, header(headers, "Retry-After")
    except Exception as ex:  # noqa: BLE001 - a timeout is the failure being looked for
        return type(ex).__name__, "", time.time() - begin, None


def mongo_down(user, graph_id, report_id):
    say("== MongoDB unreachable: frozen (SIGSTOP) then thawed; killed then restarted")
    t = user.t
    probes = {"inventory-service": ("GET", f"{t}/servers?limit=5"), "discovery-service": ("GET", f"{t}/connections"),
              "analytics-api": ("GET", f"{t}/graphs/{graph_id}"), "reports-service": ("GET", f"{t}/reports/{report_id}"),
              "websocket-service": ("GET", "/api/events?limit=5")}
    user.token()
    for fault in ("frozen", "killed"):
        if fault == "frozen":
            store.freeze()
        else:
            time.sleep(3)  # what was just written is committed to the file (H2 commits every second)
            store.kill()
        names = list(probes)
        answers = parallel([lambda n=n: timed(user, *probes[n]) for n in names])
        for name, (status, content_type, seconds, retry_after) in zip(names, answers):
            check(status == 503 and "application/problem+json" in content_type and seconds <= BOUNDED,
                  f"mongo {fault}: {name} answers 503 problem+json within {BOUNDED} s",
                  f"{status} {content_type} after {seconds:.1f} s")
        say(f"mongo {fault}: answers " + ", ".join(f"{n}={a[0]} in {a[2]:.1f}s (Retry-After {a[3]})"
                                                   for n, a in zip(names, answers)))
        back_at = time.time()
        if fault == "frozen":
            store.thaw()
        else:
            store.start()
            wait_for(lambda: port_answers(STORE_PORT), bool, timeout=60, interval=0.5)
        recovered = {}
        for name in names:
            answer = wait_for(lambda n=name: timed(user, *probes[n]), lambda a: a[0] == 200, timeout=90, interval=1)
            recovered[name] = (answer[0], round(time.time() - back_at, 1))
        check(all(status == 200 for status, _ in recovered.values()),
              f"mongo {fault}: every API recovers by itself once the store is back", recovered)
        say(f"mongo {fault}: recovered after (s) " + ", ".join(f"{n}={r[1]}" for n, r in recovered.items()))
    _, _, server = user.call("GET", "/servers?q=contended-01&limit=5")
    check(any(s.get("hostname") == "contended-01" for s in (server or {}).get("items", [])),
          "mongo killed: data written before the kill is still there after the restart")


def no_duplicates_in_log(user, anchor, jobs):
    events = events_since(user, anchor)
    counts = {f"{kind} {job_id[:8]}": len(completions(events or [], kind, job_id)) for kind, job_id, _ in jobs}
    check(events is not None and jobs and all(n == 1 for n in counts.values()),
          f"end: the event log holds exactly one completion event for each of the {len(jobs)} jobs of the run",
          {k: n for k, n in counts.items() if n != 1})


def main():
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    e2e.BASE = f"http://localhost:{PORTS['gateway']}"
    if not os.access(os.path.join(RABBIT_BIN, "rabbitmq-server"), os.X_OK):
        check(False, f"infrastructure: RabbitMQ is installed ({RABBIT_BIN}/rabbitmq-server, MAESTRO_FAULTS_RABBIT_BIN)")
        print(f"{e2e.passed} passed, {e2e.failed} failed")
        shutil.rmtree(work, ignore_errors=True)
        return 1
    busy = [p for p in [*PORTS.values(), STORE_PORT, AMQP_PORT, DIST_PORT] if port_answers(p)]
    if busy:
        print(f"faults: ports already in use: {busy} (another run? MAESTRO_FAULTS_PORT_BASE and friends move them)")
        shutil.rmtree(work, ignore_errors=True)
        return 1
    ok = False
    try:
        say(f"starting the store (:{STORE_PORT}), a private RabbitMQ node {NODE} (:{AMQP_PORT}) and "
            f"{len(SERVICES)} services (:{min(PORTS.values())}-{max(PORTS.values())}); work dir {work}")
        broker.start()
        store.start()
        if not (check(bool(broker.await_up()), "infrastructure: the private RabbitMQ node answers")
                and check(bool(wait_for(lambda: port_answers(STORE_PORT), bool, timeout=90, interval=0.5)),
                          "infrastructure: the store process answers")):
            return 1
        for proc in services.values():
            proc.start()
        if not check(await_healthy(SERVICES), "infrastructure: every service is UP"):
            return 1
        say("every service is UP")
        user = User("alice")
        anchor = latest_event_id(user)
        concurrency(user)
        jobs = broker_outage(user) or []
        graph = worker_killed(user, "analytics-worker", "graph")
        report = worker_killed(user, "reports-service", "report")
        jobs += [(job[0], job[1], None) for job in (graph, report) if job]
        inventory_down(user)
        no_duplicates_in_log(user, anchor, jobs)
        graph_id = graph[1] if graph else next((j for k, j, _ in jobs if k == "graph"), "none")
        report_id = report[1] if report else next((j for k, j, _ in jobs if k == "report"), "none")
        mongo_down(user, graph_id, report_id)
        check(all(healthy(name) for name in SERVICES), "end: every service is UP again after all the faults",
              [name for name in SERVICES if not healthy(name)])
        ok = e2e.failed == 0
    finally:
        say("stopping everything")
        cleanup()
        left = [p for p in [*PORTS.values(), STORE_PORT, AMQP_PORT] if port_answers(p)]
        check(not left, "cleanup: no port of the suite is still bound", left)
        if e2e.failed:
            for proc in [*services.values(), store]:
                print(f"---- last lines of {proc.log} ----\n{proc.tail(15)}")
            print(f"faults: logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        print(f"{e2e.passed} passed, {e2e.failed} failed (in {time.time() - started:.0f} s)")
    return 0 if ok and e2e.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
