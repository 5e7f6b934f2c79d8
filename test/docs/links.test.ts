// Every relative link in the README and docs/ leads somewhere: the file exists, and an anchor
// (`docs/app.md#commands`, `#rules`) is a heading of that page, slugged as GitHub slugs them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import GithubSlugger from "github-slugger";
import { marked, type Token } from "marked";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PAGES = [
  "README.md",
  ...readdirSync(path.join(ROOT, "docs"), { recursive: true, encoding: "utf8" })
    .filter((p) => p.endsWith(".md"))
    .map((p) => `docs/${p}`),
];

interface Page {
  links: string[];
  anchors: Set<string>;
}

const pages = new Map<string, Page>();
function page(rel: string): Page {
  let found = pages.get(rel);
  if (!found) {
    found = readPage(readFileSync(path.join(ROOT, rel), "utf8"));
    pages.set(rel, found);
  }
  return found;
}

function readPage(markdown: string): Page {
  const slugger = new GithubSlugger();
  const links: string[] = [];
  const anchors = new Set<string>();
  void marked.walkTokens(marked.lexer(markdown), (token: Token) => {
    if (token.type === "link") links.push(token.href);
    if (token.type === "heading") anchors.add(slugger.slug(token.text));
  });
  return { links, anchors };
}

/** What is wrong with `href` written in `from`, or undefined when it leads somewhere. */
function brokenLink(from: string, href: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined; // https:, mailto: - not ours to check
  const [file, anchor] = href.split("#", 2) as [string, string | undefined];
  const target = file === "" ? from : path.posix.normalize(path.posix.join(path.posix.dirname(from), decodeURIComponent(file)));
  if (target.startsWith("../")) return `${href}: leaves the repository`;
  if (!existsSync(path.join(ROOT, target))) return `${href}: no such file ${target}`;
  if (anchor === undefined || !target.endsWith(".md")) return undefined;
  return page(target).anchors.has(anchor) ? undefined : `${href}: ${target} has no heading #${anchor}`;
}

describe("links in the README and docs/", () => {
  it("reads links and headings as GitHub does", () => {
    const read = readPage("# A page\n\n## Run it: `npm test`\n\nSee [x](other.md#a-b) and [y](#run-it-npm-test).\n");
    expect(read.links).toEqual(["other.md#a-b", "#run-it-npm-test"]);
    expect([...read.anchors]).toEqual(["a-page", "run-it-npm-test"]);
  });

  it.each(PAGES)("%s has no broken relative link", (rel) => {
    const broken = page(rel)
      .links.map((href) => brokenLink(rel, href))
      .filter(Boolean);
    expect(broken).toEqual([]);
  });

  it("the README front page stays short and reaches every docs/ page", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme.split("\n").length).toBeLessThan(300);
    const reached = new Set(page("README.md").links.map((href) => href.split("#")[0]));
    const unreached = PAGES.filter((p) => p.startsWith("docs/") && !p.startsWith("docs/rules/") && !reached.has(p));
    expect(unreached).toEqual([]);
  });
});
