// Dockerfile: each stage's last CMD and ENTRYPOINT (shell and exec form), its ENV and WORKDIR;
// a stage built `FROM` an earlier stage inherits all four from it, as the image does. The last
// stage, when it is built from a known base image (base-images.ts) and runs that image's own
// command, is also kept as an image use, with the COPY instructions that fill the image.
import { DockerfileParser, type From, type Instruction, type JSONInstruction, type Property } from "dockerfile-ast";
import { baseImageOf, IMAGE_SCRIPTS, splitImage } from "../base-images.js";
import { TextIndex, type CommandText, type EnvVar, type ImageCopy, type ImageUse, type LaunchSite, type ReaderResult, type Word } from "../words.js";

export function readDockerfile(path: string, text: string): ReaderResult {
  const index = new TextIndex(path, text);
  const out: ReaderResult = { sites: [], env: [] };
  const stages: Instruction[][] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === "FROM" || stages.length === 0) stages.push([]);
    stages[stages.length - 1]!.push(instruction);
  }
  const named = new Map<string, Stage>();
  const args = globalArgs(stages[0] ?? []);
  let last: Stage | undefined;
  for (const instructions of stages) {
    const from = instructions[0]?.getKeyword() === "FROM" ? (instructions[0] as From) : undefined;
    const base = named.get(from?.getImageName()?.toLowerCase() ?? "");
    const image = base ? base.image : from && imageOf(path, index, from, args);
    const stage: Stage = {
      env: [...(base?.env ?? [])],
      copies: [...(base?.copies ?? [])],
      ...(base?.workdir ? { workdir: base.workdir } : {}),
      ...(image ? { image } : {}),
    };
    const own: { env: EnvVar[]; cmd?: CommandText; entrypoint?: CommandText; changed: boolean } = { env: [], changed: false };
    for (const instruction of instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === "ENV") own.env.push(...envOf(path, index, (instruction as unknown as { getProperties(): Property[] }).getProperties()));
      if (keyword === "WORKDIR") stage.workdir = instruction.getArgumentsContent() ?? stage.workdir;
      if (keyword === "COPY" || keyword === "ADD") stage.copies.push(...copyOf(instruction, stage.workdir));
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
  const use = last && imageUse(path, last);
  if (use) out.images = [use];
  return out;
}

interface Stage {
  env: EnvVar[];
  workdir?: string;
  cmd?: CommandText;
  entrypoint?: CommandText;
  copies: ImageCopy[];
  /** The outside image the stage is built from, through the stages it names. */
  image?: { word: Word; name: string; tag?: string };
}

/** The built stage as an image use, when its base image is a known one and it runs that image's command. */
function imageUse(path: string, stage: Stage): ImageUse | undefined {
  if (!stage.image || !baseImageOf(stage.image.name)) return undefined;
  const words = [stage.entrypoint, stage.cmd].flatMap((c) => (!c ? [] : c.kind === "argv" ? c.words.map((w) => w.text) : c.piece.text.trim().split(/\s+/)));
  if (!words.every((w) => IMAGE_SCRIPTS.has(w))) return undefined;
  const { word, name, tag } = stage.image;
  return {
    path,
    origin: "FROM",
    image: word,
    name,
    ...(tag ? { tag } : {}),
    env: stage.env,
    ...(stage.workdir ? { workdir: stage.workdir } : {}),
    copies: stage.copies,
  };
}

/** ARG defaults before the first FROM, which FROM lines may use. */
function globalArgs(instructions: Instruction[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const instruction of instructions) {
    if (instruction.getKeyword() !== "ARG") continue;
    const match = /^([A-Za-z_]\w*)=("?)(.*)\2$/.exec(instruction.getArgumentsContent() ?? "");
    if (match) out.set(match[1]!, match[3]!);
  }
  return out;
}

function imageOf(path: string, index: TextIndex, from: From, args: Map<string, string>): Stage["image"] {
  const range = from.getImageRange();
  const raw = from.getImage();
  if (!range || !raw) return undefined;
  const text = raw.replace(/\$\{?(\w+)\}?/g, (m, name: string) => args.get(name) ?? m);
  const word: Word = { text: raw, path, start: index.offset(range.start.line, range.start.character), end: index.offset(range.end.line, range.end.character) };
  return { word, ...splitImage(text) };
}

/** A COPY/ADD from the build context (not `--from` another stage or image). */
function copyOf(instruction: Instruction, workdir: string | undefined): ImageCopy[] {
  const flags = (instruction as unknown as { getFlags?(): { getName(): string }[] }).getFlags?.() ?? [];
  if (flags.some((f) => f.getName() === "from")) return [];
  const json = (instruction as JSONInstruction).getJSONStrings?.() ?? [];
  const parts = json.length > 0 ? json.map((j) => j.getJSONValue()) : instruction.getArguments().map((a) => a.getValue());
  if (parts.length < 2) return [];
  return [{ sources: parts.slice(0, -1), dest: parts[parts.length - 1]!, ...(workdir ? { workdir } : {}) }];
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
