// `forksafe probe` end to end on a tiny pre-forking server (test/probe/fixtures/fake-server):
// real processes, sqlite3 and loopback sockets, the real hook. Each run must leave no process
// of the server's group behind.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { probe, type ProbeOutput } from "../../src/cli/probe.js";
import { groupAlive } from "../../src/probe/run-probe.js";

const PYTHON = "/usr/bin/python3";
const FIXTURE = fileURLToPath(new URL("./fixtures/fake-server/", import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), "forksafe-probe-test-"));
cpSync(FIXTURE, root, { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));
/** The line of server.py that imports the app in the `serve` mode: the outermost team frame. */
const SERVE_IMPORT_LINE = readFileSync(path.join(FIXTURE, "server.py"), "utf8").split("\n").indexOf('if mode == "serve":') + 2;

async function probeServer(
  args: string[],
  extra: { timeoutSeconds?: number; env?: NodeJS.ProcessEnv; format?: "text" | "json" | "sarif" } = {},
): Promise<ProbeOutput> {
  const output = await probe([PYTHON, "server.py", ...args], {
    format: extra.format ?? "json",
    failOn: "error",
    timeoutSeconds: extra.timeoutSeconds ?? 30,
    color: false,
    cwd: root,
    env: { PATH: "/usr/bin:/bin", PYTHONDONTWRITEBYTECODE: "1", ...extra.env },
  });
  expect(output.run.pgid, "the server was started").toBeDefined();
  expect(groupAlive(output.run.pgid!), "a process of the server's group is still running").toBe(false);
  return output;
}

