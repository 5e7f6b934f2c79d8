// The name and version reports carry, read once from package.json (two levels up from both
// src/report/ and dist/report/).
import { readFileSync } from "node:fs";

export const TOOL_NAME = "forksafe";

export const TOOL_VERSION: string = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
