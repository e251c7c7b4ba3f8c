/**
 * Ignition's progress for a log or CI (stdout not a terminal): one plain line per event that
 * matters — start, each transaction sent, each step done or failed — instead of the interactive
 * display, which redraws with cursor codes and repeats each batch in a file.
 */
import type { ExecutionEventListener } from "@nomicfoundation/ignition-core";

interface Outcome {
  type: string;
  error?: string;
}

function done(event: { futureId: string; result: Outcome }): void {
  const failed = event.result.type !== "SUCCESS";
  console.log(
    `  ${failed ? "failed" : "done"}  ${event.futureId}${event.result.error ? `: ${event.result.error}` : ""}`,
  );
}

const LINES: Partial<ExecutionEventListener> = {
  deploymentStart: (e) =>
    console.log(`Ignition: ${e.moduleName}${e.isResumed ? " (resuming from the journal)" : ""}`),
  transactionSend: (e) => console.log(`  sent  ${e.futureId}: ${e.hash}`),
  deploymentExecutionStateComplete: (e) => done(e as never),
  callExecutionStateComplete: (e) => done(e as never),
  sendDataExecutionStateComplete: (e) => done(e as never),
};

/** A listener printing LINES' events and ignoring the rest (so a newer Ignition's events are harmless). */
export function plainProgress(): ExecutionEventListener {
  return new Proxy(LINES, {
    get: (target, name: string) => target[name as keyof ExecutionEventListener] ?? (() => {}),
  }) as ExecutionEventListener;
}
