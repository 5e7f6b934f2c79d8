// A name as written, qualified through the imports of the file being summarised.
import type { SummaryState } from "./summary-state.js";

/** `Thread` → `threading.Thread` when imported so; undefined for a name no import binds. */
export function qualify(state: SummaryState, expression: string): string | undefined {
  if (!/^[A-Za-z_][\w.]*$/.test(expression)) return undefined;
  const dot = expression.indexOf(".");
  const head = dot < 0 ? expression : expression.slice(0, dot);
  const rest = dot < 0 ? "" : expression.slice(dot);
  const binding = state.bindingOf(head);
  return binding ? binding.dotted + rest : undefined;
}
