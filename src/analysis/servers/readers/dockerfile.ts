// Dockerfile: each stage's last CMD and ENTRYPOINT (shell and exec form), its ENV and WORKDIR.
import { DockerfileParser, type Instruction, type JSONInstruction, type Property } from "dockerfile-ast";
import { TextIndex, type CommandText, type EnvVar, type LaunchSite, type ReaderResult, type Word } from "../words.js";

export function readDockerfile(path: string, text: string): ReaderResult {
  const index = new TextIndex(path, text);
  const out: ReaderResult = { sites: [], env: [] };
  const stages: Instruction[][] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === "FROM" || stages.length === 0) stages.push([]);
    stages[stages.length - 1]!.push(instruction);
  }
  for (const stage of stages) {
    const env: EnvVar[] = [];
    let workdir: string | undefined;
    let cmd: CommandText | undefined;
    let entrypoint: CommandText | undefined;
    for (const instruction of stage) {
      const keyword = instruction.getKeyword();
      if (keyword === "ENV") env.push(...envOf(path, index, (instruction as unknown as { getProperties(): Property[] }).getProperties()));
      if (keyword === "WORKDIR") workdir = instruction.getArgumentsContent() ?? workdir;
      if (keyword === "CMD") cmd = commandOf(path, index, instruction);
      if (keyword === "ENTRYPOINT") entrypoint = commandOf(path, index, instruction);
    }
    const site = (source: string, command: CommandText): LaunchSite => ({ path, source, command, env, ...(workdir ? { workdir } : {}) });
    if (entrypoint?.kind === "argv" && cmd?.kind === "argv") {
      out.sites.push(site(`${path} ENTRYPOINT and CMD`, { kind: "argv", words: [...entrypoint.words, ...cmd.words] }));
    } else {
      if (entrypoint) out.sites.push(site(`${path} ENTRYPOINT`, entrypoint));
      if (cmd) out.sites.push(site(`${path} CMD`, cmd));
    }
    if (!entrypoint && !cmd) out.env.push(...env);
  }
  return out;
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
  const piece: Word = { text: content, path, start: index.offset(range.start.line, range.start.character), end: index.offset(range.end.line, range.end.character) };
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
