// From the hook's report to findings: the rule each kind gets, the location nearest to the
// creation in the team's code, and what the first worker's initialisation changes.
import { describe, expect, it } from "vitest";
import type { ForkReport, HookFrame, HookItem } from "../../src/probe/hook-report.js";
import { probeFindings } from "../../src/probe/probe-findings.js";

const team = (p: string, line: number, name = "<module>"): HookFrame => ({
  file: `/srv/${p}`,
  path: p,
  line,
  name,
  team: true,
  col: 5,
  endLine: line,
  endCol: 20,
});
const lib = (p: string, line: number, name: string): HookFrame => ({
  file: `/usr/lib/python3/dist-packages/${p}`,
  line,
  name,
  team: false,
  package: p.split("/")[0]!,
  version: "1.0",
  path: p,
});

function report(items: HookItem[], server: ForkReport["server"] = "gunicorn"): ForkReport {
  return { version: 1, pid: 10, server, takenIn: "master before its first fork", preload: true, teamModules: 3, items, workerPhase: "none", hookSeconds: 0.01 };
}

const django = (stack: HookFrame[]): HookItem => ({
  kind: "database",
  library: "psycopg2",
  owner: "django",
  stack: [lib("psycopg2/__init__.py", 122, "connect"), ...stack],
});

describe("probeFindings", () => {
  it("rates a connection by where the team's code made it: ready() FS101, wsgi.py FS103, module level FS102", () => {
    const findings = probeFindings(
      {
        report: report([
          django([lib("django/db/models/query.py", 400, "count"), team("shop/apps.py", 10, "ready"), team("project/wsgi.py", 7)]),
          django([lib("django/db/models/query.py", 400, "count"), team("project/wsgi.py", 11)]),
          django([lib("django/db/models/query.py", 400, "count"), team("shop/admin.py", 9), team("project/wsgi.py", 7)]),
        ]),
        journal: [],
      },
      "/nonexistent",
    );
    expect(findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.path}:${f.location.startLine}:${f.location.startColumn}`)).toEqual([
      "FS101 error shop/apps.py:10:5",
      "FS103 error project/wsgi.py:11:5",
      "FS102 error shop/admin.py:9:5",
    ]);
    expect(findings[0]!.chain.map((s) => s.label)).toEqual(["at module level", "in ready()"]);
    expect(findings[0]!.libraryChain?.map((s) => `${s.library.package} ${s.path}:${s.line} ${s.label}`)).toEqual([
      "django django/db/models/query.py:400 in count()",
      "psycopg2 psycopg2/__init__.py:122 in connect()",
    ]);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(3);
  });

  it("gives SQLAlchemy's pooled connections FS203, threads FS201, clients FS202 and stray sockets a FS202 warning", () => {
    const findings = probeFindings(
      {
        report: report([
          { kind: "database", library: "psycopg2", owner: "sqlalchemy", stack: [team("app.py", 7)] },
          { kind: "thread", library: "threading.Thread", name: "ticker", stack: [team("shop/ticker.py", 19, "start")] },
          { kind: "client", library: "pymongo.MongoClient", stack: [team("shop/db.py", 3)] },
          { kind: "socket", library: "socket", peer: "127.0.0.1:6379", stack: [lib("socket.py", 836, "create_connection"), team("shop/cache.py", 4)] },
        ]),
        journal: [],
      },
      "/nonexistent",
    );
    expect(findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["FS203 error", "FS201 error", "FS202 error", "FS202 warning"]);
    expect(findings[1]!.message).toMatch(/thread ticker .* runs in the master only/);
  });

  it("makes a connection the first worker closes FS112 (a note), and one whose pool it replaced no finding", () => {
    const items = [
      django([team("shop/apps.py", 10, "ready")]),
      { kind: "database" as const, library: "psycopg2", owner: "sqlalchemy" as const, stack: [team("app.py", 7)] },
    ];
    const findings = probeFindings(
      {
        report: { ...report(items), workerPhase: "pending" },
        worker: {
          pid: 11,
          hookSeconds: 0,
          handled: [
            { index: 0, how: "closed in the worker" },
            { index: 1, how: "pool replaced in the worker (dispose(close=False))" },
          ],
        },
        journal: [],
      },
      "/nonexistent",
    );
    expect(findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.path}`)).toEqual(["FS112 note shop/apps.py"]);
    expect(findings[0]!.runtime).toEqual({
      confirmed: true,
      what: "psycopg2 connection (Django)",
      seenAt: "gunicorn: master before its first fork",
      handledInWorker: "closed in the worker",
    });
  });

  it("without a fork, reports what the journal recorded as unconfirmed warnings; with one, only the master's failed attempts", () => {
    const stack = [team("shop/apps.py", 10, "ready")];
    const journal = [
      { event: "start" as const, pid: 10, python: "3.11.2" },
      { event: "attempt" as const, pid: 10, kind: "database" as const, library: "psycopg2", error: "OperationalError: connection refused", stack },
      { event: "created" as const, pid: 10, kind: "thread" as const, library: "threading.Thread", stack },
      { event: "attempt" as const, pid: 12, kind: "database" as const, library: "psycopg2", error: "OperationalError: in a worker", stack },
    ];
    const noFork = probeFindings({ journal }, "/nonexistent");
    expect(noFork.map((f) => `${f.ruleId} ${f.severity} ${f.runtime?.confirmed}`)).toEqual([
      "FS101 warning false",
      "FS201 warning false",
      "FS101 warning false",
    ]);
    expect(noFork[0]!.message).toMatch(/attempted .* and failed \(OperationalError: connection refused\)/);
    const forked = probeFindings({ report: report([]), journal }, "/nonexistent");
    expect(forked.map((f) => f.runtime?.seenAt)).toEqual(["attempted before any fork (OperationalError: connection refused)"]);
  });
});
