import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  CODE_SIZE_BUDGET_BYTES,
  contractSizes,
  formatSizeReport,
  sizeBudgetProblems,
} from "../../scripts/lib/contractSizes";

/** Writes a fake artifact of `bytes` runtime bytes under `root/contracts/<dir>/<name>.sol/<name>.json`. */
function writeArtifact(
  root: string,
  dir: string,
  name: string,
  bytes: number,
  abi: unknown[] = [{ type: "function" }],
) {
  const folder = path.join(root, "contracts", dir, `${name}.sol`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(
    path.join(folder, `${name}.json`),
    JSON.stringify({
      contractName: name,
      sourceName: `contracts/${dir}/${name}.sol`,
      deployedBytecode: `0x${"00".repeat(bytes)}`,
      abi,
    }),
  );
  fs.writeFileSync(path.join(folder, `${name}.dbg.json`), "{}");
}

// The budget itself is enforced on the real build by `npm run sizes` (a step of .ci/run right after
// compiling): under solidity-coverage the artifacts are instrumented and several times larger, so the
// tests here check the checker on artifacts of known sizes.
describe("contract size budget (npm run sizes)", () => {
  it("names a contract over the budget with its size and the budget; skips mocks and internal libraries", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "etm-sizes-"));
    writeArtifact(root, "staking", "Big", CODE_SIZE_BUDGET_BYTES + 1);
    writeArtifact(root, "staking", "Fits", CODE_SIZE_BUDGET_BYTES);
    writeArtifact(root, "mocks", "HugeMock", 30_000);
    writeArtifact(root, "libraries", "InternalOnly", 85, []);
    const sizes = contractSizes(root);
    expect(sizes.map((s) => s.name)).to.deep.equal([
      "contracts/staking/Big.sol:Big",
      "contracts/staking/Fits.sol:Fits",
    ]);
    expect(sizeBudgetProblems(sizes)).to.deep.equal([
      "contracts/staking/Big.sol:Big is 20,001 bytes of runtime code, over the budget of 20,000 by 1: " +
        "move code into a logic library or module (docs/architecture.md)",
    ]);
    expect(formatSizeReport(sizes)).to.match(/^contracts\/staking\/Fits\.sol:Fits +20,000 +0$/m);
  });

  it("says to compile first when there are no artifacts", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "etm-sizes-"));
    expect(() => contractSizes(root)).to.throw(/run `npm run compile` first/);
  });
});
