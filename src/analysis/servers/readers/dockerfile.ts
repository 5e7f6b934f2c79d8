// Dockerfile: each stage's last CMD and ENTRYPOINT (shell and exec form), its ENV and WORKDIR;
// a stage built `FROM` an earlier stage inherits all four from it, as the image does.
import { DockerfileParser, type From, type Instruction, type JSONInstruction, type Property } from "dockerfile-ast";
import { TextIndex, type CommandText, type EnvVar, type LaunchSite, type ReaderResult, type Word } from "../words.js";

export function readDockerfile(path: string, text: string): ReaderResult {
  const index = new TextIndex(path, text);
  const out: ReaderResult = { sites: [], env: [] };
  const stages: Instruction[][] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === "FROM" || stages.length === 0) stages.push([]);
    stages[stages.length - 1]!.push(instruction);
  }
  const named = new Map<string, Stage>();
  let last: Stage | undefined;
  for (const instructions of stages) {
    const from = instructions[0]?.getKeyword() === "FROM" ? (instructions[0] as From) : undefined;
    const base = named.get(from?.getImageName()?.toLowerCase() ?? "");
    const stage: Stage = { env: [...(base?.env ?? [])], ...(base?.workdir ? { workdir: base.workdir } : {}) };
    const own: { env: EnvVar[]; cmd?: CommandText; entrypoint?: CommandText; changed: boolean } = { env: [], changed: false };
    for (const instruction of instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === "ENV") own.env.push(...envOf(path, index, (instruction as unknown as { getProperties(): Property[] }).getProperties()));
      if (keyword === "WORKDIR") stage.workdir = instruction.getArgumentsContent() ?? stage.workdir;
      if (keyword === "ENV" || keyword === "WORKDIR") own.changed = true;
      if (keyword === "CMD") own.cmd = commandOf(path, index, instruction);
      if (keyword === "ENTRYPOINT") own.entrypoint = commandOf(path, index, instruction);
    }
    stage.env.push(...own.env);
    // An image keeps its base's CMD and ENTRYPOINT; a new ENTRYPOINT drops the inherited CMD.
    stage.entrypoint = own.entrypoint ?? base?.entrypoint;
    stage.cmd = own.cmd ?? (own.entrypoint ? undefined : base?.cmd);
    const stageName = from?.getBuildStage();
    if (stageName) named.set(stageName.toLowerCase(), stage);
    const suffix = base && !own.cmd && !own.entrypoint ? ` (stage ${stageName ?? from?.getImageName()}, from ${from?.getImageName()})` : "";
    if (own.cmd || own.entrypoint || (suffix && own.changed)) out.sites.push(...sitesOf(path, stage, suffix));
    last = stage;
  }
  // The image that is built by default is the last stage's: its environment may serve a command
  // from outside the file (the base image's); earlier stages without a command only build things.
  if (last && !last.entrypoint && !last.cmd) out.env.push(...last.env);
  return out;
}

interface Stage {
  env: EnvVar[];
  workdir?: string;
  cmd?: CommandText;
  entrypoint?: CommandText;
}

/** The stage's command: ENTRYPOINT and CMD joined when both are exec form. */
function sitesOf(path: string, stage: Stage, suffix: string): LaunchSite[] {
  const { env, workdir, cmd, entrypoint } = stage;
  const site = (source: string, command: CommandText): LaunchSite => ({ path, source: `${source}${suffix}`, command, env, ...(workdir ? { workdir } : {}) });
  if (entrypoint?.kind === "argv" && cmd?.kind === "argv") {
    return [site(`${path} ENTRYPOINT and CMD`, { kind: "argv", words: [...entrypoint.words, ...cmd.words] })];
  }
  return [...(entrypoint ? [site(`${path} ENTRYPOINT`, entrypoint)] : []), ...(cmd ? [site(`${path} CMD`, cmd)] : [])];
}

function commandOf(path: string, index: TextIndex, instruction: Instruction): CommandText | undefined {
  const json = (instruction as JSONInstruction).getJSONStrings?.() ?? [];
  if (json.length > 0) {
    const words = json.map((arg) => {
      const range = arg.getRange();
      const text = arg.getJSONValue();
      const start = index.offset(range.start.line, range.start.character);
      const end = index.offset(range.end.line, range.end.character);
      return end - start === text.length + 2 ? { text, path, start: start + 1, end: end - 1 } : { text, path, start, end };
    });
    return { kind: "argv", words };
  }
  const range = instruction.getArgumentsRange();
  const content = instruction.getArgumentsContent();
  if (!range || !content) return undefined;
  const piece: Word = {
    text: content,
    path,
    start: index.offset(range.start.line, range.start.character),
    end: index.offset(range.end.line, range.end.character),
  };
  return { kind: "shell", piece };
}

function envOf(path: string, index: TextIndex, properties: Property[]): EnvVar[] {
  return properties.flatMap((property) => {
    const range = property.getValueRange();
    const value = property.getValue();
    if (!range || value === null) return [];
    const start = index.offset(range.start.line, range.start.character);
    return [{ name: property.getName(), value: { text: value, path, start, end: index.offset(range.end.line, range.end.character) } }];
  });
}
