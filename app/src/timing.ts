/**
 * The page's own timing, as User Timing entries (the browser's DevTools show them in the Performance
 * panel; the browser tests read them): for each block the page shows, how long reading it took
 * (`etm:read`: the block number and the lens snapshot, from the refresh's start) and how long drawing
 * it took (`etm:render`), each with the block in its detail; and once, `etm:first-render`, when the
 * first snapshot was on the screen (its startTime counts from the navigation's start).
 */
export const READ_MEASURE = "etm:read";
export const RENDER_MEASURE = "etm:render";
export const FIRST_RENDER_MARK = "etm:first-render";

/** Entries kept: the last this many blocks' measures (each refresh adds two). */
const KEPT_MEASURES = 400;

let firstRendered = false;

/** Records one refresh: started at `startedMs`, the snapshot read at `readMs`, drawn now. */
export function markUpdate(block: bigint, startedMs: number, readMs: number): void {
  const detail = { block: Number(block) };
  performance.measure(READ_MEASURE, { start: startedMs, end: readMs, detail });
  performance.measure(RENDER_MEASURE, { start: readMs, end: performance.now(), detail });
  if (!firstRendered) {
    firstRendered = true;
    performance.mark(FIRST_RENDER_MARK, { detail });
  }
  // A page left open for days must not grow without bound.
  if (performance.getEntriesByType("measure").length > KEPT_MEASURES) performance.clearMeasures();
}
