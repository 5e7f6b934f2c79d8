// The fix as suggestion comments: which lines each suggestion replaces, insertions carried on a
// neighbouring line, and files left to a unified diff when a line is outside the diff.
import { describe, expect, it } from "vitest";
import { checkRunActions } from "../../src/github/check-run-api.js";
import { fixSuggestions, suggestionMarkerIn } from "../../src/github/fix-suggestions.js";
import {
  CHECK_ACTION_DESCRIPTION_MAX_CHARS,
  CHECK_ACTION_IDENTIFIER_MAX_CHARS,
  CHECK_ACTION_LABEL_MAX_CHARS,
  CHECK_ACTIONS_MAX,
} from "../../src/github/limits.js";
import type { FileChange } from "../../src/fix/types.js";
import { commitMessage } from "../../src/report/fix-text.js";

const CONF = "bind = '0.0.0.0:8000'\npreload_app = True\nworkers = 4\n";
const change = (after: string, before: string | null = CONF): FileChange => ({
  path: "gunicorn.conf.py",
  before,
  after,
  descriptions: ["gunicorn.conf.py: when_ready closes the connections the master opened"],
  ruleIds: ["FS110"],
});
const all = new Map([["gunicorn.conf.py", new Set([1, 2, 3, 4])]]);
const block = (body: string) => body.slice(body.indexOf("```suggestion")).replace(/\n\n<!-- forksafe-fix:[0-9a-f]{16} -->$/, "");

describe("fixSuggestions", () => {
  it("appends at the end of the file on the last line, keeping it", () => {
    const after = CONF + "\n\ndef when_ready(server):\n    from django.db import connections\n\n    connections.close_all()\n";
    const { comments, elsewhere } = fixSuggestions([change(after)], all);
    expect(elsewhere).toEqual([]);
    expect(comments.map((c) => [c.line, c.start_line, block(c.body)])).toEqual([
      [3, undefined, "```suggestion\nworkers = 4\n\n\ndef when_ready(server):\n    from django.db import connections\n\n    connections.close_all()\n```"],
    ]);
  });

  it("replaces changed lines in place, and an insertion at the top rides on the first line", () => {
    const after = "import os\n" + CONF.replace("preload_app = True", "preload_app = False");
    const { comments } = fixSuggestions([change(after)], all);
    expect(comments.map((c) => [c.line, block(c.body)])).toEqual([
      [1, "```suggestion\nimport os\nbind = '0.0.0.0:8000'\n```"],
      [2, "```suggestion\npreload_app = False\n```"],
    ]);
  });

  it("leaves a file to the unified diff when a line it changes is outside the diff, or when the fix creates it", () => {
    const after = CONF.replace("workers = 4", "workers = 4  # fixed");
    const partly = new Map([["gunicorn.conf.py", new Set([1, 2])]]);
    expect(fixSuggestions([change(after)], partly)).toEqual({ comments: [], elsewhere: [change(after)] });
    expect(fixSuggestions([change("x = 1\n", null)], all).elsewhere).toHaveLength(1);
    expect(fixSuggestions([change(after)], new Map()).comments).toEqual([]);
  });

  it("marks each suggestion, and skips those already posted", () => {
    const after = "import os\n" + CONF.replace("preload_app = True", "preload_app = False");
    const first = fixSuggestions([change(after)], all).comments;
    const markers = first.map((c) => suggestionMarkerIn(c.body));
    expect(markers).toEqual([expect.stringMatching(/^[0-9a-f]{16}$/), expect.stringMatching(/^[0-9a-f]{16}$/)]);
    expect(new Set(markers).size).toBe(2);
    expect(fixSuggestions([change(after)], all, new Set([markers[0]!])).comments).toEqual([first[1]]);
  });

  it("fences a suggestion whose text holds backticks with a longer fence", () => {
    const after = CONF.replace("workers = 4", "workers = 4  # see ```docs```");
    const body = fixSuggestions([change(after)], all).comments[0]!.body;
    expect(body).toContain("````suggestion\nworkers = 4  # see ```docs```\n````");
  });
});

describe("the fix commit and button", () => {
  it("names one rule's fix plainly and lists every change in the body", () => {
    expect(commitMessage([change("")], "Requested by @bob.")).toEqual({
      headline: "Stop sharing startup database connections between workers (forksafe fix)",
      body: "- gunicorn.conf.py: when_ready closes the connections the master opened\n\nRequested by @bob.",
    });
    const startup = { ...change(""), ruleIds: ["FS101", "FS110"] };
    expect(commitMessage([startup], "").headline).toBe("Stop sharing startup database connections between workers (forksafe fix)");
    const two = [startup, { ...change(""), path: "app/db.py", ruleIds: ["FS203"] }];
    expect(commitMessage(two, "").headline).toBe("Fix FS110, FS203 (forksafe fix)");
  });

  it("the buttons keep within GitHub's limits", () => {
    const actions = checkRunActions(true);
    expect(actions.length).toBeLessThanOrEqual(CHECK_ACTIONS_MAX);
    for (const a of actions) {
      expect(a.label.length).toBeLessThanOrEqual(CHECK_ACTION_LABEL_MAX_CHARS);
      expect(a.description.length).toBeLessThanOrEqual(CHECK_ACTION_DESCRIPTION_MAX_CHARS);
      expect(a.identifier.length).toBeLessThanOrEqual(CHECK_ACTION_IDENTIFIER_MAX_CHARS);
    }
  });
});
