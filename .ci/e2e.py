#!/usr/bin/env python3
"""End-to-end flows through the gateway of a running suite (./maestro), across every service:
what a user does on a first day, checked on what the public API answers.

  python3 .ci/e2e.py [--url http://localhost:8080]

Standard library only. Prints PASS/FAIL lines and "N passed, N failed" last; exits non-zero on
any failure.
"""
import argparse
import base64
import io
import json
import os
import socket
import struct
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile

BASE = "http://localhost:8080"
passed = 0
failed = 0


def check(ok, label, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {label}")
    else:
        failed += 1
        print(f"FAIL {label}{': ' + str(detail)[:400] if detail else ''}")
    return ok


def call(method, path, body=None, token=None, accept="application/json", raw=False, content_type=None,
         data=None, headers=None):
    """One HTTP call through the gateway; returns (status, headers, body)."""
    payload = data
    request_headers = {"Accept": accept}
    if body is not None:
        payload = json.dumps(body).encode()
        request_headers["Content-Type"] = "application/json"
    if content_type:
        request_headers["Content-Type"] = content_type
    if token:
        request_headers["Authorization"] = "Bearer " + token
    request_headers.update(headers or {})
    request = urllib.request.Request(BASE + path, data=payload, method=method, headers=request_headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            content = response.read()
            status, answer_headers = response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        content = error.read()
        status, answer_headers = error.code, dict(error.headers)
    if raw:
        return status, answer_headers, content
    try:
        return status, answer_headers, json.loads(content) if content else None
    except ValueError:
        return status, answer_headers, content.decode(errors="replace")


def port_answers(port):
    """Whether something accepts connections on this local port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_for(fetch, done, timeout=180, interval=1.0):
    """Polls fetch() until done(result) or the timeout; returns the last result."""
    deadline = time.time() + timeout
    result = fetch()
    while not done(result) and time.time() < deadline:
        time.sleep(interval)
        result = fetch()
    return result


class WebSocket:
    """A minimal RFC 6455 client (text frames, ping/pong, close) that collects events in a thread."""

    def __init__(self, path):
        url = urllib.parse.urlparse(BASE)
        self.sock = socket.create_connection((url.hostname, url.port or 80), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {url.hostname}:{url.port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
                          .encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                break
            head += chunk
        self.status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
        self.events = []
        self.closed = threading.Event()
        if self.status == 101:
            self.sock.settimeout(None)
            threading.Thread(target=self._read, daemon=True).start()

    def _exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def _send(self, opcode, payload=b""):
        mask = os.urandom(4)
        header = bytes([0x80 | opcode])
        length = len(payload)
        if length < 126:
            header += bytes([0x80 | length])
        elif length < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", length)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", length)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def _read(self):
        try:
            while True:
                first, second = self._exact(2)
                opcode, length = first & 0x0F, second & 0x7F
                if length == 126:
                    length = struct.unpack(">H", self._exact(2))[0]
                elif length == 127:
                    length = struct.unpack(">Q", self._exact(8))[0]
                payload = self._exact(length)
                if opcode == 0x1:
                    try:
                        self.events.append(json.loads(payload))
                    except ValueError:
                        pass
                elif opcode == 0x9:
                    self._send(0xA, payload)
                elif opcode == 0x8:
                    break
        except (OSError, ConnectionError):
            pass
        finally:
            self.closed.set()

    def of_type(self, event_type):
        return [e for e in self.events if e.get("type") == event_type]

    def close(self):
        try:
            self._send(0x8, struct.pack(">H", 1000))
            self.sock.close()
        except OSError:
            pass


def new_user(label):
    email = f"e2e-{label}-{uuid.uuid4().hex[:8]}@example.com"
    password = "end to end passphrase 42"
    status, _, _ = call("POST", "/api/auth/register", {"email": email, "password": password, "name": f"E2E {label}"})
    check(status == 201, f"{label}: registers", status)
    status, _, tokens = call("POST", "/api/auth/login", {"email": email, "password": password})
    check(status == 200, f"{label}: logs in", status)
    token = tokens["accessToken"]
    _, _, me = call("GET", "/api/me", token=token)
    return token, me["teams"][0]["id"]


def inventory(token, team):
    t = f"/api/teams/{team}"
    status, _, db_server = call("POST", f"{t}/servers", {"hostname": "db-01", "ipv4Private": "10.0.0.5",
                                                          "environment": "Production",
                                                          "os": {"base": "Linux", "dist": "Debian", "version": "12"}},
                                token=token)
    check(status == 201, "inventory: a server is created", status)
    status, _, web_server = call("POST", f"{t}/servers", {"hostname": "web-01", "ipv4Private": "10.0.0.6",
                                                           "environment": "Production"}, token=token)
    _, _, dup = call("POST", f"{t}/servers", {"hostname": "web-01", "environment": "Stage"}, token=token)
    check(any(w.get("code") == "DUPLICATE_HOSTNAME" for w in dup.get("warnings", [])),
          "inventory: a duplicate hostname is accepted with a warning", dup)
    status, _, db = call("POST", f"{t}/applications", {"name": "orders-db", "family": "Database",
                                                        "environment": "Production", "serverIds": [db_server["id"]],
                                                        "database": {"engine": "POSTGRESQL", "version": "16"}},
                         token=token)
    check(status == 201, "inventory: a database is created", (status, db))
    status, _, api = call("POST", f"{t}/applications", {"name": "orders-api", "family": "Application",
                                                         "environment": "Production", "language": "java",
                                                         "serverIds": [web_server["id"]],
                                                         "dependencies": [{"targetId": db["id"], "protocol": "tcp",
                                                                           "endpoint": "db-01:5432"}]},
                          token=token)
    check(status == 201, "inventory: an application depending on it is created", (status, api))
    status, _, lb = call("POST", f"{t}/applications", {"name": "orders-lb", "family": "Loadbalance",
                                                        "environment": "Production", "targets": [api["id"]],
                                                        "dependencies": [{"targetId": api["id"], "protocol": "https"}]},
                         token=token)
    check(status == 201, "inventory: a load balancer in front of it is created", (status, lb))
    status, _, problem = call("POST", f"{t}/servers", {"hostname": "bad", "ipv4Private": "999.1.1.1"}, token=token)
    check(status == 400 and "errors" in (problem or {}), "inventory: a bad IP is a 400 problem with field errors",
          (status, problem))
    return {"db": db, "api": api, "lb": lb, "servers": [db_server, web_server]}


def graphs(token, team, records):
    t = f"/api/teams/{team}"
    status, _, graph = call("POST", f"{t}/graphs", {"name": "Orders", "applicationIds": [records["lb"]["id"]]},
                            token=token)
    if not check(status == 202 and graph.get("id"), "analytics: a graph request is accepted (202)", (status, graph)):
        return None
    final = wait_for(lambda: call("GET", f"{t}/graphs/{graph['id']}", token=token)[2],
                     lambda g: isinstance(g, dict) and g.get("status") in ("READY", "FAILED"))
    check(final.get("status") == "READY", "analytics: the graph becomes READY", final)
    check((final.get("stats") or {}).get("nodes") == 3, "analytics: the graph holds the scope and its dependencies",
          final.get("stats"))
    status, headers, svg = call("GET", f"{t}/graphs/{graph['id']}/svg", token=token, accept="image/svg+xml", raw=True)
    check(status == 200 and b"<svg" in svg[:500] and b"orders-db" in svg, "analytics: the SVG shows the applications",
          status)
    status, _, png = call("GET", f"{t}/graphs/{graph['id']}/png", token=token, accept="image/png", raw=True)
    check(status == 200 and png[:8] == b"\x89PNG\r\n\x1a\n", "analytics: the PNG is a PNG", status)
    status, _, link = call("POST", f"{t}/graphs/{graph['id']}/public-link", token=token)
    if check(status in (200, 201) and link.get("url"), "analytics: a public link is made", (status, link)):
        path = urllib.parse.urlparse(link["url"]).path
        status, _, page = call("GET", path, accept="*/*", raw=True)
        check(status == 200, "analytics: the public link works without logging in", status)
    status, _, impact = call("GET", f"{t}/impact/{records['db']['id']}", token=token)
    check(status == 200 and records["api"]["id"] in json.dumps(impact.get("dependents"))
          and records["lb"]["id"] in json.dumps(impact.get("transitiveDependents")),
          "analytics: impact of the database names its direct and transitive dependents", impact)
    return graph["id"]


def reports(token, team):
    t = f"/api/teams/{team}"
    status, _, report = call("POST", f"{t}/reports", {"name": "Production servers", "type": "general",
                                                       "entity": "servers",
                                                       "filters": [{"field": "environment", "op": "equals",
                                                                    "value": "Production"}]}, token=token)
    if not check(status == 202 and report.get("id"), "reports: a report request is accepted (202)", (status, report)):
        return None
    final = wait_for(lambda: call("GET", f"{t}/reports/{report['id']}", token=token)[2],
                     lambda r: isinstance(r, dict) and r.get("status") in ("READY", "FAILED"))
    check(final.get("status") == "READY" and final.get("rows") == 2, "reports: the report is READY with 2 rows", final)
    status, _, csv = call("GET", f"{t}/reports/{report['id']}/result?format=csv", token=token, accept="text/csv",
                          raw=True)
    text = csv.decode("utf-8", errors="replace")
    check(status == 200 and "db-01" in text and "web-01" in text and len(text.strip().splitlines()) == 3,
          "reports: the CSV has a header and both production servers", (status, text[:300]))
    status, _, xlsx = call("GET", f"{t}/reports/{report['id']}/result", token=token,
                           accept="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", raw=True)
    ok = status == 200
    if ok:
        try:
            ok = "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(xlsx)).namelist()
        except zipfile.BadZipFile:
            ok = False
    check(ok, "reports: the XLSX (by Accept) is a workbook", status)
    status, _, pdf = call("GET", f"{t}/reports/{report['id']}/result?format=pdf", token=token, raw=True,
                          accept="application/pdf")
    check(status == 200 and pdf[:5] == b"%PDF-", "reports: the PDF is a PDF", status)
    status, _, ini = call("GET", f"{t}/reports/{report['id']}/result?format=ansible", token=token, raw=True,
                          accept="*/*")
    check(status == 200 and b"[" in ini and b"ansible_host=10.0.0.5" in ini, "reports: the Ansible inventory lists the hosts",
          ini[:300])
    return report["id"]


def discovery(token, team):
    t = f"/api/teams/{team}"
    status, _, providers = call("GET", "/api/providers", token=token)
    names = [p.get("id") or p.get("name") for p in (providers if isinstance(providers, list)
                                                     else (providers or {}).get("items", []))]
    check(status == 200 and "aws" in names, "discovery: the providers are listed", (status, names))
    status, _, connection = call("POST", f"{t}/connections", {"name": "Prod AWS", "provider": "aws",
                                                               "credentials": {"accessKeyId": "AKIAE2ETEST",
                                                                               "secretAccessKey": "e2e-secret-value"},
                                                               "regions": ["eu-west-1"],
                                                               "endpoint": "http://127.0.0.1:9"}, token=token)
    check(status == 201 and "e2e-secret-value" not in json.dumps(connection),
          "discovery: a connection is created and its credentials are never returned", (status, connection))
    if status != 201:
        return None
    _, _, listed = call("GET", f"{t}/connections", token=token)
    check("e2e-secret-value" not in json.dumps(listed), "discovery: the list never shows credentials")
    status, _, sync = call("POST", f"{t}/connections/{connection['id']}/syncs", {"tasks": ["servers"]}, token=token)
    if not check(status == 202 and sync.get("id"), "discovery: a sync is accepted (202)", (status, sync)):
        return None
    final = wait_for(lambda: call("GET", f"{t}/connections/{connection['id']}/syncs/{sync['id']}", token=token)[2],
                     lambda s: isinstance(s, dict) and s.get("status") in ("SUCCEEDED", "FAILED"), timeout=240)
    # The endpoint answers nothing: the sync must fail cleanly, with a reason, and orphan nothing.
    check(final.get("status") == "FAILED" and final.get("error")
          and (final.get("counts") or {}).get("orphaned", 0) == 0,
          "discovery: a sync against an unreachable provider fails with a reason and orphans nothing", final)
    return sync["id"]


TERRAFORM_STATE = {
    "version": 4, "terraform_version": "1.8.5", "serial": 7, "lineage": "e2e-lineage", "outputs": {},
    "resources": [{
        "mode": "managed", "type": "aws_instance", "name": "web",
        "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
        "instances": [{"index_key": i, "schema_version": 1, "sensitive_attributes": [], "attributes": {
            "id": f"i-0e2e00000000000{i}", "ami": "ami-0abc", "instance_type": "t3.medium",
            "availability_zone": "eu-west-1a", "private_ip": f"10.77.0.{10 + i}",
            "arn": f"arn:aws:ec2:eu-west-1:123456789012:instance/i-0e2e00000000000{i}",
            "tags": {"Name": f"tf-web-0{i}", "Environment": "Production"}}} for i in range(2)]}]}


def discovery_from_files(token, team):
    """The whole discovery path with no cloud at hand: a Terraform state upload, a sync through
    discovery-service into inventory-service (service token, bulk upsert), the records in the list."""
    t = f"/api/teams/{team}"
    status, _, connection = call("POST", f"{t}/connections", {"name": "Terraform prod", "provider": "files",
                                                               "credentials": {}, "regions": []}, token=token)
    if not check(status == 201, "discovery: a files connection is created", (status, connection)):
        return None
    status, _, upload = call("POST", f"{t}/connections/{connection['id']}/uploads?name=prod.tfstate",
                             data=json.dumps(TERRAFORM_STATE).encode(), content_type="application/json", token=token)
    check(status == 201, "discovery: a Terraform state is uploaded and parsed", (status, upload))
    status, _, sync = call("POST", f"{t}/connections/{connection['id']}/syncs", {}, token=token)
    if not check(status == 202, "discovery: a sync of the upload is accepted", (status, sync)):
        return None
    final = wait_for(lambda: call("GET", f"{t}/connections/{connection['id']}/syncs/{sync['id']}", token=token)[2],
                     lambda s: isinstance(s, dict) and s.get("status") in ("SUCCEEDED", "FAILED"), timeout=240)
    check(final.get("status") == "SUCCEEDED" and (final.get("counts") or {}).get("created", 0) >= 2,
          "discovery: the sync succeeds and creates the instances", final)
    _, _, servers = call("GET", f"{t}/servers?q=tf-web&limit=50", token=token)
    found = [s for s in (servers or {}).get("items", []) if s.get("hostname", "").startswith("tf-web-")]
    check(len(found) == 2 and all((s.get("discovery") or {}).get("connectionId") == connection["id"] for s in found),
          "discovery: the discovered servers are in the inventory, marked with their connection",
          [(s.get("hostname"), s.get("discovery")) for s in found])
    if found:
        _, _, history = call("GET", f"{t}/servers/{found[0]['id']}/history", token=token)
        items = (history or {}).get("items", [])
        check(bool(items) and items[-1].get("source") == f"discovery:{connection['id']}",
              "discovery: the history names the connection as the source", items[-1:] if items else history)
    return sync["id"]


def main():
    global BASE
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=os.environ.get("MAESTRO_URL", BASE))
    BASE = parser.parse_args().url.rstrip("/")

    token, team = new_user("alice")
    other_token, other_team = new_user("bob")

    refused = WebSocket("/ws?access_token=not-a-token")
    check(refused.status in (401, 403), "events: a WebSocket with a bad token is refused", refused.status)
    alice_ws = WebSocket("/ws?access_token=" + urllib.parse.quote(token))
    bob_ws = WebSocket("/ws?access_token=" + urllib.parse.quote(other_token))
    check(alice_ws.status == 101 and bob_ws.status == 101, "events: WebSockets open with a valid token",
          (alice_ws.status, bob_ws.status))

    records = inventory(token, team)
    graph_id = graphs(token, team, records)
    report_id = reports(token, team)
    sync_id = discovery(token, team)
    files_sync_id = discovery_from_files(token, team)

    expected = [("analytics.graph.ready", "graphId", graph_id), ("reports.report.ready", "reportId", report_id),
                ("discovery.sync.failed", "syncId", sync_id), ("discovery.sync.finished", "syncId", files_sync_id)]
    for event_type, key, value in expected:
        if value is None:
            continue
        got = wait_for(lambda: [e for e in alice_ws.of_type(event_type) if (e.get("data") or {}).get(key) == value],
                       lambda found: bool(found), timeout=60, interval=0.5)
        check(bool(got) and got[0].get("teamId") == team, f"events: the WebSocket receives {event_type}",
              alice_ws.events[-5:])
    check(not [e for e in bob_ws.events if e.get("teamId") == team],
          "events: a member of another team receives none of these events",
          [e.get("type") for e in bob_ws.events])

    # Replay: a client that reconnects with ?since= gets what it missed.
    if alice_ws.events:
        first = alice_ws.events[0]
        replay = WebSocket(f"/ws?access_token={urllib.parse.quote(token)}&since={first['id']}")
        got = wait_for(lambda: replay.events, lambda events: len(events) >= 1, timeout=20, interval=0.5)
        check(bool(got) and first["id"] not in [e["id"] for e in got]
              and {e["id"] for e in alice_ws.events[1:]} <= {e["id"] for e in got},
              "events: reconnecting with ?since= replays what came after", [e.get("type") for e in got])
        replay.close()
    for ws in (alice_ws, bob_ws):
        ws.close()

    print(f"{passed} passed, {failed} failed")
    sys.exit(0 if failed == 0 else 1)


if __name__ == "__main__":
    main()
