// The command line: parse arguments with commander, run the scan, turn errors into exit codes.
// Exit 0 clean, 1 findings at or above the threshold, 2 usage, configuration or internal error.
import { Command, CommanderError, Option } from "commander";
import { ConfigError } from "../config/load-config.js";
import { FAIL_ON, type FailOn } from "../config/schema.js";
import { TOOL_VERSION } from "../report/tool-version.js";
import { UsageError } from "../sources/fs-tree.js";
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

  try {
    await program.parseAsync(args, { from: "user" });
    return exitCode;
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message (or the help, or the version)
    return error.exitCode === 0 ? EXIT_CLEAN : EXIT_USAGE;
  }
  if (error instanceof UsageError || error instanceof ConfigError) {
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
