/**
 * axe-core (npm) in the browser tests: injects the engine into a page and runs it on the whole
 * document. The page's Content-Security-Policy refuses inline script, so axe is not added as a
 * <script> tag: its source is evaluated through the DevTools protocol (page.evaluate), which the
 * policy does not govern, and the page's own scripts stay under the policy.
 */
import fs from "node:fs";
import type { Page } from "playwright-core";

const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export type Impact = "minor" | "moderate" | "serious" | "critical";
export const IMPACTS: Impact[] = ["critical", "serious", "moderate", "minor"];

export interface AxeViolation {
  id: string;
  impact: Impact;
  help: string;
  /** Each node that fails: its CSS selector, what to fix, and the start of its HTML. */
  nodes: { target: string; summary: string; html: string }[];
}

export interface AxeReport {
  violations: AxeViolation[];
  /** Failing nodes (not rules) by impact. */
  counts: Record<Impact, number>;
  /** How many rules passed and were checked (so that a clean report is not an empty run). */
  passes: number;
  /** The rules axe could not decide alone ("needs review"), e.g. a contrast over a gradient. */
  incomplete: string[];
}

/** Runs axe on `page` (injected once per document) and returns its violations. */
export async function runAxe(page: Page): Promise<AxeReport> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    interface Raw {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: unknown[]; failureSummary?: string; html: string }[];
    }
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: Raw[]; passes: Raw[]; incomplete: Raw[] }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return {
      passes: r.passes.length,
      incomplete: r.incomplete.map(
        (v) =>
          `${v.id} (${v.nodes.length}: ${v.nodes.map((n) => n.target.map(String).join(" ")).join(", ")})`,
      ),
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: (v.impact ?? "minor") as string,
        help: v.help,
        nodes: v.nodes.map((n) => ({
          target: n.target.map(String).join(" "),
          summary: n.failureSummary ?? "",
          html: n.html.slice(0, 200),
        })),
      })),
    };
  });
  const counts: Record<Impact, number> = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  const violations = result.violations as AxeViolation[];
  for (const v of violations) counts[v.impact] += v.nodes.length;
  return { violations, counts, passes: result.passes, incomplete: result.incomplete };
}

/** One line for the test's output: the counts by impact, and the rules of the minor and moderate ones. */
export function describeAxe(where: string, report: AxeReport): string {
  const counts = IMPACTS.map((i) => `${report.counts[i]} ${i}`).join(", ");
  const rules = report.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join(", ");
  const review = report.incomplete.length > 0 ? `; to review by hand: ${report.incomplete.join(", ")}` : "";
  return `axe-core ${where}: ${counts} (failing nodes; ${report.passes} rules passed)${rules ? ` — ${rules}` : ""}${review}`;
}

/** The serious and critical violations, each with its failing nodes, for an assertion's message. */
export function blocking(report: AxeReport): string[] {
  return report.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) =>
      v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target}: ${n.summary} — ${n.html}`),
    );
}
