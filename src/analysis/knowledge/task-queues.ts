// Task-queue decorators whose wrapped function, when called, writes to the database instead of
// running: django-background-tasks' `@background` turns a function into a task proxy whose call
// runs `schedule()`, which inserts a Task row (and deletes the old ones first with
// `remove_existing_tasks=True`): background_task/tasks.py, TaskProxy.__call__ -> TaskSchedule ->
// Task.objects.new_task(...).save() (django-background-tasks 1.2.5).
// Celery's `@shared_task`, dramatiq's actors and django-rq's `@job` run the function when it is
// called directly; they are not here.
import type { SummaryState } from "../summaries/summary-state.js";
import { qualify } from "../summaries/qualify.js";

const TASK_PROXIES = new Map([["background_task.background", "schedules a django-background-tasks task: the call inserts a Task row"]]);

/** Keyword arguments that only such a task proxy takes: evidence when the decorated function is out of view. */
const PROXY_KEYWORDS = /\b(?:schedule|repeat|repeat_until|remove_existing_tasks|verbose_name|creator)\s*=/g;

/** What calling a function with these decorators does, when one makes it a task proxy. */
export function taskProxyOf(state: SummaryState, decorators: readonly string[]): string | undefined {
  for (const decorator of decorators) {
    const name = decorator.replace(/^@\s*/, "").replace(/\(.*$/s, "").trim();
    const found = TASK_PROXIES.get(qualify(state, name) ?? "");
    if (found) return found;
  }
  return undefined;
}

/** Whether a call's keywords are a task proxy's own (`schedule=run_at, repeat=Task.DAILY`): two of them at least. */
export function taskProxyArguments(text: string): boolean {
  if (!text.includes("repeat") && !text.includes("schedule")) return false;
  return new Set([...text.matchAll(PROXY_KEYWORDS)].map((m) => m[0].replace(/\s*=$/, ""))).size >= 2;
}

export const TASK_PROXY_WHAT = TASK_PROXIES.get("background_task.background")!;
