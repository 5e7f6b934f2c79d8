// The command line: parse arguments with commander, run the scan, turn errors into exit codes.
// Exit 0 clean, 1 findings at or above the threshold, 2 usage, configuration or internal error.
import { Command, CommanderError, Option } from "commander";
import { LibraryFileError } from "../analysis/library/load.js";
import { RULES, ruleById } from "../analysis/rules/index.js";
import { ruleListText, ruleTerminalText } from "../report/rule-terminal.js";
import { ConfigError } from "../config/load-config.js";
import { FAIL_ON, type FailOn } from "../config/schema.js";
import { TOOL_VERSION } from "../report/tool-version.js";
import { UsageError } from "../sources/fs-tree.js";
import { fix } from "./fix.js";
import { FORMATS, scan, type Format } from "./scan.js";

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

interface RawOptions {
  format: Format;
  failOn?: FailOn;
  config?: string;
  base?: string;
  entryPoints?: boolean;
  color: boolean;
  showSuppressed?: boolean;
}

/** Runs the CLI with these arguments (without `node` and the script) and returns the exit code. */
export async function runCli(args: string[]): Promise<number> {
  let exitCode = EXIT_CLEAN;
  const program = new Command()
    .name("forksafe")
    .description("Find Django startup database work that pre-forking servers share between workers.")
    .version(TOOL_VERSION)
    .exitOverride()
    .showHelpAfterError("(run forksafe scan --help for the options)");

  program
    .command("scan")
    .description("scan a Django repository and report startup database work")
    .argument("[path]", "the repository to scan", ".")
    .addOption(new Option("--format <format>", "output format, to stdout").choices(FORMATS).default("text"))
    .addOption(new Option("--fail-on <level>", "lowest level that fails the run (default: fail_on in the config, else error)").choices(FAIL_ON))
    .option("--config <file>", "configuration file (default: forksafe.yml, else .github/forksafe.yml)")
    .option("--base <git-ref>", "report only findings on lines that the diff against this ref adds or changes")
    .option("--entry-points", "list only the server entry points found")
    .option("--no-color", "plain text output (also when NO_COLOR is set or stdout is not a terminal)")
    .option("--show-suppressed", "also show findings suppressed by `# forksafe: ignore` comments")
    .exitOverride()
    .action(async (target: string, raw: RawOptions) => {
      const output = await scan(target, {
        format: raw.format,
        ...(raw.failOn ? { failOn: raw.failOn } : {}),
        ...(raw.config !== undefined ? { config: raw.config } : {}),
        ...(raw.base !== undefined ? { base: raw.base } : {}),
        entryPoints: raw.entryPoints === true,
        color: raw.color && !process.env.NO_COLOR && process.stdout.isTTY === true,
        showSuppressed: raw.showSuppressed === true,
      });
      process.stdout.write(output.stdout);
      exitCode = output.exitCode;
    });

  program
    .command("fix")
    .description("fix what can be fixed exactly: print the fixes as a diff, or write them with --write")
    .argument("[path]", "the repository to fix", ".")
    .option("--write", "write the fixes into the files, then scan again and say what is left")
    .option("--rule <id>", "fix only this rule's findings (FS110, FS203, ...); repeat it or separate ids with commas", collectRules, [])
    .option("--config <file>", "configuration file (default: forksafe.yml, else .github/forksafe.yml)")
    .exitOverride()
    .action(async (target: string, raw: { write?: boolean; rule?: string[]; config?: string }) => {
      const output = await fix(target, {
        write: raw.write === true,
        ...(raw.rule && raw.rule.length > 0 ? { rules: raw.rule } : {}),
        ...(raw.config !== undefined ? { config: raw.config } : {}),
      });
      process.stdout.write(output.stdout);
      process.stderr.write(output.stderr);
      exitCode = output.exitCode;
    });

  program
    .command("rule")
    .description("print a rule's documentation (what, why, an example, the fix), or list the rules")
    .argument("[id]", "the rule id, e.g. FS101")
    .option("--all", "list every rule")
    .exitOverride()
    .action((id: string | undefined, raw: { all?: boolean }) => {
      exitCode = printRule(id, raw.all === true);
    });

  try {
    await program.parseAsync(args, { from: "user" });
    return exitCode;
  } catch (error) {
    return failure(error);
  }
}

/** `--rule FS110 --rule FS203` and `--rule FS110,FS203` alike. */
function collectRules(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

/** `forksafe rule ID` and `forksafe rule --all`; an unknown id is a usage error listing the ids. */
function printRule(id: string | undefined, all: boolean): number {
  const ids = RULES.map((r) => r.id).join(", ");
  if (all) {
    // Cut to the terminal's width on a terminal; whole lines through a pipe.
    process.stdout.write(ruleListText(RULES, process.stdout.columns ?? Number.POSITIVE_INFINITY));
    return EXIT_CLEAN;
  }
  const rule = id === undefined ? undefined : ruleById(id.toUpperCase());
  if (!rule) {
    const problem = id === undefined ? "give a rule id or --all" : `unknown rule "${id}"`;
    process.stderr.write(`forksafe: ${problem}; the rules are ${ids}\n`);
    return EXIT_USAGE;
  }
  process.stdout.write(ruleTerminalText(rule, process.stdout.columns ?? (Number(process.env.COLUMNS) || 80)));
  return EXIT_CLEAN;
}

function failure(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message (or the help, or the version)
    return error.exitCode === 0 ? EXIT_CLEAN : EXIT_USAGE;
  }
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof LibraryFileError) {
    process.stderr.write(`forksafe: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`forksafe: internal error: ${message}; please report it, with the command you ran\n`);
  if (process.env.FORKSAFE_DEBUG === "1" && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  } else {
    process.stderr.write("forksafe: set FORKSAFE_DEBUG=1 to see the stack trace\n");
  }
  return EXIT_USAGE;
}
