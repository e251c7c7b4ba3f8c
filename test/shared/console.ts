/** What a piece of code prints with console.log, captured as one string (lines joined by "\n"). */
export async function printedBy(body: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => void lines.push(parts.join(" "));
  try {
    await body();
  } finally {
    console.log = log;
  }
  return lines.join("\n");
}
