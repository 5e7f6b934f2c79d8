import { describe, expect, it } from "vitest";
import { at, entryPointsOf, textAt } from "./helpers.js";

describe("Dockerfiles", () => {
  it("reads exec-form CMD with --preload", async () => {
    const files = { Dockerfile: 'FROM python:3.12\nCMD ["gunicorn", "--preload", "proj.wsgi"]\n' };
    const [ep] = await entryPointsOf(files);
    expect(ep?.source).toBe("Dockerfile CMD");
    expect(at(ep?.preloadLocation)).toBe("Dockerfile:2:19");
  });

  it("reads a multi-line shell-form CMD", async () => {
    const files = { Dockerfile: "FROM python\nCMD gunicorn \\\n    --bind 0.0.0.0:8000 \\\n    --preload proj.wsgi\n" };
    const [ep] = await entryPointsOf(files);
    expect(at(ep?.preloadLocation)).toBe("Dockerfile:4:5");
    expect(textAt(files, ep?.preloadLocation)).toBe("--preload");
  });

  it("applies ENV GUNICORN_CMD_ARGS to the stage's command", async () => {
    const files = { Dockerfile: 'FROM python\nENV GUNICORN_CMD_ARGS="--preload -k eventlet"\nCMD ["gunicorn", "proj.wsgi"]\n' };
    const [ep] = await entryPointsOf(files);
    expect(ep?.preload).toEqual({ kind: "on" });
    expect(textAt(files, ep?.preloadLocation)).toBe("--preload");
    expect(ep?.preloadLocation?.startLine).toBe(2);
    expect(ep?.workerClass).toBe("eventlet");
  });

  it("joins an exec-form ENTRYPOINT script with CMD", async () => {
    const files = { Dockerfile: 'FROM python\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["gunicorn", "--preload", "proj.wsgi"]\n' };
    const [ep] = await entryPointsOf(files);
    expect(ep?.source).toBe("Dockerfile ENTRYPOINT and CMD");
    expect(ep?.preload.kind).toBe("on");
  });

  it("reads each stage on its own, and finds the config through WORKDIR and -c", async () => {
    const files = {
      "docker/Dockerfile.web":
        'FROM python AS build\nCMD ["uwsgi", "--ini", "x.ini"]\nFROM python\nWORKDIR /app\nCMD ["gunicorn", "-c", "/app/deploy/gunicorn.py", "proj.wsgi"]\n',
      "deploy/gunicorn.py": "preload_app = True\n",
    };
    const eps = await entryPointsOf(files);
    const gunicorn = eps.find((e) => e.server === "gunicorn");
    expect(eps.map((e) => e.server).sort()).toEqual(["gunicorn", "uwsgi"]);
    expect(gunicorn?.preload).toEqual({ kind: "on" });
    expect(at(gunicorn?.preloadLocation)).toBe("deploy/gunicorn.py:1:1");
  });
});

describe("Dockerfile multi-stage builds", () => {
  it("gives the final stage the ENV of the stage it is built from", async () => {
    const files = { Dockerfile: 'FROM python:3.12 AS base\nENV GUNICORN_CMD_ARGS="--preload"\n\nFROM base AS final\nCMD gunicorn proj.wsgi\n' };
    const eps = await entryPointsOf(files);
    expect(eps.map((e) => [e.source, e.preload.kind])).toEqual([["Dockerfile CMD", "on"]]);
    expect(eps[0]?.preloadLocation?.startLine).toBe(2);
  });

  it("runs the base stage's CMD with the ENV the final stage adds", async () => {
    const files = { Dockerfile: "FROM python:3.12 AS base\nCMD gunicorn proj.wsgi\n\nFROM base AS final\nENV GUNICORN_CMD_ARGS=--preload\n" };
    const eps = await entryPointsOf(files);
    expect(eps.map((e) => [e.source, e.preload.kind])).toEqual([
      ["Dockerfile CMD", "off"],
      ["Dockerfile CMD (stage final, from base)", "on"],
    ]);
  });

  it("gives nothing of a builder stage to an image built from elsewhere", async () => {
    const files = {
      Dockerfile: "FROM python:3.12 AS builder\nENV GUNICORN_CMD_ARGS=--preload\nRUN pip wheel .\n\nFROM python:3.12-slim\nCMD gunicorn proj.wsgi\n",
    };
    const eps = await entryPointsOf(files);
    expect(eps.map((e) => [e.source, e.preload.kind])).toEqual([["Dockerfile CMD", "off"]]);
  });

  it("drops an inherited CMD when the stage sets its own ENTRYPOINT", async () => {
    const files = {
      Dockerfile: 'FROM python:3.12 AS base\nCMD ["gunicorn", "--preload", "proj.wsgi"]\n\nFROM base AS final\nENTRYPOINT ["gunicorn", "proj.wsgi"]\n',
    };
    const eps = await entryPointsOf(files);
    expect(eps.map((e) => [e.source, e.preload.kind])).toEqual([
      ["Dockerfile CMD", "on"],
      ["Dockerfile ENTRYPOINT", "off"],
    ]);
  });
});