const brief = (o: ProbeOutput) => o.findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.path}:${f.location.startLine}:${f.location.startColumn}`);

describe("forksafe probe on a server that forks after loading the app", () => {
  it("reports the connection, thread and socket open at the first fork, not the one closed before it", async () => {
    const output = await probeServer(["serve"]);
    expect(output.exitCode).toBe(1);
    expect(brief(output)).toEqual(["FS102 error shop/app.py:7:6", "FS201 error shop/app.py:20:1", "FS202 warning shop/app.py:25:8"]);
    const [db, thread] = output.findings;
    expect(db?.runtime).toMatchObject({ confirmed: true, what: "sqlite3 connection", seenAt: "master before its first fork" });
    expect(db?.chain.map((s) => `${s.location.path}:${s.location.startLine}`)).toEqual([`server.py:${SERVE_IMPORT_LINE}`, "shop/app.py:7"]);
    expect(thread?.runtime?.what).toBe("thread ticker (threading.Thread)");
    expect(output.run.worker, "the first worker reported what its initialisation closed").toBeDefined();
    const json = JSON.parse(output.stdout) as { version: number; findings: unknown[]; probe: { command: string[]; outcome: string } };
    expect(json.version).toBe(1);
    expect(json.probe.command).toEqual([PYTHON, "server.py", "serve"]);
    expect(json.probe.outcome).toMatch(/^3 things open or alive in the master at its first fork/);
  });

  it("rates a connection the first worker closes in its own initialisation as FS112, a note", async () => {
    const output = await probeServer(["serve", "--close-in-worker"]);
    const db = output.findings.find((f) => f.location.startLine === 7);
    expect(db).toMatchObject({ ruleId: "FS112", severity: "note" });
    expect(db?.runtime?.handledInWorker).toBe("closed in the worker");
  });

  it("shows the findings as text with code frames and the runtime line", async () => {
    const output = await probeServer(["serve"], { format: "text" });
    expect(output.stdout).toMatch(/^shop\/app\.py:7:6 error FS102 A sqlite3 connection opened here is still open when the master forks/m);
    expect(output.stdout).toMatch(/^ {2}> 7 \| db = sqlite3\.connect\(":memory:"\)$/m);
    expect(output.stdout).toMatch(/^ {2}runtime confirmed: sqlite3 connection open or alive at the first fork \(master before its first fork\)$/m);
    expect(output.stdout.trimEnd().split("\n").at(-1)).toMatch(/^3 things open or alive in the master at its first fork/);
  });

  it("writes SARIF with the runtime evidence in the result's properties", async () => {
    const output = await probeServer(["serve"], { format: "sarif" });
    const sarif = JSON.parse(output.stdout) as { runs: { results: { ruleId: string; properties?: Record<string, { confirmed: boolean }> }[] }[] };
    const results = sarif.runs[0]!.results;
    expect(results.map((r) => r.ruleId)).toEqual(["FS102", "FS201", "FS202"]);
    expect(results[0]!.properties?.["forksafe/runtime"]?.confirmed).toBe(true);
  });

  it("writes the JSON report to --json as well", async () => {
    const file = path.join(root, "probe.json");
    await probe([PYTHON, "server.py", "serve"], {
      format: "text",
      failOn: "error",
      timeoutSeconds: 30,
      color: false,
      cwd: root,
      json: file,
      env: { PATH: "/usr/bin:/bin" },
    });
    expect((JSON.parse(readFileSync(file, "utf8")) as { findings: unknown[] }).findings).toHaveLength(3);
  });
});

describe("forksafe probe on a server that forks in C, as uWSGI does", () => {
  it("takes stock in the first worker through uwsgi.post_fork_hook: the master's state at fork", async () => {
    const output = await probeServer(["uwsgi"]);
    expect(output.exitCode).toBe(1);
    expect(brief(output)).toEqual(["FS102 error shop/app.py:7:6", "FS201 error shop/app.py:20:1", "FS202 warning shop/app.py:25:8"]);
    expect(output.findings[0]?.runtime?.seenAt).toBe("uwsgi: first worker right after fork (uWSGI forks in C): the master's state at fork");
  });

  it("still does when the app imports uwsgidecorators, which replaces uwsgi.post_fork_hook", async () => {
    const output = await probeServer(["uwsgi", "--decorators"], { timeoutSeconds: 10 });
    expect(output.exitCode).toBe(1);
    expect(brief(output)).toHaveLength(3);
  });
});

describe("forksafe probe when nothing is inherited", () => {
  it("exits 0 when the server forks before loading the app", async () => {
    const output = await probeServer(["lazy"]);
    expect(output.exitCode).toBe(0);
    expect(output.findings).toEqual([]);
    expect(output.stderr).toMatch(/nothing open or alive in the master at its first fork/);
  });
});

describe("forksafe probe's faults", () => {
  it("names a command that is not found, exit 2", async () => {
    const output = await probe(["forksafe-no-such-server", "--preload"], { format: "text", failOn: "error", timeoutSeconds: 5, color: false, cwd: root });
    expect(output.exitCode).toBe(2);
    expect(output.stderr).toBe("forksafe: command not found: forksafe-no-such-server\n");
  });

  it("names a command that is not executable, exit 2", async () => {
    writeFileSync(path.join(root, "start.sh"), "#!/bin/sh\nexec gunicorn app\n", { mode: 0o644 });
    const output = await probe(["./start.sh"], { format: "text", failOn: "error", timeoutSeconds: 5, color: false, cwd: root });
    expect(output.exitCode).toBe(2);
    expect(output.stderr).toBe("forksafe: command not executable: ./start.sh\n");
  });

  it("shows the traceback of an app that fails to import, and what it created first, exit 2", async () => {
    const output = await probeServer(["crash"]);
    expect(output.exitCode).toBe(2);
    expect(output.stderr).toMatch(/the server exited with code 1 before its first fork/);
    expect(output.stderr).toMatch(/RuntimeError: settings are missing/);
    expect(brief(output)).toEqual(["FS102 warning shop/broken.py:3:6"]);
    expect(output.findings[0]?.runtime).toMatchObject({ confirmed: false });
  });

  it("reports a database connection that failed before the fork, with where it came from, exit 2", async () => {
    const output = await probeServer(["refused"]);
    expect(output.exitCode).toBe(2);
    expect(output.stderr).toMatch(/a database connection failed in the master before it forked \(shop\/refused\.py:6,/);
    expect(output.findings[0]?.runtime?.seenAt).toMatch(/OperationalError: unable to open database file/);
  });

  it("stops a server that hangs after the timeout, with what it created so far, exit 2", async () => {
    const output = await probeServer(["hang"], { timeoutSeconds: 2 });
    expect(output.exitCode).toBe(2);
    expect(output.stderr).toMatch(/did not fork within 2 s: stopped it/);
    expect(brief(output)).toContain("FS201 warning shop/app.py:20:1");
  });

  it("says so when the hook cannot load (an interpreter that ignores PYTHONPATH)", async () => {
    const output = await probe([PYTHON, "-E", "server.py", "crash"], {
      format: "text",
      failOn: "error",
      timeoutSeconds: 10,
      color: false,
      cwd: root,
      env: { PATH: "/usr/bin:/bin" },
    });
    expect(output.exitCode).toBe(2);
    expect(output.stderr).toMatch(/The probe's hook did not start in it/);
  });
});

describe("the hook in the interpreter", () => {
  it("runs the sitecustomize it hides, and imports no module the app did not", async () => {
    const other = path.join(root, "other-site");
    mkdirSync(other, { recursive: true });
    writeFileSync(path.join(other, "sitecustomize.py"), "import builtins\nbuiltins.FORKSAFE_TEST_MARK = 'chained'\n");
    const script = "import sys, builtins; print(builtins.FORKSAFE_TEST_MARK); print(' '.join(sorted(sys.modules)))";
    const { execFileSync } = await import("node:child_process");
    const { hookDirectory } = await import("../../src/probe/hook-path.js");
    const report = path.join(root, "unused.json");
    const withHook = execFileSync(PYTHON, ["-c", script], {
      env: { PATH: "/usr/bin:/bin", PYTHONPATH: `${hookDirectory()}:${other}`, FORKSAFE_PROBE_REPORT: report },
      encoding: "utf8",
    });
    const without = execFileSync(PYTHON, ["-c", script], { env: { PATH: "/usr/bin:/bin", PYTHONPATH: other }, encoding: "utf8" });
    const [markWith, modulesWith] = withHook.trim().split("\n");
    const [, modulesWithout] = without.trim().split("\n");
    expect(markWith).toBe("chained");
    const extra = modulesWith!.split(" ").filter((m) => !modulesWithout!.split(" ").includes(m));
    expect(extra).toEqual(["forksafe_probe_hook"]);
  });
});
