#!/usr/bin/python3
"""The OpenAPI document against the running server.

Starts the real binary on a free port of 127.0.0.1 with a fresh demo
database and checks:

  - every route the server serves (`hamahang routes`) is described in
    /api/v1/openapi.json with its method, and nothing more is described;
  - every answer of a set of real requests (reads, writes, and each kind of
    refusal) has a status the document lists for that operation, and a
    JSON body that validates against the schema the document gives for it
    (jsonschema, Draft 2020-12, as OpenAPI 3.1 uses).

Prints one line per check and ends with cmocka's summary lines, which
tests/run.sh counts. Runs with Debian's python3 and python3-jsonschema.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

import jsonschema

BIN = os.environ.get("HAMAHANG_BIN", "./hamahang")
PASSWORD = "a long enough passphrase\n"

passed = 0
failed = 0


def check(ok, name, why=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"[       OK ] {name}")
    else:
        failed += 1
        print(f"[  FAILED  ] {name}: {why}")


def run(*args, stdin=None):
    return subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True, check=True).stdout


class Server:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="hamahang-openapi-")
        self.db = os.path.join(self.dir, "t.db")
        run("init", "--db", self.db, "--demo")
        run("user", "add", "--db", self.db, "--login", "admin", "--role", "admin", "--password-stdin",
            stdin=PASSWORD)
        self.token = run("token", "create", "--db", self.db, "--login", "admin").strip()
        self.proc = subprocess.Popen([BIN, "serve", "--db", self.db, "--listen", "127.0.0.1:0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            raise RuntimeError(f"the server did not say where it listens: {line!r}")
        self.base = f"http://127.0.0.1:{m.group(1)}"

    def call(self, method, path, body=None, token=True, ctype="application/json"):
        data = None
        headers = {}
        if token:
            headers["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            headers["Content-Type"] = ctype
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.headers.get("Content-Type", ""), r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Content-Type", ""), e.read()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.dir)


def operation(doc, method, path):
    """The operation of the document that serves this path, and its template."""
    bare = path.split("?", 1)[0]
    for template, item in doc["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, bare) and method.lower() in item:
            # a literal segment beats a parameter: /orgs/new is not /orgs/{id}
            literal = "{" not in template
            yield (0 if literal else 1), template, item[method.lower()]


def best_operation(doc, method, path):
    found = sorted(operation(doc, method, path), key=lambda t: t[0])
    return (found[0][1], found[0][2]) if found else (None, None)


def check_answer(doc, server, method, path, body=None, want=None, token=True, ctype="application/json"):
    status, content_type, raw = server.call(method, path, body, token, ctype)
    name = f"{method} {path} -> {status}"
    template, op = best_operation(doc, method, path)
    if op is None:
        check(False, name, "no operation in the document serves it")
        return None
    if want is not None and status != want:
        check(False, name, f"wanted {want}: {raw[:300]!r}")
        return None
    answer = op["responses"].get(str(status))
    if answer is None:
        check(False, name, f"status {status} is not listed for {method} {template}")
        return None
    content = answer.get("content")
    if not content:
        check(len(raw) == 0 or status >= 300, name, "a body where the document says none")
        return None
    media = content_type.split(";")[0].strip()
    if media not in content:
        check(False, name, f"answered {media}, the document says {list(content)}")
        return None
    if media != "application/json":
        check(True, name)
        return None
    value = json.loads(raw)
    schema = dict(content[media]["schema"])
    schema["components"] = doc["components"]  # so that #/components/... resolves
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(value), key=lambda e: e.path)
    check(not errors, name, "; ".join(f"{list(e.path)}: {e.message[:200]}" for e in errors[:3]))
    return value


def main():
    server = Server()
    try:
        status, _, raw = server.call("GET", "/api/v1/openapi.json", token=False)
        check(status == 200, "the document is served")
        doc = json.loads(raw)
        check(doc.get("openapi", "").startswith("3.1"), "it is OpenAPI 3.1")

        # every served route described, and nothing more
        served = set()
        for line in run("routes").splitlines():
            method, pattern = line.split()[:2]
            served.add((method.lower(), pattern))
            ok = pattern in doc["paths"] and method.lower() in doc["paths"][pattern]
            check(ok, f"{method} {pattern} is described", "missing from api/openapi.json")
        described = {(m, p) for p, item in doc["paths"].items() for m in item
                     if m in ("get", "post", "put", "patch", "delete")}
        for m, p in sorted(described - served):
            check(False, f"{m.upper()} {p} is served", "described but not served")

        # reads
        orgs = check_answer(doc, server, "GET", "/api/v1/orgs", want=200)
        check_answer(doc, server, "GET", "/api/v1/orgs?kind=cso&limit=5", want=200, token=False)
        check_answer(doc, server, "GET", "/api/v1/orgs?kind=cult&limit=0", want=400)
        org_id = orgs["items"][0]["id"] if orgs else 1
        check_answer(doc, server, "GET", f"/api/v1/orgs/{org_id}", want=200)
        check_answer(doc, server, "GET", "/api/v1/orgs/999999", want=404)
        projects = check_answer(doc, server, "GET", "/api/v1/projects?limit=500", want=200)
        check_answer(doc, server, "GET", "/api/v1/projects?province=AF24&sector=WOMEN_RIGHTS", want=200)
        check_answer(doc, server, "GET", "/api/v1/projects?year=twenty", want=400)
        for p in (projects or {}).get("items", [])[:25]:
            check_answer(doc, server, "GET", f"/api/v1/projects/{p['id']}", want=200)
        check_answer(doc, server, "GET", "/api/v1/places/resolve?q=Nili", want=200)
        check_answer(doc, server, "GET", "/api/v1/places/resolve?q=Khost", want=200)
        check_answer(doc, server, "GET", "/api/v1/places/resolve?q=zzzzqq", want=200)
        check_answer(doc, server, "GET", "/api/v1/places/resolve?q=Nili&within=AF24", want=200)
        check_answer(doc, server, "GET", "/api/v1/places/resolve", want=400)
        for pcode in ("AF", "AF24", "AF2401"):
            check_answer(doc, server, "GET", f"/api/v1/places/{pcode}", want=200)
        check_answer(doc, server, "GET", "/api/v1/places/XX99", want=404)
        check_answer(doc, server, "GET", "/api/v1/search?q=labor&limit=2", want=200)
        check_answer(doc, server, "GET", "/api/v1/search", want=400)
        check_answer(doc, server, "GET", "/healthz", want=200)

        # every GET route of the API, with ids of records the demo holds
        for method, pattern in sorted(served):
            if method != "get" or not pattern.startswith("/api/v1/") or pattern == "/api/v1/openapi.json":
                continue
            path = pattern.replace("{pcode}", "AF24")
            if "{id}" in path:
                listing = path.split("/{id}", 1)[0]
                status, _, raw = server.call("GET", listing + "?limit=1")
                items = json.loads(raw).get("items", []) if status == 200 else []
                if not items:
                    check(False, f"GET {pattern} can be tried", f"{listing} lists nothing to try it on")
                    continue
                path = path.replace("{id}", str(items[0]["id"]))
            value = check_answer(doc, server, "GET", path)

        # writes and their refusals
        org = check_answer(doc, server, "POST", "/api/v1/orgs",
                           {"name_en": "Ghor Women Farmers Union", "kind": "cso",
                            "offices": [{"place": "Chaghcharan", "main": True}], "sectors": ["FSAC"]}, want=201)
        check_answer(doc, server, "POST", "/api/v1/orgs", {"name_en": "", "kind": "cult", "colour": 1}, want=400)
        check_answer(doc, server, "POST", "/api/v1/orgs", "{not json", want=400)
        check_answer(doc, server, "POST", "/api/v1/orgs", "name_en=x", want=415, ctype="text/plain")
        check_answer(doc, server, "POST", "/api/v1/orgs", {"name_en": "X", "kind": "cso"}, want=401, token=False)
        if org:
            check_answer(doc, server, "PATCH", f"/api/v1/orgs/{org['id']}", {"staff_total": 9}, want=200)
            check_answer(doc, server, "PATCH", f"/api/v1/orgs/{org['id']}", {"staff_female": -2}, want=400)
        drip = {"title_en": "Drip irrigation for orchards", "status": "planned",
                "start_date": "2025-04", "places": ["Chaghcharan", {"place": "Lal Wa Sarjangal", "within": "Ghor"}],
                "orgs": [{"org_id": org["id"] if org else org_id, "role": "implementing"}],
                "results": [{"indicator": "farmers trained", "value": 120, "female": 70, "male": 50,
                             "source": "plan"}]}
        project = check_answer(doc, server, "POST", "/api/v1/projects", drip, want=201)
        # the same project again is refused as a likely duplicate, then saved when confirmed
        check_answer(doc, server, "POST", "/api/v1/projects", drip, want=409)
        again = check_answer(doc, server, "POST", "/api/v1/projects?confirm_new=1", drip, want=201)
        if again:
            check_answer(doc, server, "DELETE", f"/api/v1/projects/{again['id']}", want=204)
        if project:
            check_answer(doc, server, "PATCH", f"/api/v1/projects/{project['id']}", {"status": "ongoing"}, want=200)
            check_answer(doc, server, "DELETE", f"/api/v1/projects/{project['id']}", want=204)
        check_answer(doc, server, "GET", "/api/v1/projects/999999", want=404)
        if org:
            check_answer(doc, server, "DELETE", f"/api/v1/orgs/{org['id']}", want=204)
        authority_id = orgs["items"][1]["id"] if orgs and len(orgs["items"]) > 1 else 2
        application = check_answer(doc, server, "POST", "/api/v1/applications",
                                   {"org_id": org_id, "authority_id": authority_id, "kind": "tin",
                                    "submitted": "2024-01-10"}, want=201)
        if application:
            path = f"/api/v1/applications/{application['id']}"
            check_answer(doc, server, "PATCH", path, {"outcome": "approved", "decided": "2024-01-09"}, want=400)
            check_answer(doc, server, "PATCH", path, {"outcome": "approved", "decided": "sh:1402-11-21"}, want=200)
            check_answer(doc, server, "PATCH", path, {"outcome": "refused", "decided": "2024-02-11"}, want=400)
        membership = check_answer(doc, server, "POST", "/api/v1/memberships",
                                  {"org_id": authority_id, "body_id": org_id, "status": "applied"}, want=201)
        if membership:
            path = f"/api/v1/memberships/{membership['id']}"
            check_answer(doc, server, "PATCH", path, {"status": "member", "date": "2023-13"}, want=400)
            check_answer(doc, server, "PATCH", path, {"status": "member", "date": "sh:1402-10-11"}, want=200)
        check_answer(doc, server, "PATCH", "/api/v1/applications/999999",
                     {"outcome": "approved", "decided": "2024-02-11"}, want=404)

        # merges: the seed's second spelling into the first, and the refusals
        kept = check_answer(doc, server, "POST", "/api/v1/orgs",
                            {"name_en": "Aga Khan Foundation Afghanistan", "kind": "foundation"}, want=201)
        twice = check_answer(doc, server, "POST", "/api/v1/orgs",
                             {"name_en": "Agha Khan Foundation Afghanistan", "kind": "foundation"}, want=201)
        if kept and twice:
            path = f"/api/v1/orgs/{kept['id']}/merge"
            check_answer(doc, server, "POST", path, {"from": kept["id"]}, want=400)
            check_answer(doc, server, "POST", path, {"from": "two", "colour": 1}, want=400)
            check_answer(doc, server, "POST", path, {"from": 999999}, want=404)
            check_answer(doc, server, "POST", path, {"from": twice["id"]}, want=401, token=False)
            check_answer(doc, server, "POST", path, {"from": twice["id"], "note": "one foundation"}, want=200)
            check_answer(doc, server, "POST", path, {"from": twice["id"]}, want=400)
            check_answer(doc, server, "GET", f"/api/v1/orgs/{twice['id']}", want=404)
            # undone: the answer as described, then nothing left to undo
            undo = f"/api/v1/orgs/{twice['id']}/unmerge"
            check_answer(doc, server, "POST", undo, want=401, token=False)
            check_answer(doc, server, "POST", f"/api/v1/orgs/{kept['id']}/unmerge", want=400)
            check_answer(doc, server, "POST", "/api/v1/orgs/999999/unmerge", want=404)
            check_answer(doc, server, "POST", undo, want=200)
            check_answer(doc, server, "POST", undo, want=400)
            check_answer(doc, server, "GET", f"/api/v1/orgs/{twice['id']}", want=200)
        first = check_answer(doc, server, "POST", "/api/v1/projects",
                             {"title_en": "Gully plugs in Yakawlang", "orgs": [{"org_id": org_id, "role": "implementing"}]}, want=201)
        second = check_answer(doc, server, "POST", "/api/v1/projects?confirm_new=1",
                              {"title_en": "Gully plugs, Yakawlang", "orgs": [{"org_id": org_id, "role": "implementing"}]}, want=201)
        if first and second:
            check_answer(doc, server, "POST", f"/api/v1/projects/{first['id']}/merge", {"from": second["id"]}, want=200)
            check_answer(doc, server, "POST", f"/api/v1/projects/{second['id']}/unmerge", want=200)

        # pages answer as described (HTML)
        pid = (projects or {"items": [{"id": 1}]})["items"][0]["id"]
        for path in ("/", "/orgs", f"/orgs/{org_id}", f"/orgs/{org_id}/history", "/projects",
                     f"/projects/{pid}", f"/projects/{pid}/history", "/places", "/places/AF24",
                     "/search?q=labor", "/login", "/audit", "/orgs/new", f"/orgs/{org_id}/edit",
                     "/projects/new", f"/projects/{pid}/edit"):
            check_answer(doc, server, "GET", path, want=200)
        for fmt in ("csv", "hxl", "json", "iati", "xlsx"):
            check_answer(doc, server, "GET", f"/export?format={fmt}", want=200, token=False)
        check_answer(doc, server, "GET", "/export?format=pdf", want=400, token=False)
        check_answer(doc, server, "GET", "/coverage?province=AF24&sector=PROTECTION", want=200, token=False)
        check_answer(doc, server, "GET", "/coverage?province=Atlantis", want=400, token=False)
        check_answer(doc, server, "GET", "/api/v1/projects/similar?title=Women+rights+awareness&district=Nili&sector=WOMEN_RIGHTS", want=200)
        check_answer(doc, server, "GET", "/api/v1/projects/similar?start=soon", want=400)
    finally:
        server.stop()

    print(f"[==========] {passed + failed} test(s) run.")
    print(f"[  PASSED  ] {passed} test(s).")
    if failed:
        print(f"[  FAILED  ] {failed} test(s), listed above.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
