// Every rule Forksafe has, in id order. Each lives in its own file with its documentation.
import type { Rule } from "./rule.js";

export const RULES: readonly Rule[] = [
  // rules are added here, one import each
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
