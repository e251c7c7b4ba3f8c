import fs from "node:fs";
import path from "node:path";
import type { Context } from "mocha";

/**
 * Mocha root hooks that record how long each test file takes, wall clock, when the environment
 * variable ETM_TEST_SECONDS_FILE names a JSON file to write ({ "test/x.test.ts": seconds }).
 * scripts/coverage.sh sets it for each coverage shard; scripts/coverage-weights.cjs turns the files
 * into the shard weights. A file's time runs from the end of the previous test to the end of each
 * of its tests, so its `before` hooks and fixtures count too.
 */
export function testSecondsHooks(root: string): Mocha.RootHookObject | undefined {
  const out = process.env.ETM_TEST_SECONDS_FILE;
  if (!out) return undefined;
  const seconds: Record<string, number> = {};
  let last = Date.now();
  return {
    beforeAll() {
      last = Date.now(); // not the compilation and start-up before the first file
    },
    afterEach(this: Context) {
      const now = Date.now();
      const file = this.currentTest?.file;
      if (file) {
        const key = path.relative(root, file).split(path.sep).join("/");
        seconds[key] = (seconds[key] ?? 0) + (now - last) / 1000;
      }
      last = now;
    },
    afterAll() {
      fs.writeFileSync(out, JSON.stringify(seconds, null, 2) + "\n");
    },
  };
}
