/**
 * The dApp with 1,000 candidates (the devnet's candidate cap): `npm start`'s devnet with 970 more
 * validators registered, opened in headless Chromium before connecting. The page reads the list
 * from the chain 100 at a time (one lens call a block); the tests check the pages against the
 * chain, count the eth_calls of each block on the wire, and measure the time to the first render and
 * each block's read and render from the page's own User Timing entries (app/src/timing.ts). The
 * times are printed (and recorded in docs/dapp.md), not asserted: speed is measured, not timed in
 * tests. What is asserted is that the page keeps up — it reads and draws every block.
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { toQuantity } from "ethers";
import type { JsonRpcProvider } from "ethers";
import type { Browser, Page } from "playwright-core";
import {
  ETMToken__factory,
  IStakingPool__factory,
  StakingLens__factory,
  ValidatorElection__factory,
} from "../../typechain-types";
import type { ETMToken, IStakingPool, StakingLens, ValidatorElection } from "../../typechain-types";
import { ARTIFACTS, launchChromium, startDevnet } from "./harness";
import type { Devnet } from "./harness";
import { waitForShown } from "./page";
import { callsByBlock, recordRpc } from "./rpcRequests";
import { deterministicSignerKey } from "../../scripts/lib/signerProof";
import { signSignerProof } from "../../lib/signerProof";
import { MAX_LIST_JOINS_PER_ROUND, DEVNET_CHAIN_ID } from "../../lib/constants";
import { poolParameterId } from "../../lib/poolParameters";
import { FIRST_RENDER_MARK, READ_MEASURE, RENDER_MEASURE } from "../src/timing";

const CANDIDATES = 1_000;
const PAGE = 100;
const BLOCKS = 6;

/** Sends a transaction from an unlocked or impersonated account without waiting for it. */
function send(p: JsonRpcProvider, from: string, to: string, data: string): Promise<string> {
  return p.send("eth_sendTransaction", [{ from, to, data }]) as Promise<string>;
}

/** Mines until every transaction of `hashes` is in a block; each must have succeeded. */
async function mined(p: JsonRpcProvider, hashes: string[], what: string): Promise<void> {
  let waiting = hashes;
  for (let round = 0; waiting.length > 0; round++) {
    if (round > 50) throw new Error(`${waiting.length} ${what} transactions were never mined`);
    await p.send("evm_mine", []);
    const receipts = await Promise.all(waiting.map((h) => p.getTransactionReceipt(h)));
    for (const r of receipts) if (r) expect(r.status, `${what} in block ${r.blockNumber}`).to.equal(1);
    waiting = waiting.filter((_, i) => receipts[i] === null);
  }
}

/** `task` for each item, 50 at a time (requests in flight to the node), results in order. */
async function inBatches<T, R>(items: T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += 50)
    results.push(...(await Promise.all(items.slice(i, i + 50).map(task))));
  return results;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

describe("dApp with 1,000 candidates (npm start's devnet grown to its candidate cap)", function () {
  let devnet: Devnet;
  let browser: Browser;
  let pool: IStakingPool;
  let token: ETMToken;
  let election: ValidatorElection;
  let lens: StakingLens;

  /** Registers validators until the list holds `target`: at most 64 join in a round. */
  async function growTo(target: number): Promise<void> {
    const p = devnet.provider;
    const [poolAddress, tokenAddress] = [await pool.getAddress(), await token.getAddress()];
    const have = Number(await pool.candidateCount());
    const operators = Array.from(
      { length: target - have },
      (_, i) => deterministicSignerKey(`scale-operator-${i}`).address,
    );
    const selfStakeWei = await pool.parameter(poolParameterId("minSelfStake"));
    const needWei = selfStakeWei * BigInt(operators.length);
    // The devnet account holding the most ETM funds one new account, which funds the operators.
    const accounts = (await p.send("eth_accounts", [])) as string[];
    const balances = await Promise.all(accounts.map((a) => token.balanceOf(a)));
    const richest = accounts[balances.indexOf(balances.reduce((a, b) => (a > b ? a : b)))]!;
    expect(
      balances[accounts.indexOf(richest)]! >= needWei,
      "a devnet account holds the self-stakes",
    ).to.equal(true);
    const funder = deterministicSignerKey("scale-funder").address;
    await inBatches([funder, ...operators], async (account) => {
      await p.send("hardhat_impersonateAccount", [account]);
      await p.send("hardhat_setBalance", [account, toQuantity(10n ** 20n)]);
    });
    const transfer = (to: string, wei: bigint) => token.interface.encodeFunctionData("transfer", [to, wei]);
    await mined(p, [await send(p, richest, tokenAddress, transfer(funder, needWei))], "funding");
    // One sender: the node gives the transfers their nonces in the order it receives them.
    const funded = await inBatches(operators, (operator) =>
      send(p, funder, tokenAddress, transfer(operator, selfStakeWei)),
    );
    await mined(p, funded, "transfer");
    const approve = token.interface.encodeFunctionData("approve", [poolAddress, selfStakeWei]);
    await mined(p, await inBatches(operators, (o) => send(p, o, tokenAddress, approve)), "approve");
    const { chainId } = await p.getNetwork();
    for (let first = 0; first < operators.length; first += MAX_LIST_JOINS_PER_ROUND) {
      // A new round: the list takes at most MAX_LIST_JOINS_PER_ROUND newcomers in each.
      const [, start, length] = await election.roundInfo();
      const now = BigInt(await p.getBlockNumber());
      if (start + length > now + 1n) await p.send("hardhat_mine", [toQuantity(start + length - now - 1n)]);
      const batch = operators.slice(first, first + MAX_LIST_JOINS_PER_ROUND);
      const hashes = await Promise.all(
        batch.map(async (operator, j) => {
          const i = first + j;
          const proof = await signSignerProof(deterministicSignerKey(`scale-signer-${i}`), {
            operator,
            pool: poolAddress,
            chainId,
          });
          const commissionWad = (BigInt(i % 20) * 10n ** 18n) / 100n;
          const data = pool.interface.encodeFunctionData("registerValidator", [
            proof.signer,
            commissionWad,
            selfStakeWei,
            proof.r,
            proof.vs,
          ]);
          return send(p, operator, poolAddress, data);
        }),
      );
      await mined(p, hashes, "registerValidator");
    }
    expect(Number(await pool.candidateCount())).to.equal(target);
  }

  before(async function () {
    this.timeout(900_000);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    devnet = await startDevnet();
    browser = await launchChromium();
    const config = (await (await fetch(`${devnet.appUrl}deployments.json`)).json()) as {
      deployments: { chainId: number; contracts: Record<string, string> }[];
    };
    const record = config.deployments.find((d) => d.chainId === DEVNET_CHAIN_ID)!;
    const p = devnet.provider;
    pool = IStakingPool__factory.connect(record.contracts.pool, p);
    token = ETMToken__factory.connect(record.contracts.token, p);
    election = ValidatorElection__factory.connect(record.contracts.election, p);
    lens = StakingLens__factory.connect(record.contracts.lens!, p);
    const started = Date.now();
    await growTo(CANDIDATES);
    console.log(
      `      registered ${CANDIDATES} candidates in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  });

  after(async function () {
    await browser?.close();
    await devnet?.stop();
  });

  /** The page's User Timing entries: the first render's time and each block's read and render. */
  function timings(page: Page) {
    return page.evaluate(
      ([first, read, render]) => {
        const byBlock = (name: string) =>
          performance
            .getEntriesByName(name, "measure")
            .map((e) => ({ block: (e as PerformanceMeasure).detail.block as number, ms: e.duration }));
        const mark = performance.getEntriesByName(first, "mark")[0];
        return { firstRenderMs: mark?.startTime, reads: byBlock(read), renders: byBlock(render) };
      },
      [FIRST_RENDER_MARK, READ_MEASURE, RENDER_MEASURE] as const,
    );
  }

  it("opens on the first 100 of 1,000, as the chain lists them, and pages to the next 100", async function () {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const opened = Date.now();
      await page.goto(devnet.appUrl);
      const heading = page.getByRole("heading", { name: `Candidates (${CANDIDATES}; 1–${PAGE} shown)` });
      await heading.waitFor({ timeout: 60_000 });
      const wallMs = Date.now() - opened;
      const { firstRenderMs } = await timings(page);
      expect(firstRenderMs, "the page marked its first render").to.be.a("number");
      console.log(
        `      first render ${firstRenderMs!.toFixed(0)} ms after the navigation started (${wallMs} ms from page.goto to the heading, as the test saw it)`,
      );
      let s = await waitForShown(page, (x) => x.candidates.length > 0 && x.fields.block !== undefined);
      let at = BigInt(s.fields.block!);
      const listed = [...(await pool.candidates({ blockTag: at }))];
      expect(listed).to.have.length(CANDIDATES);
      // The table's first page of rows: the chain's first candidates, in its order.
      expect(s.addresses.candidates).to.deep.equal(listed.slice(0, s.addresses.candidates.length));
      // The table pages the 100 read: its first rows, "1–50 of 100 candidates." above them.
      const rows = s.addresses.candidates.length;
      const summary = await page.locator('[aria-label="Validators shown"]').textContent();
      expect(summary).to.equal(`1–${rows} of ${PAGE} candidates.`);
      await page.screenshot({ path: path.join(ARTIFACTS, "20-candidates-1000.png") });

      await page.getByRole("button", { name: "Next candidates" }).click();
      await page
        .getByRole("heading", { name: `Candidates (${CANDIDATES}; ${PAGE + 1}–${2 * PAGE} shown)` })
        .waitFor({ timeout: 30_000 });
      s = await waitForShown(page, (x) => x.candidates.length > 0);
      at = BigInt(s.fields.block!);
      const next = [...(await pool.candidates({ blockTag: at }))].slice(PAGE, 2 * PAGE);
      expect(s.addresses.candidates).to.deep.equal(next.slice(0, s.addresses.candidates.length));
      expect(await page.getByRole("button", { name: "Previous candidates" }).isEnabled()).to.equal(true);
    } finally {
      await context.close();
    }
  });

  it("keeps up with every block: at most 3 eth_calls each, and each block read and drawn (times printed)", async function () {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const wire = await recordRpc(page, devnet.rpcUrl);
      await page.goto(devnet.appUrl);
      await page.getByRole("heading", { name: `Candidates (${CANDIDATES}; 1–${PAGE} shown)` }).waitFor();
      // The charts' one-time back-fill is over once the chart's table has its points.
      await page.waitForTimeout(3_000);
      const from = await devnet.provider.getBlockNumber();
      wire.counting = true;
      while ((await devnet.provider.getBlockNumber()) < from + BLOCKS)
        await new Promise((r) => setTimeout(r, 250));
      await page.waitForTimeout(1_500); // the page's refresh of the last block
      wire.counting = false;
      const to = await devnet.provider.getBlockNumber();
      const byBlock = callsByBlock(wire.requests);
      console.log(
        `      eth_calls per block over blocks ${from}..${to}: ${JSON.stringify(Object.fromEntries(byBlock))}`,
      );
      for (const [block, calls] of byBlock) expect(calls, `eth_calls at block ${block}`).to.be.at.most(3);

      // The node's share of a read: the page's lens call (no account, the first 100), from here.
      const nodeMs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await lens.snapshot("0x0000000000000000000000000000000000000000", 0n, BigInt(PAGE), [], {
          blockTag: to,
        });
        nodeMs.push(performance.now() - started);
      }
      const { reads, renders } = await timings(page);
      const seen = new Set(renders.map((r) => r.block));
      // Every block the chain made while counting was read and drawn: the page kept up.
      for (let b = from + 1; b <= to; b++) expect(seen.has(b), `the page drew block ${b}`).to.equal(true);
      const window = (list: { block: number; ms: number }[]) =>
        list.filter((e) => e.block > from && e.block <= to).map((e) => e.ms);
      const [readMs, renderMs] = [window(reads), window(renders)];
      console.log(
        `      per block with ${CANDIDATES} candidates (${readMs.length} blocks): read median ${percentile(readMs, 50).toFixed(0)} ms, max ${Math.max(...readMs).toFixed(0)} ms; ` +
          `render median ${percentile(renderMs, 50).toFixed(1)} ms, max ${Math.max(...renderMs).toFixed(1)} ms; ` +
          `the node answers the lens's page of ${PAGE} in ${nodeMs.map((ms) => ms.toFixed(0)).join(", ")} ms`,
      );
    } finally {
      await context.close();
    }
  });
});
