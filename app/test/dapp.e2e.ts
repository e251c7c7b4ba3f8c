/**
 * The dApp in headless Chromium against the devnet that `npm start` runs: a new user connects a
 * wallet, stakes, sees the position and its rewards grow, claims, unstakes, waits for the unbonding
 * period, withdraws, and runs a validator; bad input is refused with a clear message and sends
 * nothing. What the page shows is checked against the chain, read at the block the page shows.
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import {
  encodeBytes32String,
  getAddress,
  id as textHash,
  parseUnits,
  toQuantity,
  Wallet,
  zeroPadValue,
} from "ethers";
import type { TransactionReceipt } from "ethers";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import {
  ETMGovernor__factory,
  ETMToken__factory,
  StakingLens__factory,
  StakeVotes__factory,
  IStakingPool__factory,
  ValidatorElection__factory,
} from "../../typechain-types";
import type { ETMGovernor } from "../../typechain-types";
import type { System as LibSystem } from "../../lib/system";
import { ARTIFACTS, launchChromium, startDevnet } from "./harness";
import type { Devnet } from "./harness";
import { etm, shown, waitForMessage, waitForShown, waitForStatus } from "./page";
import type { Shown } from "./page";
import { formatEtmRounded } from "../src/views/amount";
import { formatUtc } from "../src/units";
import { formatEtmExact, formatPercent, parseEtm } from "../../lib/units";
import { SENTENCES } from "../../lib/errors/sentences";
import { compoundingHasNothingToClaim } from "../../lib/actions/compounding";
import { blocking, describeAxe, runAxe } from "./axe";
import type { AxeReport } from "./axe";
import { installWallet } from "./wallet";
import { callsByBlock, recordRpc } from "./rpcRequests";
import type { TestWallet } from "./wallet";
import { ETM } from "../../test/shared/units";
import { DEVNET_CHAIN_ID } from "../../lib/constants";
import { signSignerProof } from "../../lib/signerProof";
import { poolParameterId } from "../../lib/poolParameters";

const CHAIN_ID = DEVNET_CHAIN_ID;

function within(value: bigint, low: bigint, high: bigint): boolean {
  return value >= low && value < high;
}

/** The devnet's system: governed, so the governor is there. */
type System = LibSystem & { governor: ETMGovernor };

/** What a phone shows of a table's cards: each row's cells, with their boxes and the name before each. */
interface CardCell {
  left: number;
  right: number;
  top: number;
  /** The column's name drawn before the value (`::before`), e.g. '"Description: "'; "none" for a title. */
  label: string;
}

/**
 * At a phone's `width`: each row of the table `label` is a card — its cells one under another, each
 * inside the screen — and the document does not scroll sideways. Returns the cells, row by row.
 */
async function expectCards(page: Page, label: string, width: number): Promise<CardCell[][]> {
  const rows = await page.evaluate(
    (l) =>
      Array.from(document.querySelectorAll(`table[aria-label="${l}"] tbody tr`)).map((tr) =>
        Array.from((tr as HTMLTableRowElement).cells).map((td) => {
          const r = td.getBoundingClientRect();
          return {
            left: r.left,
            right: r.right,
            top: r.top,
            label: getComputedStyle(td, "::before").content,
          };
        }),
      ),
    label,
  );
  expect(rows.length, `${label}: a row shown`).to.be.greaterThan(0);
  for (const cells of rows) {
    cells.forEach((c, i) => {
      expect(c.left, `${label} cell ${i} starts inside the screen`).to.be.at.least(0);
      expect(c.right, `${label} cell ${i} ends inside the screen`).to.be.at.most(width);
      if (i > 0)
        expect(c.top, `${label} cell ${i} under the one before`).to.be.greaterThan(cells[i - 1]!.top);
    });
  }
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth),
    "no sideways scrolling",
  ).to.be.at.most(width);
  return rows;
}

describe("dApp in the browser (npm start's devnet, headless Chromium)", function () {
  let devnet: Devnet;
  let browser: Browser;
  let system: System;
  let known: { network: string; chainId: number }[];

  before(async function () {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    devnet = await startDevnet();
    browser = await launchChromium();
    const config = (await (await fetch(`${devnet.appUrl}deployments.json`)).json()) as {
      deployments: { network: string; chainId: number; contracts: Record<string, string> }[];
    };
    known = config.deployments;
    const record = config.deployments.find((d) => d.chainId === CHAIN_ID)!;
    expect(record, "the served deployments.json lists the devnet").to.not.equal(undefined);
    const p = devnet.provider;
    system = {
      token: ETMToken__factory.connect(record.contracts.token, p),
      pool: IStakingPool__factory.connect(record.contracts.pool, p),
      votes: StakeVotes__factory.connect(record.contracts.votes, p),
      election: ValidatorElection__factory.connect(record.contracts.election, p),
      governor: ETMGovernor__factory.connect(record.contracts.governor, p),
    };
  });

  after(async function () {
    await browser?.close();
    await devnet?.stop();
  });

  /** The test users' keys: the test wallet signs their permits (typed data) with them. */
  const keys = new Map<string, Wallet>();

  /**
   * A new account holding `amount` ETM (from a devnet delegator) and gas; the node sends its
   * transactions (impersonated), the test wallet signs its typed data with its key.
   */
  async function newUser(amount: bigint): Promise<string> {
    const key = Wallet.createRandom();
    const user = key.address;
    keys.set(user.toLowerCase(), new Wallet(key.privateKey));
    const p = devnet.provider;
    await p.send("hardhat_impersonateAccount", [user]);
    await p.send("hardhat_setBalance", [user, toQuantity(10n * ETM)]);
    const accounts = (await p.send("eth_accounts", [])) as string[];
    for (const funder of accounts.slice(31).reverse()) {
      if ((await system.token.balanceOf(funder)) < amount) continue;
      const data = system.token.interface.encodeFunctionData("transfer", [user, amount]);
      await sendAs(funder, await system.token.getAddress(), data);
      return user;
    }
    throw new Error("no devnet delegator holds enough ETM to fund a test user");
  }

  async function openApp(
    user: string,
    chainId = CHAIN_ID,
    viewport = { width: 1280, height: 900 },
  ): Promise<{ context: BrowserContext; page: Page; wallet: TestWallet }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const wallet = await installWallet(page, devnet.rpcUrl, user, chainId, keys.get(user.toLowerCase()));
    await page.goto(devnet.appUrl);
    await page.getByRole("button", { name: "Connect wallet" }).click();
    return { context, page, wallet };
  }

  async function connected(page: Page, user: string) {
    await page
      .getByRole("status", { name: "Network status" })
      .filter({ hasText: `Connected: wallet ${getAddress(user)} on localhost (chain ${CHAIN_ID}).` })
      .waitFor();
    return waitForShown(page, (s) => s.fields.block !== undefined && s.fields.balance !== undefined);
  }

  /**
   * The text of the status line named `statusName`, checked to be visible right under `button`
   * (within 120 px below it), where the user who clicked is looking.
   */
  async function besideButton(page: Page, statusName: string, button: Locator): Promise<string> {
    const status = page.getByRole("status", { name: statusName });
    await status.waitFor();
    // Both boxes in one look: a block's render may move the form (a new position row above it)
    // between two separate measurements.
    const [statusHandle, buttonHandle] = [await status.elementHandle(), await button.elementHandle()];
    const boxes = await page.evaluate(
      ([s, b]) => [s!.getBoundingClientRect().toJSON(), b!.getBoundingClientRect().toJSON()] as DOMRect[],
      [statusHandle, buttonHandle] as const,
    );
    const [statusBox, buttonBox] = boxes.map((r) => (r.width === 0 && r.height === 0 ? null : r));
    expect(statusBox, `${statusName} is visible`).to.not.equal(null);
    const gap = statusBox!.y - (buttonBox!.y + buttonBox!.height);
    expect(gap, `${statusName} lies just under the button`).to.be.within(0, 120);
    return (await status.textContent()) ?? "";
  }

  async function nonceOf(user: string): Promise<number> {
    return devnet.provider.getTransactionCount(user, "pending");
  }

  /**
   * Sends `data` to `to` from `from` (impersonated, or a devnet account whose key the node holds),
   * outside the page, and checks that it succeeded; returns its block.
   */
  async function sendAs(from: string, to: string, data: string): Promise<number> {
    const p = devnet.provider;
    const hash = (await p.send("eth_sendTransaction", [{ from, to, data }])) as string;
    const receipt = await p.waitForTransaction(hash);
    expect(
      receipt!.status,
      `${data.slice(0, 10)} to ${to} from ${from} in block ${receipt!.blockNumber}`,
    ).to.equal(1);
    return receipt!.blockNumber;
  }

  /**
   * A new user holding `amountWei`, a validator it can stake to, and the app opened as that user,
   * connected and showing the candidates.
   */
  async function connectedSession(amountWei: bigint) {
    const user = await newUser(amountWei);
    const validator = await stakeableValidator();
    const opened = await openApp(user);
    await connected(opened.page, user);
    await waitForShown(opened.page, (s) => s.candidates.length > 0);
    return { user, validator, ...opened };
  }

  /**
   * A validator that takes stake now: listed and not jailed. After the tests mine past the unbonding
   * period, the devnet jails the validators that missed their heartbeats for a while: wait for one.
   */
  async function stakeableValidator(
    accepts: (operator: string) => Promise<boolean> = async () => true,
  ): Promise<string> {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const block = await devnet.provider.getBlockNumber();
      for (const operator of await system.pool.candidates()) {
        const info = await system.pool.validatorInfo(operator);
        if (info.status === 1n && info.jailedUntilBlock <= BigInt(block) && (await accepts(operator)))
          return operator;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error("no stakeable validator on the devnet");
  }

  describe("a new user from connect to withdraw", function () {
    let user: string;
    let page: Page;
    let wallet: TestWallet;
    let context: BrowserContext;
    let validator: string;
    const staked = parseUnits("1000.5", 18);

    before(async function () {
      user = await newUser(25_000n * ETM);
      validator = await stakeableValidator();
      ({ page, wallet, context } = await openApp(user));
    });

    after(async function () {
      await context?.close();
    });

    it("connects and shows the chain as it is at the block shown", async function () {
      const s = await connected(page, user);
      const at = { blockTag: Number(s.fields.block) };
      const { token, pool, election } = system;
      const [supply, total, round, next, active, candidates, balance, apy] = await Promise.all([
        token.totalSupply(at),
        pool.totalStaked(at),
        election.currentRound(at),
        election.nextElectionBlock(at),
        election.activeValidators(at),
        pool.candidates(at),
        token.balanceOf(user, at),
        pool.estimatedAPY(at),
      ]);
      // Shown with 2 decimals (cut, not rounded): within 0.01 ETM below the exact value.
      expect(within(supply - etm(s.fields.supply), 0n, ETM / 100n)).to.equal(true, s.fields.supply);
      expect(within(total - etm(s.fields.staked), 0n, ETM / 100n)).to.equal(true, s.fields.staked);
      expect(s.fields.round.startsWith(`${round} (`)).to.equal(true, s.fields.round);
      expect(s.fields["next-election"]).to.contain(`block ${next}`);
      // Round 0's set is the genesis file's, said so; from round 1 on there is no such note.
      expect(s.fields["genesis-set"] !== undefined, `round ${round}`).to.equal(round === 0n);
      expect(s.addresses.active).to.deep.equal([...active]);
      expect(s.active).to.have.length(21);
      expect(s.addresses.candidates).to.deep.equal([...candidates]);
      expect(etm(s.fields.balance)).to.equal(balance);
      expect(etm(s.fields.balance)).to.equal(25_000n * ETM);
      const ratioPercent = Number((total * 10n ** 6n) / supply) / 1e4;
      expect(Number(s.fields["staking-ratio"].replace("%", ""))).to.be.closeTo(ratioPercent, 0.011);
      expect(Number(s.fields.apy.replace("%", ""))).to.be.closeTo(
        Number((apy * 10n ** 4n) / ETM) / 100,
        0.011,
      );
      expect(s.fields.schedule).to.equal("from year 0: 10.00% a year");
      // The header: the short address and the network, and Disconnect instead of Connect.
      expect(s.fields["header-account"]).to.equal(`${user.slice(0, 6)}…${user.slice(-4)} · localhost`);
      expect(await page.getByRole("button", { name: "Disconnect" }).isVisible()).to.equal(true);
      expect(await page.getByRole("button", { name: "Connect wallet" }).isVisible()).to.equal(false);
      expect(s.fields["marginal-reward"]).to.match(/^\d\.\d{3}e-\d+ ETM a block$/);
      await page.screenshot({ path: path.join(ARTIFACTS, "01-connected-desktop.png"), fullPage: true });
    });

    it("shows each candidate's estimated APY after its commission, from the chain's estimate", async function () {
      const s = await waitForShown(page, (x) => x.candidates.length > 0);
      const at = { blockTag: Number(s.fields.block) };
      const networkApy = Number(await system.pool.estimatedAPY(at)) / 1e18;
      let belowNetwork = 0;
      for (const [i, operator] of s.addresses.candidates.entries()) {
        const info = await system.pool.validatorInfo(operator, at);
        const expected = Math.pow(1 + networkApy, 1 - Number(info.commissionWad) / 1e18) - 1;
        const text = s.candidates[i]![3]!;
        const now = Number(text.split(" ")[0]!.replace("%", "")) / 100;
        expect(now, `${operator}: ${text}`).to.be.closeTo(expected, 0.00006);
        if (info.commissionWad > 0n && now < networkApy) belowNetwork += 1;
      }
      expect(belowNetwork, "a commission lowers the delegator's APY").to.be.greaterThan(0);
    });

    it("previews a year's reward for the amount typed at the validator chosen, from the chain's figures; Max fills the whole balance", async function () {
      const form = page.getByRole("form", { name: "Stake" });
      await form.getByLabel("Stake to validator").selectOption(validator);
      await form.getByLabel("Amount to stake (ETM)").fill("1000.5");
      // One look: the preview and the block it was drawn at.
      const look = async () =>
        page.evaluate(() => ({
          block: document.querySelector('[data-field="block"]')?.textContent ?? "",
          preview: document.querySelector('[data-field="stake-preview"]')?.textContent ?? "",
        }));
      let seen = await look();
      for (let i = 0; i < 40 && !seen.preview.startsWith("About"); i++) {
        await page.waitForTimeout(250);
        seen = await look();
      }
      const at = { blockTag: Number(seen.block) };
      const [supply, totalStaked, year, delta, info, names] = await Promise.all([
        system.token.totalSupply(at),
        system.pool.totalStaked(at),
        system.pool.currentYear(at),
        system.pool.parameter(poolParameterId("delta"), at),
        system.pool.validatorInfo(validator, at),
        system.pool.namesOf([validator], at),
      ]);
      const inflation = await system.pool.inflationRate(year, at);
      // (1+i)^((1−δ)(1−c)·B/(S+a)) − 1 on the chain's numbers at the block shown, times the amount.
      const a = Number(staked) / 1e18;
      const exponent =
        ((1 - Number(delta) / 1e18) * (1 - Number(info.commissionWad) / 1e18) * (Number(supply) / 1e18)) /
        (Number(totalStaked) / 1e18 + a);
      const yearly = (Math.pow(1 + Number(inflation) / 1e18, exponent) - 1) * a;
      const [, shownEtm, shownRate] = /^About ([\d,.]+) ETM a year \(([\d.]+)%\) at /.exec(seen.preview)!;
      expect(Number(shownEtm!.replace(/,/g, "")), seen.preview).to.be.closeTo(yearly, yearly * 1e-3);
      expect(Number(shownRate)).to.be.closeTo((yearly / a) * 100, 0.006);
      const short = `${validator.slice(0, 6)}…${validator.slice(-4)}`;
      expect(seen.preview).to.contain(
        ` at ${names[0] ? `${names[0]} (${short})` : short}, after its ${formatPercent(info.commissionWad)} commission`,
      );
      // Max: the balance at the block shown, every decimal; nothing sent.
      const sent = wallet.sent.length;
      await form.getByRole("button", { name: "Max: stake your whole balance" }).click();
      const s = await shown(page);
      const balance = await system.token.balanceOf(user, { blockTag: Number(s.fields.block) });
      expect(await form.getByLabel("Amount to stake (ETM)").inputValue()).to.equal(formatEtmExact(balance));
      expect(wallet.sent).to.have.length(sent);
      await form.getByLabel("Amount to stake (ETM)").fill("");
    });

    it("stakes 1000.5 ETM with a permit (one signature, one transaction) and shows the position", async function () {
      const pool = await system.pool.getAddress();
      const [tokenNonce, nonce] = [await system.token.nonces(user), await nonceOf(user)];
      expect(await system.token.allowance(user, pool)).to.equal(0n);
      await page.getByLabel("Stake to validator").selectOption(validator);
      await page.getByLabel("Amount to stake (ETM)").fill("1000.5");
      let s = await waitForShown(page, (x) => x.fields["stake-path"]?.startsWith("One signature"));
      expect(s.fields["stake-path"]).to.equal(
        "One signature (a permit for exactly the amount, no gas) + one transaction. " +
          "If your wallet cannot sign typed data: two transactions, approve then stake.",
      );
      await page.getByRole("button", { name: "Stake", exact: true }).click();
      const message = await waitForStatus(page, "Stake status", /^Stake: confirmed in block \d+\.$/);
      const stakeBlock = Number(/block (\d+)/.exec(message)![1]);
      // One typed-data signature (the permit, for the pool, of exactly the amount), one transaction.
      expect(wallet.signed).to.have.length(1);
      expect(wallet.signed[0].signature).to.match(/^0x[0-9a-f]{130}$/);
      expect(wallet.signed[0].typedData.primaryType).to.equal("Permit");
      const permit = wallet.signed[0].typedData.message;
      expect(getAddress(String(permit.owner))).to.equal(getAddress(user));
      expect(getAddress(String(permit.spender))).to.equal(getAddress(pool));
      expect([String(permit.value), String(permit.nonce)]).to.deep.equal([
        staked.toString(),
        tokenNonce.toString(),
      ]);
      expect(wallet.sent).to.have.length(1, "stakeWithPermit alone, no approve");
      expect(String(wallet.sent[0].params.to).toLowerCase()).to.equal(pool.toLowerCase());
      expect(String(wallet.sent[0].params.data).slice(0, 10)).to.equal(
        system.pool.interface.getFunction("stakeWithPermit")!.selector,
      );
      const receipt = (await devnet.provider.getTransactionReceipt(wallet.sent[0].hash!))!;
      expect(receipt.status).to.equal(1);
      expect(receipt.blockNumber).to.equal(stakeBlock);
      expect(await nonceOf(user)).to.equal(nonce + 1, "one transaction");
      expect(await system.token.nonces(user)).to.equal(tokenNonce + 1n, "the permit was used");
      expect(await system.token.allowance(user, pool)).to.equal(0n, "the permit's allowance was spent");
      expect(await system.pool.stakeOf(user, validator)).to.equal(staked);
      const log = await page.getByRole("list", { name: "Transactions" }).textContent();
      expect(log).to.equal(
        `Stake 1,000.5 ETM to ${validator.slice(0, 6)}…${validator.slice(-4)} (with a signed permit: no approval transaction): ` +
          `confirmed in block ${stakeBlock} (tx ${wallet.sent[0].hash})`,
      );
      s = await waitForShown(page, (x) => x.positions.length === 1);
      expect(s.fields["stake-last"]).to.equal(
        "Last stake: one signature (permit) + one transaction (stakeWithPermit); confirmed.",
      );
      expect(s.addresses.positions[0]).to.equal(validator);
      expect(s.positions[0][0]).to.match(new RegExp(`${validator.slice(0, 6)}…${validator.slice(-4)}$`));
      expect(etm(s.positions[0][1])).to.equal(staked);
      await page.screenshot({ path: path.join(ARTIFACTS, "02-staked-desktop.png"), fullPage: true });
    });

    it("shows the pending reward of the block shown, growing block by block", async function () {
      const stakeBlock = (await devnet.provider.getTransactionReceipt(wallet.sent[0].hash!))!.blockNumber;
      const s = await waitForShown(
        page,
        (x) => Number(x.fields.block) >= stakeBlock + 3 && x.positions.length === 1,
        30_000,
      );
      const at = { blockTag: Number(s.fields.block) };
      const reward = await system.pool.pendingReward(user, validator, at);
      expect(reward > 0n).to.equal(true);
      expect(etm(s.positions[0][2])).to.equal(reward);
      expect(etm(s.positions[0][1])).to.equal(await system.pool.stakeOf(user, validator, at));
      expect(etm(s.fields.balance)).to.equal(await system.token.balanceOf(user, at));
    });

    it("shows amounts rounded, with every decimal on hover (title) and on keyboard focus", async function () {
      await waitForShown(page, (x) => x.positions.length === 1 && etm(x.positions[0][2]) > 0n);
      const reward = page.locator('table[aria-label="Positions"] tbody tr td').nth(2);
      // One look at the cell: what it shows, its exact amount and its title, in the same render.
      const cell = await reward.evaluate((td: HTMLElement) => ({
        text: td.textContent ?? "",
        exact: td.dataset.exact ?? "",
        title: td.title,
      }));
      expect(cell.title).to.equal(`${cell.exact} ETM (exact)`);
      expect(cell.text).to.equal(formatEtmRounded(etm(cell.exact)));
      expect(etm(cell.text) <= etm(cell.exact)).to.equal(true, "never shown above the exact amount");
      const digits = cell.text.replace(/^[0.,]+/, "").replace(/[.,]/g, "");
      expect(digits.length, `"${cell.text}" keeps 4 significant digits`).to.be.at.most(4);
      // Keyboard focus shows every decimal beside the rounded value.
      await reward.focus();
      const after = await reward.evaluate((td) => getComputedStyle(td, "::after").content);
      expect(after).to.equal(`" = ${await reward.evaluate((td: HTMLElement) => td.dataset.exact)}"`);
      // The balance: 23,999.5 ETM exactly, shown as such (no 18 decimals).
      const balance = page.locator('[data-field="balance"] .amount');
      expect(await balance.textContent()).to.equal("23,999.5");
      expect(await balance.getAttribute("title")).to.equal("23,999.5 ETM (exact)");
    });

    it("refuses an unstake that would leave less than the minimum, decoding the contract's error, and sends nothing", async function () {
      const nonce = await nonceOf(user);
      const sent = wallet.sent.length;
      await page.getByLabel("Unstake from validator").selectOption(validator);
      await page.getByLabel("Amount to unstake (ETM or all)").fill("1000");
      await page.getByRole("button", { name: "Unstake", exact: true }).click();
      const short = `${validator.slice(0, 6)}…${validator.slice(-4)}`;
      const message = await waitForStatus(page, "Unstake status", /not sent/);
      expect(message).to.equal(
        `Unstake 1,000 ETM from ${short} not sent: The contract refused: your position at ${validator} would be 0.5 ETM, ` +
          "below the minimum of 1 ETM; unstake all of it or leave at least the minimum (PositionBelowMinimum).",
      );
      expect(await nonceOf(user)).to.equal(nonce);
      expect(wallet.sent).to.have.length(sent);
    });

    it("compounds: the reward is restaked to the same validator", async function () {
      const sent = wallet.sent.length;
      const before = await system.pool.stakeOf(user, validator);
      await page.getByRole("button", { name: `Compound rewards at ${validator}` }).click();
      const message = await waitForStatus(
        page,
        `Rewards at ${validator} status`,
        /^Compound: confirmed in block \d+\.$/,
      );
      expect(wallet.sent).to.have.length(sent + 1);
      const receipt = (await devnet.provider.getTransactionReceipt(wallet.sent[sent].hash!))!;
      expect(message).to.equal(`Compound: confirmed in block ${receipt.blockNumber}.`);
      const compounded = receipt.logs
        .map((l) => system.pool.interface.parseLog(l))
        .find((e) => e?.name === "Compounded");
      expect(compounded!.args.amountWei > 0n).to.equal(true);
      const after = await system.pool.stakeOf(user, validator, { blockTag: receipt.blockNumber });
      // Shares round down: the restaked reward buys at most its value.
      expect(within(before + compounded!.args.amountWei - after, 0n, 2n)).to.equal(true);
      const s = await waitForShown(
        page,
        (x) => Number(x.fields.block) >= receipt.blockNumber && x.positions.length === 1,
      );
      expect(etm(s.positions[0][1])).to.equal(
        await system.pool.stakeOf(user, validator, { blockTag: Number(s.fields.block) }),
      );
    });

    it("claims once on a double click, and the balance shown follows the chain", async function () {
      // Right after the compound the reward is 0 (nothing to claim): wait for the page to show one.
      await waitForShown(page, (x) => x.positions.length === 1 && etm(x.positions[0][2]) > 0n);
      const sent = wallet.sent.length;
      const before = await system.token.balanceOf(user);
      await page.getByRole("button", { name: `Claim rewards at ${validator}` }).dblclick();
      const message = await waitForStatus(
        page,
        `Rewards at ${validator} status`,
        /^Claim: confirmed in block \d+\.$/,
      );
      expect(wallet.sent).to.have.length(sent + 1, "one claim for two clicks");
      const receipt = (await devnet.provider.getTransactionReceipt(wallet.sent[sent].hash!))!;
      expect(message).to.equal(`Claim: confirmed in block ${receipt.blockNumber}.`);
      const paid = receipt.logs
        .map((l) => system.pool.interface.parseLog(l))
        .find((e) => e?.name === "RewardPaid");
      expect(paid!.args.amountWei > 0n).to.equal(true);
      expect(await system.token.balanceOf(user, { blockTag: receipt.blockNumber })).to.equal(
        before + paid!.args.amountWei,
      );
      const s = await waitForShown(page, (x) => Number(x.fields.block) >= receipt.blockNumber);
      expect(etm(s.fields.balance)).to.equal(
        await system.token.balanceOf(user, { blockTag: Number(s.fields.block) }),
      );
    });

    it("unstakes all (the stake and the compounded reward) and shows the unbonding entry with its maturity block", async function () {
      await page.getByLabel("Amount to unstake (ETM or all)").fill("all");
      await page.getByRole("button", { name: "Unstake", exact: true }).click();
      const message = await waitForStatus(page, "Unstake status", /^Unstake: confirmed in block \d+\.$/);
      const block = Number(/block (\d+)/.exec(message)![1]);
      expect(await system.pool.stakeOf(user, validator)).to.equal(0n);
      const [validators, maturities, amounts] = await system.pool.unbondingOf(user);
      expect([...validators]).to.deep.equal([validator]);
      const unstaked = (await devnet.provider.getTransactionReceipt(
        wallet.sent[wallet.sent.length - 1].hash!,
      ))!.logs
        .map((l) => system.pool.interface.parseLog(l))
        .find((e) => e?.name === "Unstaked")!.args.amountWei;
      expect(unstaked > staked, "1000.5 ETM staked plus the compounded reward").to.equal(true);
      expect(amounts[0]).to.equal(unstaked);
      expect(maturities[0]).to.equal(BigInt(block) + (await system.pool.parameter(3)));
      const s = await waitForShown(page, (x) => x.unbonding.length === 1 && x.positions.length === 0);
      expect(s.addresses.unbonding[0]).to.equal(validator);
      expect(etm(s.unbonding[0][1])).to.equal(unstaked);
      expect(s.unbonding[0][2]).to.equal(maturities[0].toString());
      const left = maturities[0] - BigInt(s.fields.block);
      expect(s.unbonding[0][3]).to.match(new RegExp(`^in ${left} blocks \\(~\\d+ (min|s)\\)$`));
    });

    it("refuses to withdraw before the entry matures, naming the block, and sends nothing", async function () {
      const nonce = await nonceOf(user);
      const sent = wallet.sent.length;
      const [, maturities] = await system.pool.unbondingOf(user);
      await page.getByRole("button", { name: "Withdraw matured stake" }).click();
      const message = await waitForStatus(page, "Withdraw status", /not sent/);
      expect(message).to.equal(
        `Withdraw matured stake not sent: The contract refused: nothing to withdraw yet: your next unbonding entry matures at block ${maturities[0]} (NothingToWithdraw).`,
      );
      expect(await nonceOf(user)).to.equal(nonce);
      expect(wallet.sent).to.have.length(sent);
    });

    it("withdraws after the unbonding period", async function () {
      const [, maturities, amounts] = await system.pool.unbondingOf(user);
      const now = BigInt(await devnet.provider.getBlockNumber());
      await devnet.provider.send("hardhat_mine", [toQuantity(maturities[0] - now + 1n)]);
      await waitForShown(
        page,
        (x) => x.unbonding.length === 1 && x.unbonding[0][3] === "matured: withdraw now",
      );
      const before = await system.token.balanceOf(user);
      await page.getByRole("button", { name: "Withdraw matured stake" }).click();
      const message = await waitForStatus(page, "Withdraw status", /^Withdraw: confirmed in block \d+\.$/);
      const block = Number(/block (\d+)/.exec(message)![1]);
      const receipt = (await devnet.provider.getTransactionReceipt(
        wallet.sent[wallet.sent.length - 1].hash!,
      ))!;
      expect(receipt.blockNumber).to.equal(block);
      const withdrawn = receipt.logs
        .map((l) => system.pool.interface.parseLog(l))
        .find((e) => e?.name === "Withdrawn");
      expect(withdrawn!.args.amountWei).to.equal(amounts[0]);
      expect(await system.token.balanceOf(user, { blockTag: block })).to.equal(before + amounts[0]);
      const s = await waitForShown(page, (x) => x.unbonding.length === 0 && Number(x.fields.block) >= block);
      expect(etm(s.fields.balance)).to.equal(
        await system.token.balanceOf(user, { blockTag: Number(s.fields.block) }),
      );
    });

    it("delegates its votes to itself", async function () {
      await page.getByRole("button", { name: "Delegate votes", exact: true }).click();
      await waitForStatus(page, "Delegate votes status", /^Delegate votes: confirmed in block \d+\.$/);
      expect(await system.votes.delegates(user)).to.equal(getAddress(user));
      const s = await waitForShown(page, (x) => x.fields.votes?.includes("delegated to yourself"));
      const votes = await system.votes.getVotes(user, { blockTag: Number(s.fields.block) });
      expect(etm(s.fields.votes.split(" (")[0])).to.equal(votes);
    });

    it("registers as a validator, sends a heartbeat and schedules a commission change", async function () {
      const signerKey = Wallet.createRandom();
      const signer = signerKey.address;
      const subject = { operator: user, pool: await system.pool.getAddress(), chainId: CHAIN_ID };
      await page.getByLabel("Signer address (QBFT)").fill(signer);
      await page.getByLabel("Commission (%)", { exact: true }).fill("5");
      await page.getByLabel("Self-stake (ETM)").fill("10000");
      // A proof signed by another key is refused before anything is sent, saying what to sign.
      const squatter = await signSignerProof(Wallet.createRandom(), subject);
      await page.getByLabel("Signer proof (signature by the signer key)").fill(squatter.signature);
      await page.getByRole("button", { name: "Register as validator" }).click();
      await waitForStatus(
        page,
        "Register as validator status",
        /the signer proof was signed by 0x[0-9a-fA-F]{40} .*not by the signer; give a signature by the signer key/,
      );
      expect((await system.pool.validatorInfo(user)).status).to.equal(0n);
      const proof = await signSignerProof(signerKey, subject);
      await page.getByLabel("Signer proof (signature by the signer key)").fill(proof.signature);
      await page.getByRole("button", { name: "Register as validator" }).click();
      await waitForStatus(page, "Register as validator status", /^Register: confirmed in block \d+\.$/);
      let info = await system.pool.validatorInfo(user);
      expect(info.status).to.equal(1n);
      expect(info.signer).to.equal(signer);
      expect(info.commissionWad).to.equal(5n * 10n ** 16n);
      expect(info.bondedWei).to.equal(10_000n * ETM);

      await page.getByRole("button", { name: "Send heartbeat" }).click();
      const beat = await waitForStatus(page, "Heartbeat status", /^Heartbeat: confirmed in block \d+\.$/);
      const beatBlock = Number(/block (\d+)/.exec(beat)![1]);
      const round = await system.election.currentRound({ blockTag: beatBlock });
      const heartbeat = await system.election.heartbeatOf(user);
      expect(heartbeat.last).to.equal(round);

      await page.getByLabel("New commission (%)").fill("7.5");
      await page.getByRole("button", { name: "Change commission" }).click();
      await waitForStatus(page, "Change commission status", /^Change commission: confirmed in block \d+\.$/);
      info = await system.pool.validatorInfo(user);
      expect(info.pendingCommissionWad).to.equal(75n * 10n ** 15n);
      const s = await waitForShown(page, (x) => x.fields["own-commission"]?.includes("→"));
      expect(s.fields["own-commission"]).to.equal(
        `5.00% → 7.50% from block ${info.commissionEffectiveBlock}`,
      );
      expect(s.fields["own-status"]).to.equal("candidate");
      expect(s.fields["own-heartbeat"]).to.match(new RegExp(`^round ${heartbeat.last} \\(now \\d+\\)$`));
      const row = s.addresses.candidates.find((a) => a === getAddress(user));
      expect(row, "the new validator is listed among the candidates").to.not.equal(undefined);
      await page.screenshot({ path: path.join(ARTIFACTS, "03-validator-desktop.png"), fullPage: true });
    });

    it("shows a governance proposal and votes for it with the account's stake", async function () {
      const p = devnet.provider;
      const { governor, pool, votes } = system;
      // A validator's operator with enough votes proposes raising the minimum position to 2 ETM.
      const threshold = await governor.proposalThreshold();
      const accounts = (await p.send("eth_accounts", [])) as string[];
      let proposer: string | undefined;
      for (const account of accounts.slice(1, 31)) {
        if ((await votes.getVotes(account)) >= threshold) {
          proposer = account;
          break;
        }
      }
      expect(proposer, "a devnet operator can propose").to.not.equal(undefined);
      const targets = [await pool.getAddress()];
      const calldatas = [pool.interface.encodeFunctionData("setParameter", [1, 2n * ETM])];
      const description = "dApp test: raise the minimum position to 2 ETM";
      const data = governor.interface.encodeFunctionData("propose", [targets, [0n], calldatas, description]);
      await sendAs(proposer!, await governor.getAddress(), data);
      const proposalId = await governor.hashProposal(targets, [0n], calldatas, textHash(description));
      await p.send("hardhat_mine", [toQuantity((await governor.votingDelay()) + 1n)]);
      expect(await governor.state(proposalId)).to.equal(1n, "Active");
      const label = `${proposalId.toString(16).padStart(64, "0").slice(0, 8)}…`;
      let s = await waitForShown(page, (x) => x.proposals.some((r) => r[0] === label && r[2] === "Active"));
      let row = s.proposals.find((r) => r[0] === label)!;
      expect(row[1]).to.equal(description);
      expect(row[6]).to.equal(
        `closes after block ${await governor.proposalDeadline(proposalId)} (in ${(await governor.proposalDeadline(proposalId)) - BigInt(s.fields.block) + 1n} blocks)`,
      );

      const voteButton = page.getByRole("button", { name: `Vote for proposal ${label}` });
      await voteButton.click();
      const message = await waitForStatus(
        page,
        `Proposal ${label} status`,
        /^Vote: confirmed in block \d+\.$/,
      );
      const block = Number(/block (\d+)/.exec(message)![1]);
      // Said where the vote was cast: beside the proposal's buttons, in its row, in view.
      const voteStatus = page
        .locator("#governance")
        .getByRole("row")
        .filter({ hasText: label })
        .getByRole("status", { name: `Proposal ${label} status`, exact: true });
      expect(await voteStatus.textContent()).to.equal(message);
      const voteBox = (await voteStatus.boundingBox())!;
      expect(voteBox.y).to.be.at.least(0);
      expect(voteBox.y + voteBox.height).to.be.at.most(page.viewportSize()!.height + 1);
      expect(await page.locator("#message").isHidden(), "the top banner does not repeat the vote").to.equal(
        true,
      );
      expect(await governor.hasVoted(proposalId, user)).to.equal(true);
      const weight = await governor.getVotes(user, await governor.proposalSnapshot(proposalId));
      expect(weight).to.equal(10_000n * ETM, "the self-stake bonded before the proposal");
      const tally = await governor.proposalVotes(proposalId, { blockTag: block });
      expect(tally.forVotes).to.equal(weight);
      s = await waitForShown(page, (x) =>
        x.proposals.some((r) => r[0] === label && r[2] === "Active (you voted)"),
      );
      row = s.proposals.find((r) => r[0] === label)!;
      const shownTally = await governor.proposalVotes(proposalId, { blockTag: Number(s.fields.block) });
      expect([etm(row[3]), etm(row[4]), etm(row[5])]).to.deep.equal([
        shownTally.forVotes,
        shownTally.againstVotes,
        shownTally.abstainVotes,
      ]);
      expect(await page.getByRole("button", { name: `Vote for proposal ${label}` }).count()).to.equal(0);
      await page.getByRole("heading", { name: "Governance", exact: true }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, "07-governance-desktop.png") });
    });

    it("fits a phone's width (390 px) without sideways scrolling", async function () {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(300);
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        // What sticks out, outside a horizontally scrolling table wrapper.
        overflowing: Array.from(document.querySelectorAll<HTMLElement>("body *"))
          .filter(
            (e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest(".table-wrap"),
          )
          .map(
            (e) =>
              `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}.${e.className}: ${(e.textContent ?? "").slice(0, 40)}`,
          )
          .slice(-5),
      }));
      expect(widths.viewport).to.equal(390);
      expect(widths.page).to.be.at.most(390, widths.overflowing.join("; "));
      await page.screenshot({ path: path.join(ARTIFACTS, "04-phone.png"), fullPage: true });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(ARTIFACTS, "05-phone-first-screen.png") });
    });
  });

  describe("bad input: each shows a clear message and sends nothing", function () {
    let user: string;
    let validator: string;
    let context: BrowserContext | undefined;

    before(async function () {
      user = await newUser(50n * ETM);
      validator = await stakeableValidator();
    });

    afterEach(async function () {
      await context?.close();
      context = undefined;
    });

    async function tryStake(amount: string): Promise<{ message: string; wallet: TestWallet }> {
      const opened = await openApp(user);
      context = opened.context;
      await connected(opened.page, user);
      await waitForShown(opened.page, (s) => s.candidates.length > 0);
      await opened.page.getByLabel("Stake to validator").selectOption(validator);
      await opened.page.getByLabel("Amount to stake (ETM)").fill(amount);
      const button = opened.page.getByRole("button", { name: "Stake", exact: true });
      await button.click();
      const message = await waitForStatus(opened.page, "Stake status", /not sent/);
      // The same words appear beside the button clicked, not only at the top of the page.
      expect(await besideButton(opened.page, "Stake status", button)).to.equal(message);
      return { message, wallet: opened.wallet };
    }

    it("too many decimals", async function () {
      const nonce = await nonceOf(user);
      const { message, wallet } = await tryStake("1.1234567890123456789");
      expect(message).to.equal(
        'Stake not sent: "1.1234567890123456789" has 19 decimals; ETM has 18. Round it to at most 18 decimals.',
      );
      expect(wallet.sent).to.have.length(0);
      expect(await nonceOf(user)).to.equal(nonce);
    });

    it("not a number, and zero", async function () {
      const nonce = await nonceOf(user);
      let { message, wallet } = await tryStake("12,5.3.1");
      expect(message).to.equal(
        'Stake not sent: "12,5.3.1" is not an amount of ETM: write a number like 100 or 12.5.',
      );
      expect(wallet.sent).to.have.length(0);
      await context!.close();
      ({ message, wallet } = await tryStake("0.000"));
      expect(message).to.equal("Stake not sent: the amount must be more than 0 ETM.");
      expect(wallet.sent).to.have.length(0);
      expect(await nonceOf(user)).to.equal(nonce);
    });

    it("more than the balance", async function () {
      const nonce = await nonceOf(user);
      const { message, wallet } = await tryStake("50.000000000000000001");
      expect(message).to.equal(
        "Stake not sent: you hold 50 ETM, less than the 50.000000000000000001 ETM to stake.",
      );
      expect(wallet.sent).to.have.length(0);
      expect(await nonceOf(user)).to.equal(nonce);
    });

    it("a reverted transaction: withdrawing with nothing unbonding", async function () {
      const nonce = await nonceOf(user);
      const opened = await openApp(user);
      context = opened.context;
      await connected(opened.page, user);
      const button = opened.page.getByRole("button", { name: "Withdraw matured stake" });
      await button.click();
      const message = await waitForStatus(opened.page, "Withdraw status", /not sent/);
      expect(await besideButton(opened.page, "Withdraw status", button)).to.equal(message);
      expect(message).to.equal(
        "Withdraw matured stake not sent: The contract refused: nothing to withdraw: you have no unbonding entries (NothingToWithdraw).",
      );
      expect(opened.wallet.sent).to.have.length(0);
      expect(await nonceOf(user)).to.equal(nonce);
    });

    it("a transaction rejected in the wallet is shown as failed, and nothing is sent", async function () {
      const nonce = await nonceOf(user);
      const opened = await openApp(user);
      context = opened.context;
      const { page, wallet } = opened;
      await connected(page, user);
      await waitForShown(page, (s) => s.candidates.length > 0);
      await page.evaluate(
        () => ((window as unknown as { __etmRejectNextSend: boolean }).__etmRejectNextSend = true),
      );
      await page.getByLabel("Stake to validator").selectOption(validator);
      await page.getByLabel("Amount to stake (ETM)").fill("1");
      await page.getByRole("button", { name: "Stake", exact: true }).click();
      const message = await waitForStatus(page, "Stake status", /failed/);
      const label = `Stake 1 ETM to ${validator.slice(0, 6)}…${validator.slice(-4)} (with a signed permit: no approval transaction)`;
      expect(message).to.equal(`${label} failed: You rejected the request in your wallet.`);
      expect(await page.getByRole("list", { name: "Transactions" }).textContent()).to.equal(
        `${label}: failed: You rejected the request in your wallet.`,
      );
      expect(wallet.sent).to.have.length(0);
      expect(await nonceOf(user)).to.equal(nonce);
      expect(await page.getByRole("button", { name: "Stake", exact: true }).isEnabled()).to.equal(true);
    });

    it("the wrong network: says so, disables sending, and recovers after switching", async function () {
      const nonce = await nonceOf(user);
      const opened = await openApp(user, 1);
      context = opened.context;
      const { page, wallet } = opened;
      const knownText = known.map((d) => `${d.network} (chain ${d.chainId})`).join(", ");
      const message = await waitForMessage(page, /^Wrong network/);
      expect(message).to.equal(
        `Wrong network: your wallet is on chain 1, where no ETM deployment is known. Known: ${knownText}. ` +
          "Switch your wallet to that network; nothing can be sent until then.",
      );
      expect(await page.locator("#actions").isHidden()).to.equal(true);
      const enabled = await page.evaluate(
        () =>
          Array.from(document.querySelectorAll<HTMLButtonElement>("button[data-action]")).filter(
            (b) => !b.disabled,
          ).length,
      );
      expect(enabled).to.equal(0, "every action button is disabled");
      await page.screenshot({ path: path.join(ARTIFACTS, "06-wrong-network-desktop.png"), fullPage: true });
      await page.getByRole("button", { name: `Switch to localhost (chain ${CHAIN_ID})` }).click();
      await connected(page, user);
      expect(await page.getByRole("button", { name: "Stake", exact: true }).isDisabled()).to.equal(false);
      expect(wallet.sent).to.have.length(0);
      expect(await nonceOf(user)).to.equal(nonce);
    });

    it("read-only mode shows the chain and sends nothing", async function () {
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(devnet.appUrl);
      // The page fills the RPC URL in once it has loaded deployments.json.
      await page.waitForFunction(
        () => (document.querySelector("input[name=rpc]") as HTMLInputElement | null)?.value !== "",
      );
      expect(await page.getByLabel("RPC URL").inputValue()).to.equal(devnet.rpcUrl);
      await page.getByLabel("Address to watch").fill(user);
      await page.getByRole("button", { name: "View read-only" }).click();
      await page
        .getByRole("status", { name: "Network status" })
        .filter({ hasText: `Connected: read-only ${devnet.rpcUrl} on localhost (chain ${CHAIN_ID}).` })
        .waitFor();
      const s = await waitForShown(page, (x) => x.fields.balance !== undefined && x.active.length > 0);
      expect(etm(s.fields.balance)).to.equal(
        await system.token.balanceOf(user, { blockTag: Number(s.fields.block) }),
      );
      expect(await page.locator("#actions").isHidden()).to.equal(true);
    });
  });

  describe("served with a Content-Security-Policy", function () {
    it("sends the policy with the page and deployments.json, and the page runs under it without a violation", async function () {
      for (const url of [devnet.appUrl, `${devnet.appUrl}deployments.json`]) {
        const response = await fetch(url);
        const policy = response.headers.get("content-security-policy") ?? "";
        expect(policy, url).to.contain("script-src 'self'");
        expect(policy, url).to.contain("default-src 'none'");
        expect(policy, url).to.contain("frame-ancestors 'none'");
        expect(response.headers.get("x-content-type-options"), url).to.equal("nosniff");
      }
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        const violations: string[] = [];
        page.on("console", (message) => {
          if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
        });
        await page.goto(devnet.appUrl);
        await waitForShown(page, (x) => x.candidates.length > 0 && x.fields.apy !== undefined);
        expect(violations, "the page itself needs nothing the policy refuses").to.deep.equal([]);
        // An inline script, as injected markup would carry, does not run.
        const ran = await page.evaluate(async () => {
          const script = document.createElement("script");
          script.textContent = "window.__etmInlineRan = true";
          document.body.append(script);
          await new Promise((resolve) => setTimeout(resolve, 100));
          return (window as unknown as { __etmInlineRan?: boolean }).__etmInlineRan === true;
        });
        expect(ran, "an inline script is refused").to.equal(false);
        expect(
          violations.every((v) => /inline script/i.test(v)),
          violations.join("\n"),
        ).to.equal(true);
      } finally {
        await context.close();
      }
    });
  });

  describe("actions where you are: each message inside the control's own form, in view", function () {
    let user: string;
    let validator: string;
    let page: Page;
    let wallet: TestWallet;
    let context: BrowserContext;

    before(async function () {
      ({ user, validator, page, wallet, context } = await connectedSession(100n * ETM));
    });

    after(async function () {
      await context?.close();
    });

    /**
     * The status named `statusName`, found inside `container` (the form or panel whose `button` was
     * clicked), inside the window and within 120 px under the button; returns its text.
     */
    async function statusIn(container: Locator, statusName: string, button: Locator): Promise<string> {
      const status = container.getByRole("status", { name: statusName, exact: true });
      await status.waitFor();
      const [statusBox, buttonBox] = [await status.boundingBox(), await button.boundingBox()];
      const viewport = page.viewportSize()!;
      expect(statusBox, `${statusName} is shown`).to.not.equal(null);
      expect(statusBox!.y, `${statusName} is inside the window`).to.be.at.least(0);
      // (+1: the box's bottom may fall a fraction of a pixel past the window's edge)
      expect(statusBox!.y + statusBox!.height, `${statusName} is inside the window`).to.be.at.most(
        viewport.height + 1,
      );
      const gap = statusBox!.y - (buttonBox!.y + buttonBox!.height);
      expect(gap, `${statusName} lies just under its button`).to.be.within(0, 120);
      return (await status.textContent()) ?? "";
    }

    /** Waits until `status` says something matching `pattern`, and returns it. */
    async function statusSays(status: Locator, pattern: RegExp): Promise<string> {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const text = (await status.textContent()) ?? "";
        if (pattern.test(text)) return text;
        if (Date.now() > deadline) throw new Error(`the status says "${text}", not ${pattern}`);
        await page.waitForTimeout(100);
      }
    }

    it("refuses bad input in each form beside its own button, and sends nothing", async function () {
      const nonce = await nonceOf(user);
      const sent = wallet.sent.length;
      const unstake = page.getByRole("form", { name: "Unstake" });
      await unstake.getByLabel("Unstake from validator").selectOption(validator);
      await unstake.getByLabel("Amount to unstake (ETM or all)").fill("1.2.3");
      const unstakeButton = unstake.getByRole("button", { name: "Unstake", exact: true });
      await unstakeButton.click();
      await statusSays(unstake.getByRole("status", { name: "Unstake status", exact: true }), /not sent/);
      expect(await statusIn(unstake, "Unstake status", unstakeButton)).to.match(/^Unstake not sent: /);

      const delegate = page.getByRole("form", { name: "Delegate votes" });
      await delegate.getByLabel("Delegate votes to (empty: yourself)").fill("0x1234");
      const delegateButton = delegate.getByRole("button", { name: "Delegate votes", exact: true });
      await delegateButton.click();
      await statusSays(delegate.getByRole("status", { name: "Delegate votes status" }), /not sent/);
      expect(await statusIn(delegate, "Delegate votes status", delegateButton)).to.match(
        /^Delegate votes not sent: .*0x1234/,
      );

      const commission = page.getByRole("form", { name: "Change commission" });
      await commission.getByLabel("New commission (%)").fill("lots");
      const commissionButton = commission.getByRole("button", { name: "Change commission", exact: true });
      await commissionButton.click();
      await statusSays(commission.getByRole("status", { name: "Change commission status" }), /not sent/);
      expect(await statusIn(commission, "Change commission status", commissionButton)).to.match(
        /^Change commission not sent: /,
      );

      const profile = page.getByRole("form", { name: "Set profile" });
      await profile.getByLabel("Name (letters, digits, space, - _ .)").fill("<b>bold</b>");
      const profileButton = profile.getByRole("button", { name: "Set profile", exact: true });
      await profileButton.click();
      await statusSays(profile.getByRole("status", { name: "Set profile status", exact: true }), /not sent/);
      expect(await statusIn(profile, "Set profile status", profileButton)).to.match(
        /^Set the profile "<b>bold<\/b>" not sent: The contract refused: /,
      );

      const account = page.locator("#account");
      const withdrawButton = account.getByRole("button", { name: "Withdraw matured stake" });
      await withdrawButton.click();
      await statusSays(account.getByRole("status", { name: "Withdraw status" }), /not sent/);
      expect(await statusIn(account, "Withdraw status", withdrawButton)).to.match(/NothingToWithdraw/);

      expect(await nonceOf(user)).to.equal(nonce);
      expect(wallet.sent).to.have.length(sent);
    });

    it("a stake: pending beside the button with the button disabled, then the confirmation there", async function () {
      const form = page.getByRole("form", { name: "Stake" });
      await form.getByLabel("Stake to validator").selectOption(validator);
      await form.getByLabel("Amount to stake (ETM)").fill("20");
      const button = form.getByRole("button", { name: "Stake", exact: true });
      await button.click();
      // One look at both: while the status says pending, the button that sent it is disabled.
      const pending = await page.waitForFunction(
        () => {
          const f = document.querySelector('form[aria-label="Stake"]')!;
          const status = f.querySelector<HTMLElement>('[role="status"][aria-label="Stake status"]')!;
          const b = f.querySelector<HTMLButtonElement>('button[type="submit"]')!;
          return /pending \(tx 0x[0-9a-f]{64}\)/.test(status.textContent ?? "") && !status.hidden
            ? { text: status.textContent, disabled: b.disabled, live: status.getAttribute("aria-live") }
            : false;
        },
        undefined,
        { timeout: 60_000, polling: 50 },
      );
      const seen = (await pending.jsonValue()) as { text: string; disabled: boolean; live: string };
      expect(seen.disabled, "the Stake button is disabled while its transaction is pending").to.equal(true);
      expect(seen.live).to.equal("polite");
      const status = form.getByRole("status", { name: "Stake status", exact: true });
      const text = await statusSays(status, /^Stake: confirmed in block \d+\.$/);
      const block = Number(/block (\d+)/.exec(text)![1]);
      const receipt = (await devnet.provider.getTransactionReceipt(
        wallet.sent[wallet.sent.length - 1].hash!,
      ))!;
      expect(receipt.blockNumber).to.equal(block);
      expect(await statusIn(form, "Stake status", button)).to.equal(text);
      await page.waitForFunction(
        () =>
          !document.querySelector<HTMLButtonElement>('form[aria-label="Stake"] button[type="submit"]')!
            .disabled,
      );
    });

    it("claim all: its message under Claim all, above the positions; a row's Claim beside the row's buttons", async function () {
      await waitForShown(page, (x) => x.positions.length === 1 && etm(x.positions[0][2]) > 0n, 120_000);
      const all = page.locator(".position-actions");
      const claimAll = all.getByRole("button", { name: "Claim all rewards" });
      await claimAll.click();
      const text = await statusSays(
        all.getByRole("status", { name: "Claim all status" }),
        /confirmed|not sent|failed/,
      );
      expect(text, text).to.match(/^Claim all: confirmed in block \d+\.$/);
      expect(await statusIn(all, "Claim all status", claimAll)).to.equal(text);
      // A reward earned after the claim-all's block (the page may still show the block before it).
      const claimedAt = Number(/block (\d+)/.exec(text)![1]);
      await waitForShown(
        page,
        (x) => Number(x.fields.block) > claimedAt && x.positions.length === 1 && etm(x.positions[0][2]) > 0n,
        120_000,
      );
      const claim = page.getByRole("button", { name: `Claim rewards at ${validator}` });
      await claim.click();
      const row = page.getByRole("table", { name: "Positions" }).getByRole("row").filter({ has: claim });
      const rowText = await statusSays(
        row.getByRole("status", { name: `Rewards at ${validator} status` }),
        /confirmed|not sent|failed/,
      );
      expect(rowText, rowText).to.match(/^Claim: confirmed in block \d+\.$/);
      // In the row whose button was clicked, right under it.
      expect(await statusIn(row, `Rewards at ${validator} status`, claim)).to.equal(rowText);
    });

    it("Connect wallet without a wallet: the reason shows beside the Connect button, in the header, and stays when the public view arrives", async function () {
      const bare = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const p = await bare.newPage();
        // The node's answers are held until after the click, so the page's public view arrives after
        // the message, as it does on a slow node (or a loaded machine, where this test once failed).
        let answer!: () => void;
        const held = new Promise<void>((resolve) => (answer = resolve));
        await p.route(
          (url) => url.href.startsWith(devnet.rpcUrl),
          async (route) => {
            await held;
            await route.continue();
          },
        );
        await p.goto(devnet.appUrl);
        const connection = p.getByRole("region", { name: "Connection" });
        const button = connection.getByRole("button", { name: "Connect wallet" });
        await button.click();
        const status = connection.getByRole("status", { name: "Connection status" });
        await status.waitFor();
        expect(await status.textContent()).to.match(/^No browser wallet found/);
        answer();
        await p
          .getByRole("status", { name: "Network status" })
          .filter({ hasText: /^Public view of / })
          .waitFor();
        expect(await status.isVisible(), "the message outlives the public view's arrival").to.equal(true);
        expect(await status.textContent()).to.match(/^No browser wallet found/);
        const [statusBox, buttonBox] = [await status.boundingBox(), await button.boundingBox()];
        expect(statusBox!.y + statusBox!.height).to.be.at.most(900);
        expect(Math.abs(statusBox!.y - buttonBox!.y)).to.be.at.most(120);
      } finally {
        await bare.close();
      }
    });
  });

  describe("the account first: summary and actions on the first screen, the chain folded below", function () {
    let user: string;
    let validator: string;
    let page: Page;
    let context: BrowserContext;
    const stakedWei = 30n * ETM;
    const unstakedWei = 5n * ETM;

    before(async function () {
      // A position and an unbonding entry, made outside the page (the node sends the user's transactions).
      user = await newUser(100n * ETM);
      validator = await stakeableValidator();
      const [pool, token] = [await system.pool.getAddress(), await system.token.getAddress()];
      for (const [to, data] of [
        [token, system.token.interface.encodeFunctionData("approve", [pool, stakedWei])],
        [pool, system.pool.interface.encodeFunctionData("stake", [validator, stakedWei])],
        [pool, system.pool.interface.encodeFunctionData("unstake", [validator, unstakedWei])],
        [await system.votes.getAddress(), system.votes.interface.encodeFunctionData("delegate", [user])],
      ] as [string, string][])
        await sendAs(user, to, data);
      ({ page, context } = await openApp(user));
      await connected(page, user);
    });

    after(async function () {
      await context?.close();
    });

    it("opens on the account's summary with the Stake form beside it, within the first 900 px", async function () {
      await waitForShown(page, (x) => x.positions.length === 1 && x.unbonding.length === 1);
      await page.evaluate(() => window.scrollTo(0, 0));
      const box = async (selector: string) => (await page.locator(selector).boundingBox())!;
      const [account, stakeButton, summary, network] = [
        await box("#account"),
        await box('form[aria-label="Stake"] button[type="submit"]'),
        await box('[data-field="pending-total"]'),
        await box("#network"),
      ];
      expect(account.y, "the account comes first").to.be.lessThan(network.y);
      expect(summary.y + summary.height, "the summary is on the first screen").to.be.at.most(900);
      expect(stakeButton.y + stakeButton.height, "Stake is on the first screen").to.be.at.most(900);
      expect(stakeButton.x, "the actions sit beside the account").to.be.greaterThan(
        account.x + account.width / 2,
      );
      // The header: short address, network, Disconnect.
      const chip = await page.locator('[data-field="header-account"]').textContent();
      expect(chip).to.equal(`${getAddress(user).slice(0, 6)}…${getAddress(user).slice(-4)} · localhost`);
      expect(await page.getByRole("button", { name: "Disconnect" }).isVisible()).to.equal(true);
      // The chain's key figures stay in view; the details are folded, and open on a click.
      const details = page.locator("details.chain-details");
      expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).to.equal(false);
      expect(await page.locator('[data-field="apy"]').isVisible()).to.equal(true);
      expect(await page.locator('[data-field="staking-ratio"]').isVisible()).to.equal(true);
      expect(await page.getByRole("list", { name: "Active validators" }).isVisible()).to.equal(false);
      await page.screenshot({ path: path.join(ARTIFACTS, "12-account-first-desktop.png") });
      await details.locator("summary").click();
      await page.getByRole("list", { name: "Active validators" }).waitFor();
      expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).to.equal(true);
    });

    it("summarises staked, pending rewards, unbonding and voting power as the chain has them at the block shown", async function () {
      const s = await waitForShown(page, (x) => x.positions.length === 1 && x.unbonding.length === 1);
      const at = { blockTag: Number(s.fields.block) };
      expect(etm(s.fields["staked-total"])).to.equal(await system.pool.stakeOf(user, validator, at));
      expect(etm(s.fields["staked-total"])).to.equal(stakedWei - unstakedWei);
      expect(etm(s.fields["pending-total"])).to.equal(await system.pool.pendingReward(user, validator, at));
      const [, maturities, amounts] = await system.pool.unbondingOf(user, at);
      expect(etm(s.fields["unbonding-total"])).to.equal(amounts[0]);
      expect(s.fields["unbonding-total"]).to.contain(
        `in 1 entry; the next matures at block ${maturities[0]}`,
      );
      expect(etm(s.fields.votes.split(" (")[0])).to.equal(await system.votes.getVotes(user, at));
      expect(s.fields.votes).to.contain("delegated to yourself");
      // Rounded on the page, every decimal in the title.
      const staked = page.locator('[data-field="staked-total"] .amount');
      expect(await staked.getAttribute("title")).to.equal(
        `${s.fields["staked-total"].replace(/ ETM$/, "")} ETM (exact)`,
      );
    });

    it("ticks the pending rewards every block, each equal to the chain's at its block", async function () {
      const first = await waitForShown(page, (x) => x.positions.length === 1);
      const later = await waitForShown(page, (x) => Number(x.fields.block) >= Number(first.fields.block) + 2);
      for (const s of [first, later]) {
        const at = { blockTag: Number(s.fields.block) };
        expect(etm(s.fields["pending-total"])).to.equal(await system.pool.pendingReward(user, validator, at));
      }
      expect(etm(later.fields["pending-total"]) > etm(first.fields["pending-total"])).to.equal(true);
      expect(later.fields["pending-total"]).to.not.equal(first.fields["pending-total"]);
    });

    it("draws each unbonding entry's timeline: blocks unbonded of the period, and its maturity block", async function () {
      const s = await waitForShown(page, (x) => x.unbonding.length === 1);
      const [, maturities] = await system.pool.unbondingOf(user);
      const period = await system.pool.parameter(3);
      const bar = await page.evaluate(() => {
        const p = document.querySelector<HTMLProgressElement>(
          'table[aria-label="Unbonding entries"] progress',
        )!;
        const block = document.querySelector<HTMLElement>('[data-field="block"]')!.textContent;
        return { value: p.value, max: p.max, label: p.getAttribute("aria-label"), block: Number(block) };
      });
      expect(bar.max).to.equal(Number(period));
      const done = Number(period) - (Number(maturities[0]) - bar.block);
      expect(bar.value).to.equal(done);
      expect(bar.label).to.equal(`${done} of ${period} blocks unbonded; matures at block ${maturities[0]}`);
      expect(Number(s.fields.block)).to.be.greaterThan(0);
    });
  });

  describe("history: the account's own transactions from the chain's logs, kept through a reload", function () {
    let user: string;
    let validator: string;
    let page: Page;
    let wallet: TestWallet;
    let context: BrowserContext;

    before(async function () {
      ({ user, validator, page, wallet, context } = await connectedSession(100n * ETM));
    });

    after(async function () {
      await context?.close();
    });

    /** The History table's rows: [block, event, validator, amount (exact), details, tx, time]. */
    async function historyRows(): Promise<string[][]> {
      return page.evaluate(() =>
        Array.from(document.querySelectorAll('table[aria-label="History"] tbody tr')).map((tr) =>
          Array.from((tr as HTMLTableRowElement).cells).map((td) =>
            td.dataset.exact !== undefined
              ? td.dataset.exact
              : (td.dataset.address ?? td.title) || td.textContent || "",
          ),
        ),
      );
    }

    async function waitForRows(predicate: (rows: string[][]) => boolean): Promise<string[][]> {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const rows = await historyRows();
        if (predicate(rows)) return rows;
        if (Date.now() > deadline) throw new Error(`the history shows ${JSON.stringify(rows)}`);
        await page.waitForTimeout(250);
      }
    }

    it("starts empty for a new account, saying which blocks it read", async function () {
      await page
        .locator('[data-field="history-window"]')
        .filter({ hasText: /^No transactions of yours in blocks \d+–\d+/ })
        .waitFor();
      expect(await historyRows()).to.deep.equal([]);
    });

    /** The user's own events on chain (pool and votes), as the History rows should show them, newest first. */
    async function chainHistory(): Promise<string[][]> {
      const { pool, votes } = system;
      const logs = [
        ...(await pool.queryFilter(pool.filters.Staked(user))),
        ...(await pool.queryFilter(pool.filters.Unstaked(user))),
        ...(await pool.queryFilter(pool.filters.Withdrawn(user))),
        ...(await pool.queryFilter(pool.filters.RewardPaid(user))),
        ...(await pool.queryFilter(pool.filters.Compounded(user))),
        ...(await votes.queryFilter(votes.filters.DelegateChanged(user))),
      ].sort((x, y) => y.blockNumber - x.blockNumber || y.index - x.index);
      return logs.map((log) => {
        const args = log.args as unknown as { validator?: string; amountWei?: bigint };
        return [
          String(log.blockNumber),
          log.fragment.name,
          args.validator ? getAddress(args.validator) : "—",
          args.amountWei !== undefined ? formatEtmExact(args.amountWei) : "—",
          log.transactionHash,
        ];
      });
    }

    const withoutDetails = (rows: string[][]) => rows.map((r) => [...r.slice(0, 4), r[5]]);

    it("shows a stake and an unstake made from the page as the chain logged them, newest first", async function () {
      const form = page.getByRole("form", { name: "Stake" });
      await form.getByLabel("Stake to validator").selectOption(validator);
      await form.getByLabel("Amount to stake (ETM)").fill("12.5");
      await form.getByRole("button", { name: "Stake", exact: true }).click();
      await waitForStatus(page, "Stake status", /^Stake: confirmed in block \d+\.$/);
      await page.getByLabel("Unstake from validator").selectOption(validator);
      await page.getByLabel("Amount to unstake (ETM or all)").fill("2");
      await page.getByRole("button", { name: "Unstake", exact: true }).click();
      await waitForStatus(page, "Unstake status", /^Unstake: confirmed in block \d+\.$/);
      // The unstake also pays the position's reward (RewardPaid, in the same transaction).
      const expected = await chainHistory();
      expect(expected.map((r) => r[1]).sort()).to.deep.equal(["RewardPaid", "Staked", "Unstaked"]);
      const rows = await waitForRows((r) => r.length === expected.length);
      expect(withoutDetails(rows)).to.deep.equal(expected);
      const staked = rows.find((r) => r[1] === "Staked")!;
      expect([staked[2], staked[3], staked[4]]).to.deep.equal([getAddress(validator), "12.5", "staked"]);
      const unstaked = rows.find((r) => r[1] === "Unstaked")!;
      const [maturity] = (await system.pool.queryFilter(system.pool.filters.Unstaked(user))).map(
        (e) => e.args.maturityBlock,
      );
      expect(unstaked[3]).to.equal("2");
      expect(unstaked[4]).to.match(new RegExp(`^unbonding; matures at block ${maturity}`));
      expect(wallet.sent.map((t) => t.hash)).to.include.members([...new Set(rows.map((r) => r[5]))]);
    });

    it("shows each entry's time: its block's timestamp, in UTC", async function () {
      const rows = await waitForRows((r) => r.length === 3 && r.every((row) => row[6] !== "…"));
      for (const row of rows) {
        const block = (await devnet.provider.getBlock(Number(row[0])))!;
        expect(row[6], `the time of block ${row[0]}`).to.equal(formatUtc(block.timestamp));
      }
      const datetime = await page
        .locator('table[aria-label="History"] tbody tr')
        .first()
        .locator("time")
        .getAttribute("datetime");
      const newest = (await devnet.provider.getBlock(Number(rows[0]![0])))!;
      expect(datetime).to.equal(new Date(newest.timestamp * 1000).toISOString());
    });

    it("shows the same rows after page.reload(): nothing of it was kept only in the page", async function () {
      const before = await historyRows();
      expect(before).to.have.length(3);
      const sent = wallet.sent.length;
      await page.reload();
      await page.getByRole("button", { name: "Connect wallet" }).click();
      await connected(page, user);
      const after = await waitForRows((r) => r.length === before.length);
      // The Details column counts down blocks to maturity; everything else is as before, and the chain's.
      expect(withoutDetails(after)).to.deep.equal(withoutDetails(before));
      expect(withoutDetails(after)).to.deep.equal(await chainHistory());
      expect(wallet.sent).to.have.length(sent);
      expect(await page.getByRole("list", { name: "Transactions" }).textContent()).to.equal(
        "",
        "the page's own log of this visit is empty: the history came from the chain",
      );
    });

    it("on a phone each entry is a card, nothing sticking out", async function () {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator('table[aria-label="History"]').scrollIntoViewIfNeeded();
      const layout = await page.evaluate(() => {
        const row = document.querySelector<HTMLElement>('table[aria-label="History"] tbody tr')!;
        const cells = Array.from(row.querySelectorAll("td"));
        return {
          display: getComputedStyle(cells[0]).display,
          right: Math.max(...cells.map((c) => c.getBoundingClientRect().right)),
          width: window.innerWidth,
          scroll: document.documentElement.scrollWidth,
        };
      });
      expect(layout.display).to.equal("block");
      expect(layout.right).to.be.at.most(layout.width);
      expect(layout.scroll).to.be.at.most(390);
      await page.screenshot({ path: path.join(ARTIFACTS, "13-history-phone.png") });
      await page.setViewportSize({ width: 1280, height: 900 });
    });
  });

  describe("before connecting", function () {
    it("shows everything public — APY, staking ratio, total staked, the active set and the candidates — with a call to connect", async function () {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        await page.goto(devnet.appUrl);
        await page
          .getByRole("status", { name: "Network status" })
          .filter({
            hasText: `Public view of localhost (chain ${CHAIN_ID}), read-only: connect a wallet to stake.`,
          })
          .waitFor();
        const s = await waitForShown(page, (x) => x.candidates.length > 0 && x.active.length > 0);
        const at = { blockTag: Number(s.fields.block) };
        const [staked, supply, apy, candidates, active] = await Promise.all([
          system.pool.totalStaked(at),
          system.token.totalSupply(at),
          system.pool.estimatedAPY(at),
          system.pool.candidates(at),
          system.election.activeValidators(at),
        ]);
        expect(within(staked - etm(s.fields.staked), 0n, ETM / 100n)).to.equal(true, s.fields.staked);
        expect(within(supply - etm(s.fields.supply), 0n, ETM / 100n)).to.equal(true, s.fields.supply);
        expect(Number(s.fields.apy.replace("%", ""))).to.be.closeTo(
          Number((apy * 10n ** 4n) / ETM) / 100,
          0.011,
        );
        expect(s.fields["staking-ratio"]).to.match(/^\d+\.\d\d%$/);
        expect(s.addresses.candidates).to.deep.equal([...candidates]);
        expect(s.addresses.active).to.deep.equal([...active]);
        expect(await page.getByRole("button", { name: "Connect wallet" }).isVisible()).to.equal(true);
        expect(await page.locator("#account").isHidden()).to.equal(true);
        expect(await page.locator("#actions").isHidden()).to.equal(true);
        expect(await page.locator("#message").isHidden()).to.equal(true, "no error before connecting");
        await page.screenshot({ path: path.join(ARTIFACTS, "14-public-view-desktop.png") });
      } finally {
        await context.close();
      }
    });
  });

  describe("on a phone (390 px): the account's summary and the Stake form first, positions as cards", function () {
    let user: string;
    let validator: string;
    let page: Page;
    let context: BrowserContext;
    let wallet: TestWallet;
    const PHONE = { width: 390, height: 844 };

    before(async function () {
      // A position (at an active validator: it earns) and an unbonding entry, made outside the page.
      user = await newUser(100n * ETM);
      validator = await stakeableValidator((operator) => system.election.isActiveValidator(operator));
      const [pool, token] = [await system.pool.getAddress(), await system.token.getAddress()];
      for (const [to, data] of [
        [token, system.token.interface.encodeFunctionData("approve", [pool, 30n * ETM])],
        [pool, system.pool.interface.encodeFunctionData("stake", [validator, 30n * ETM])],
        [pool, system.pool.interface.encodeFunctionData("unstake", [validator, 5n * ETM])],
      ] as [string, string][])
        await sendAs(user, to, data);
      ({ page, context, wallet } = await openApp(user, CHAIN_ID, PHONE));
      await connected(page, user);
      await waitForShown(page, (x) => x.positions.length === 1 && x.unbonding.length === 1);
    });

    after(async function () {
      await context?.close();
    });

    /** Where an element is, in the page's coordinates at the top of the page. */
    async function box(locator: Locator) {
      const b = await locator.boundingBox();
      expect(b, "shown").to.not.equal(null);
      return b!;
    }

    it("has nothing wider than the screen: the document does not scroll sideways", async function () {
      await page.evaluate(() => window.scrollTo(0, 0));
      const widths = await page.evaluate(() => ({
        viewport: window.innerWidth,
        document: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
        // The positions' wrapper would scroll its table sideways: it must not need to.
        positions: (() => {
          const wrap = document.querySelector('table[aria-label="Positions"]')!.parentElement!;
          return { scroll: wrap.scrollWidth, client: wrap.clientWidth };
        })(),
      }));
      expect(widths.viewport).to.equal(PHONE.width);
      expect(widths.document, "the document's width").to.be.at.most(PHONE.width);
      expect(widths.body, "the body's width").to.be.at.most(PHONE.width);
      expect(widths.positions.scroll, "the positions do not scroll sideways").to.be.at.most(
        widths.positions.client,
      );
      // The charts follow the screen's width: each canvas drawn, inside it.
      await page.locator('figure[data-chart="supply"] canvas').waitFor();
      const charts = await page.evaluate(() =>
        Array.from(document.querySelectorAll("figure[data-chart] canvas")).map((c) => {
          const r = c.getBoundingClientRect();
          return { left: r.left, right: r.right, width: r.width };
        }),
      );
      expect(charts).to.have.length(3);
      for (const c of charts) {
        expect(c.left).to.be.at.least(0);
        expect(c.right).to.be.at.most(PHONE.width);
        expect(c.width).to.be.greaterThan(200);
      }
      await page.locator(".charts").screenshot({ path: path.join(ARTIFACTS, "20-phone-charts.png") });
    });

    it("opens on the account's summary and the Stake form, both on the first screen", async function () {
      await page.evaluate(() => window.scrollTo(0, 0));
      const summary = await box(page.locator(".account-summary"));
      const pending = await box(page.locator('[data-field="pending-total"]'));
      const stake = await box(page.locator('form[aria-label="Stake"] button[type="submit"]'));
      const positions = await box(page.getByRole("table", { name: "Positions" }));
      expect(summary.y + summary.height, "the whole summary on the first screen").to.be.at.most(PHONE.height);
      expect(pending.y + pending.height).to.be.at.most(PHONE.height);
      expect(stake.y + stake.height, "Stake on the first screen").to.be.at.most(PHONE.height);
      expect(stake.x + stake.width).to.be.at.most(PHONE.width);
      // The summary, then the actions, then the positions.
      expect(stake.y).to.be.greaterThan(summary.y + summary.height - 1);
      expect(positions.y).to.be.greaterThan(stake.y);
      await page.screenshot({ path: path.join(ARTIFACTS, "18-phone-first-screen.png") });
    });

    it("shows each position as a card: pending reward, Claim and Compound inside the screen's width", async function () {
      const row = page.getByRole("table", { name: "Positions" }).getByRole("row").nth(0);
      const claim = page.getByRole("button", { name: `Claim rewards at ${validator}` });
      const compound = page.getByRole("button", { name: `Compound rewards at ${validator}` });
      const toggle = page.getByRole("button", { name: `Auto-compound the position at ${validator}` });
      const cells = page.locator('table[aria-label="Positions"] tbody tr td');
      await claim.scrollIntoViewIfNeeded();
      const [validatorCell, stakedCell, pendingCell] = [
        await box(cells.nth(0)),
        await box(cells.nth(1)),
        await box(cells.nth(2)),
      ];
      // A card: the values one under the other, each with its column's name.
      expect(stakedCell.y).to.be.greaterThan(validatorCell.y);
      expect(pendingCell.y).to.be.greaterThan(stakedCell.y);
      const label = await cells.nth(2).evaluate((td) => getComputedStyle(td, "::before").content);
      expect(label).to.equal('"Pending reward (ETM): "');
      for (const [name, b] of [
        ["the pending reward", pendingCell],
        ["Claim", await box(claim)],
        ["Compound", await box(compound)],
        ["Auto-compound", await box(toggle)],
      ] as [string, { x: number; width: number }][]) {
        expect(b.x, `${name} starts inside the screen`).to.be.at.least(0);
        expect(b.x + b.width, `${name} ends inside the screen's width`).to.be.at.most(PHONE.width);
      }
      expect(await row.isVisible()).to.equal(true);
      // The pending reward shown is the chain's at the block shown.
      const s = await shown(page);
      const at = { blockTag: Number(s.fields.block) };
      expect(etm(s.positions[0]![2]!)).to.equal(await system.pool.pendingReward(user, validator, at));
      await page.getByRole("table", { name: "Positions" }).screenshot({
        path: path.join(ARTIFACTS, "19-phone-position-card.png"),
      });
    });

    it("claims from the card: the outcome under the card's buttons, inside the screen", async function () {
      const claim = page.getByRole("button", { name: `Claim rewards at ${validator}` });
      await waitForShown(page, (x) => x.positions.length === 1 && etm(x.positions[0]![2]!) > 0n);
      const sent = wallet.sent.length;
      await claim.click();
      const status = page.getByRole("status", { name: `Rewards at ${validator} status` });
      await waitForStatus(page, `Rewards at ${validator} status`, /^Claim: confirmed in block \d+\.$/);
      expect(wallet.sent).to.have.length(sent + 1);
      const b = await box(status);
      expect(b.x + b.width).to.be.at.most(PHONE.width);
      const c = await box(claim);
      expect(b.y, "under the buttons").to.be.at.least(c.y + c.height - 1);
    });
  });

  describe("charts of the staking ratio, the APY and the supply over recent blocks", function () {
    interface ChartShown {
      key: string;
      points: number;
      firstBlock: string;
      lastBlock: string;
      lastValue: string;
      lastText: string;
      caption: string;
      /** Pixels of the line's colour on the canvas: the series was drawn. */
      linePixels: number;
      canvasWidth: number;
    }

    /** The headline and the charts in one synchronous look (one render). */
    function chartsShown(page: Page) {
      return page.evaluate(() => {
        const text = (selector: string) => document.querySelector(selector)?.textContent ?? "";
        const charts = Array.from(document.querySelectorAll<HTMLElement>("figure[data-chart]")).map((f) => {
          const canvas = f.querySelector("canvas");
          let linePixels = 0;
          if (canvas && canvas.width > 0) {
            const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 0; i < data.length; i += 4)
              if (data[i] === 5 && data[i + 1] === 80 && data[i + 2] === 174 && data[i + 3] === 255)
                linePixels++;
          }
          return {
            key: f.dataset.chart ?? "",
            points: Number(f.dataset.points ?? 0),
            firstBlock: f.dataset.firstBlock ?? "",
            lastBlock: f.dataset.lastBlock ?? "",
            lastValue: f.dataset.lastValue ?? "",
            lastText: f.dataset.lastText ?? "",
            caption: f.querySelector("figcaption")?.textContent ?? "",
            linePixels,
            canvasWidth: canvas?.getBoundingClientRect().width ?? 0,
          };
        });
        const firstRow = Array.from(
          document.querySelector('table[aria-label="Charts\' latest values"] tbody tr')?.children ?? [],
        ).map((td) => td.textContent ?? "");
        return {
          block: text('[data-field="block"]'),
          apy: text('[data-field="apy"]'),
          ratio: text('[data-field="staking-ratio"]'),
          supply: text('[data-field="supply"]'),
          charts: Object.fromEntries(charts.map((c) => [c.key, c])) as Record<
            string,
            (typeof charts)[number]
          >,
          firstRow,
        };
      });
    }

    it("draws each chart from the lens reads, its last point the figure shown at the block shown, back-filled once (one small lens read per older block, none per block)", async function () {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const lens = StakingLens__factory.createInterface();
      const backfillData = lens.encodeFunctionData("snapshot", [
        "0x0000000000000000000000000000000000000000",
        0,
        0,
        [],
      ]);
      try {
        const page = await context.newPage();
        const wire = await recordRpc(page, devnet.rpcUrl, true);
        /** The page's eth_calls so far: the block each read and its calldata. */
        const ethCalls = () =>
          wire.requests
            .filter((r) => r.method === "eth_call")
            .map((r) => ({
              block: Number(r.params[1]),
              data: String((r.params[0] as { data?: string }).data),
            }));
        await page.goto(devnet.appUrl);
        // Live points and the back-filled ones: well over the one or two blocks read so far.
        await page.waitForFunction(
          () => Number(document.querySelector<HTMLElement>('figure[data-chart="apy"]')?.dataset.points) >= 5,
          undefined,
          { timeout: 60_000, polling: 200 },
        );
        let look = await chartsShown(page);
        const at = { blockTag: Number(look.block) };
        const [staked, supply, apy] = await Promise.all([
          system.pool.totalStaked(at),
          system.token.totalSupply(at),
          system.pool.estimatedAPY(at),
        ]);
        const percent = (wad: bigint) => Number(wad / 10n ** 12n) / 1e4;
        const ratioWad = (s: bigint, b: bigint) => (s * ETM) / b;
        const expected: Record<string, { shown: string; value: number }> = {
          "staking-ratio": { shown: look.ratio, value: percent(ratioWad(staked, supply)) },
          apy: { shown: look.apy, value: percent(apy) },
          supply: { shown: look.supply, value: Number(supply / 10n ** 14n) / 1e4 },
        };
        expect(Object.keys(look.charts)).to.have.members(Object.keys(expected));
        for (const [key, want] of Object.entries(expected)) {
          const c: ChartShown = look.charts[key];
          expect(c.lastBlock, `${key}: the last point is the block shown`).to.equal(look.block);
          expect(c.lastText, `${key}: the last point is the figure shown`).to.equal(want.shown);
          expect(Number(c.lastValue), `${key}: the last point is the chain's at that block`).to.equal(
            want.value,
          );
          expect(c.caption, `${key}: the caption says it`).to.contain(`${want.shown} at block ${look.block}`);
          expect(c.points, `${key}: points`).to.be.at.least(5);
          expect(Number(c.firstBlock), `${key}: back-filled`).to.be.at.most(Number(look.block) - 5);
          expect(c.canvasWidth, `${key}: a canvas`).to.be.greaterThan(200);
          expect(c.linePixels, `${key}: the line is drawn`).to.be.greaterThan(20);
        }
        // The text alternative: the latest values, newest first, as the headline shows them.
        expect(look.firstRow).to.deep.equal([look.block, look.ratio, look.apy, look.supply]);
        // The first point (back-filled) is the chain's at its block, as the caption says.
        const first = look.charts["staking-ratio"];
        const firstAt = { blockTag: Number(first.firstBlock) };
        const [stakedThen, supplyThen] = await Promise.all([
          system.pool.totalStaked(firstAt),
          system.token.totalSupply(firstAt),
        ]);
        expect(first.caption).to.contain(
          `over blocks ${first.firstBlock}–${look.block} from ${formatPercent(ratioWad(stakedThen, supplyThen))}`,
        );
        expect(look.charts.supply.caption).to.contain(`from ${formatEtmRounded(supplyThen)} ETM`);
        // The back-fill: one small lens read (no account, no candidates) per older block, each
        // block once, all before the first block the page read itself, at most 23 of them.
        const calls = ethCalls();
        const backfill = calls.filter((c) => c.data === backfillData);
        const live = calls.filter((c) => c.data !== backfillData);
        const firstLive = Math.min(...live.map((c) => c.block));
        expect(backfill.length).to.be.within(1, 23);
        expect(new Set(backfill.map((c) => c.block)).size).to.equal(backfill.length);
        for (const c of backfill) expect(c.block, "a back-filled block").to.be.lessThan(firstLive);
        // Then a point per block from the reads the page makes anyway: no back-fill read again.
        const before = {
          points: look.charts.apy.points,
          block: Number(look.block),
          backfill: backfill.length,
        };
        await page.waitForFunction(
          (b) => Number(document.querySelector('[data-field="block"]')?.textContent) >= b + 2,
          before.block,
          { timeout: 30_000, polling: 200 },
        );
        look = await chartsShown(page);
        const grown = Number(look.block) - before.block;
        // (a back-filled point leaves the 120-block window at most every 5 blocks)
        expect(look.charts.apy.points).to.be.at.least(before.points + grown - Math.ceil(grown / 5));
        expect(look.charts.apy.lastBlock).to.equal(look.block);
        expect(ethCalls().filter((c) => c.data === backfillData).length).to.equal(before.backfill);
        // The tooltip: the nearest point's block and value, as the headline and the caption say them,
        // inside the plot. Hovering the right end shows the last point, the left end the first.
        const tip = () =>
          page.evaluate(() => {
            const f = document.querySelector<HTMLElement>('figure[data-chart="staking-ratio"]')!;
            const t = f.querySelector<HTMLElement>(".chart-tip")!;
            const [r, o] = [t.getBoundingClientRect(), f.querySelector(".u-over")!.getBoundingClientRect()];
            return {
              text: t.hidden ? "" : (t.textContent ?? ""),
              last: `Block ${f.dataset.lastBlock}: ${f.dataset.lastText}`,
              firstBlock: f.dataset.firstBlock ?? "",
              from: /from (.+?) \(lowest/.exec(f.querySelector("figcaption")?.textContent ?? "")?.[1] ?? "",
              inside: r.left >= o.left - 1 && r.right <= o.right + 1,
            };
          });
        const plot = (await page.locator('figure[data-chart="staking-ratio"] .u-over').boundingBox())!;
        let hovered = await tip();
        for (let i = 0; i < 20 && hovered.text !== hovered.last; i++) {
          await page.mouse.move(plot.x + plot.width - 1 - (i % 2), plot.y + plot.height / 2);
          hovered = await tip();
        }
        expect(hovered.text, "the last point under the pointer").to.equal(hovered.last);
        expect(hovered.inside, "the tooltip inside the plot").to.equal(true);
        for (let i = 0; i < 20 && !hovered.text.startsWith(`Block ${hovered.firstBlock}:`); i++) {
          await page.mouse.move(plot.x + 1 + (i % 2), plot.y + plot.height / 2);
          hovered = await tip();
        }
        expect(hovered.text, "the first point under the pointer").to.equal(
          `Block ${hovered.firstBlock}: ${hovered.from}`,
        );
        expect(hovered.inside, "the tooltip inside the plot").to.equal(true);
        await page.locator(".charts").screenshot({ path: path.join(ARTIFACTS, "17-charts-desktop.png") });
        await page.mouse.move(0, 0);
        expect((await tip()).text, "no tooltip off the plot").to.equal("");
      } finally {
        await context.close();
      }
    });
  });

  describe("accessibility: axe-core finds no serious or critical violation", function () {
    let context: BrowserContext | undefined;

    afterEach(async function () {
      await context?.close();
      context = undefined;
    });

    /** Runs axe on `page`, prints the counts by impact, and fails on any serious or critical violation. */
    async function axeClean(page: Page, where: string): Promise<AxeReport> {
      const report = await runAxe(page);
      console.log(`      ${describeAxe(where, report)}`);
      expect(report.passes, "axe checked the page").to.be.greaterThan(10);
      expect(blocking(report), `serious or critical violations ${where}`).to.deep.equal([]);
      return report;
    }

    it("before connecting: the public view (chain details open, the candidates listed)", async function () {
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(devnet.appUrl);
      await waitForShown(page, (x) => x.candidates.length > 0 && x.active.length > 0);
      await axeClean(page, "before connecting");
    });

    it("connected, with a position, an unbonding entry, the history and the chain details open; then at 390 px", async function () {
      const user = await newUser(100n * ETM);
      const validator = await stakeableValidator();
      const [pool, token] = [await system.pool.getAddress(), await system.token.getAddress()];
      for (const [to, data] of [
        [token, system.token.interface.encodeFunctionData("approve", [pool, 30n * ETM])],
        [pool, system.pool.interface.encodeFunctionData("stake", [validator, 30n * ETM])],
        [pool, system.pool.interface.encodeFunctionData("unstake", [validator, 5n * ETM])],
      ] as [string, string][])
        await sendAs(user, to, data);
      let page: Page;
      ({ context, page } = await openApp(user));
      await connected(page, user);
      await waitForShown(page, (x) => x.positions.length === 1 && x.unbonding.length === 1);
      await page.locator('table[aria-label="History"] tbody tr').first().waitFor();
      await page.locator("details.chain-details summary").click();
      await page.getByRole("list", { name: "Active validators" }).waitFor();
      await axeClean(page, "connected with a position");
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(300);
      await axeClean(page, "connected, at 390 px");
    });
  });

  describe("the validators table: sort, search, pages, phone cards", function () {
    let named: string;
    let name: string;
    let context: BrowserContext;
    let page: Page;

    const SORTABLE = [
      "Validator",
      "Stake (ETM)",
      "Commission",
      "Est. APY after commission",
      "Share of stake",
    ];

    /** What the table shows: its headers' aria-sort, the summary, the page label and the rows. */
    function table(p: Page) {
      return p.evaluate(() => {
        const t = document.querySelector<HTMLTableElement>('table[aria-label="Candidates"]')!;
        const sorts: Record<string, string> = {};
        for (const th of Array.from(t.querySelectorAll<HTMLElement>("thead th[aria-sort]")))
          sorts[th.textContent ?? ""] = th.getAttribute("aria-sort") ?? "";
        const rows = Array.from(t.tBodies[0].rows);
        return {
          sorts,
          summary: document.querySelector('[aria-label="Validators shown"]')?.textContent ?? "",
          pageLabel: document.querySelector('[data-field="candidates-page"]')?.textContent ?? "",
          block: document.querySelector('[data-field="block"]')?.textContent ?? "",
          addresses: rows.map((r) => r.cells[0].dataset.address ?? ""),
          names: rows.map((r) => r.cells[0].textContent ?? ""),
          stakes: rows.map((r) => r.cells[1].textContent ?? ""),
        };
      });
    }

    const nonIncreasing = (xs: bigint[]) => xs.every((x, i) => i === 0 || xs[i - 1] >= x);
    const nonDecreasing = (xs: bigint[]) => xs.every((x, i) => i === 0 || xs[i - 1] <= x);

    before(async function () {
      // A candidate with a profile name to search for.
      name = `Table Search Node ${Math.floor(Math.random() * 1e6)}`;
      named = await stakeableValidator((operator) =>
        system.pool.setProfile.staticCall(name, "", "", { from: operator }).then(
          () => true,
          () => false,
        ),
      );
      const data = system.pool.interface.encodeFunctionData("setProfile", [name, "", ""]);
      await sendAs(named, await system.pool.getAddress(), data);
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      await page.goto(devnet.appUrl);
      await waitForShown(page, (x) => x.candidates.length > 0);
    });

    after(async function () {
      await context?.close();
    });

    it("lists the candidates with their profile names, in the chain's order until a header is clicked", async function () {
      const count = Number(await system.pool.candidateCount());
      expect(count, "the devnet's candidates fit the default page of 50").to.be.within(30, 50);
      let t = await table(page);
      const deadline = Date.now() + 60_000;
      while (!t.addresses.includes(named) && Date.now() < deadline) {
        await page.waitForTimeout(250);
        t = await table(page);
      }
      const at = { blockTag: Number(t.block) };
      const candidates = [...(await system.pool.candidates(at))];
      const names = await system.pool.namesOf(candidates, at);
      expect(t.addresses).to.deep.equal(candidates);
      const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;
      expect(t.names).to.deep.equal(
        candidates.map((a, i) => (names[i] ? `${names[i]} ${short(a)}` : short(a))),
      );
      expect(t.names[t.addresses.indexOf(named)]).to.equal(`${name} ${short(named)}`);
      expect(Object.keys(t.sorts)).to.deep.equal(SORTABLE);
      expect(Object.values(t.sorts)).to.deep.equal(SORTABLE.map(() => "none"));
      expect(t.pageLabel).to.equal("Page 1 of 1");
      expect(t.summary).to.equal(`1–${count} of ${count} candidates.`);
    });

    it("sorts by stake: aria-sort and the order follow each click, and stay through the next blocks", async function () {
      const stakeHeader = page.getByRole("button", { name: "Stake (ETM)", exact: true });
      await stakeHeader.click();
      let t = await table(page);
      expect(t.sorts["Stake (ETM)"]).to.equal("descending");
      expect(
        Object.entries(t.sorts)
          .filter(([k]) => k !== "Stake (ETM)")
          .map(([, v]) => v),
      ).to.deep.equal(SORTABLE.slice(1).map(() => "none"));
      expect(nonIncreasing(t.stakes.map(etm)), t.stakes.join(" ")).to.equal(true);
      expect(t.summary).to.match(/sorted by stake \(descending\)\.$/);
      const count = t.addresses.length;
      // The page re-reads the chain every block: the user's sort stays.
      const block = Number(t.block);
      await page.waitForFunction(
        (b) => Number(document.querySelector('[data-field="block"]')?.textContent) >= b + 2,
        block,
        { timeout: 60_000 },
      );
      t = await table(page);
      expect(Number(t.block)).to.be.at.least(block + 2);
      expect(t.sorts["Stake (ETM)"]).to.equal("descending");
      expect(nonIncreasing(t.stakes.map(etm)), t.stakes.join(" ")).to.equal(true);
      await stakeHeader.click();
      t = await table(page);
      expect(t.sorts["Stake (ETM)"]).to.equal("ascending");
      expect(nonDecreasing(t.stakes.map(etm)), t.stakes.join(" ")).to.equal(true);
      expect(t.addresses).to.have.length(count);
      // Both orders hold only if the rows were reordered (the stakes differ on the devnet).
      expect(etm(t.stakes[0]) < etm(t.stakes[count - 1]), t.stakes.join(" ")).to.equal(true);
      // Another header takes the sort over.
      await page.getByRole("button", { name: "Commission", exact: true }).click();
      t = await table(page);
      expect(t.sorts["Stake (ETM)"]).to.equal("none");
      expect(t.sorts.Commission).to.equal("ascending");
      await page.screenshot({ path: path.join(ARTIFACTS, "10-validators-sorted.png") });
    });

    it("pages: 25 rows per page, previous and next, page X of Y", async function () {
      await page.getByRole("button", { name: "Stake (ETM)", exact: true }).click();
      const all = (await table(page)).addresses;
      await page.getByLabel("Rows per page").selectOption("25");
      let t = await table(page);
      const pages = Math.ceil(all.length / 25);
      expect(pages).to.be.at.least(2);
      expect(t.addresses).to.deep.equal(all.slice(0, 25));
      expect(t.pageLabel).to.equal(`Page 1 of ${pages}`);
      expect(t.summary).to.match(new RegExp(`^1–25 of ${all.length} candidates`));
      expect(await page.getByRole("button", { name: "Previous page" }).isDisabled()).to.equal(true);
      await page.getByRole("button", { name: "Next page" }).click();
      t = await table(page);
      expect(t.pageLabel).to.equal(`Page 2 of ${pages}`);
      expect(t.addresses).to.deep.equal(all.slice(25, 50));
      expect(await page.getByRole("button", { name: "Previous page" }).isDisabled()).to.equal(false);
      expect(await page.getByRole("button", { name: "Next page" }).isDisabled()).to.equal(pages === 2);
      // The page stays through a block.
      const block = Number(t.block);
      await page.waitForFunction(
        (b) => Number(document.querySelector('[data-field="block"]')?.textContent) > b,
        block,
        { timeout: 60_000 },
      );
      expect((await table(page)).pageLabel).to.equal(`Page 2 of ${pages}`);
    });

    it("searches by profile name or address, case-insensitive, from page 1, and says when nothing matches", async function () {
      expect((await table(page)).pageLabel).to.match(/^Page 2 of/);
      const search = page.getByLabel("Search validators (name or address)");
      await search.fill(name.toUpperCase().slice(0, -2));
      let t = await table(page);
      expect(t.addresses).to.deep.equal([named]);
      expect(t.pageLabel).to.equal("Page 1 of 1");
      expect(t.summary).to.contain(`matching "${name.toUpperCase().slice(0, -2)}"`);
      const tail = named.slice(-6).toUpperCase();
      await search.fill(tail);
      t = await table(page);
      expect(t.addresses).to.include(named);
      for (const a of t.addresses) expect(a.toLowerCase()).to.contain(tail.toLowerCase());
      await search.fill("no such validator zzz");
      t = await table(page);
      expect(t.addresses).to.deep.equal([]);
      expect(t.summary).to.equal(`No validator's name or address matches "no such validator zzz".`);
      await search.fill("");
      t = await table(page);
      expect(t.addresses).to.have.length(25);
      expect(t.pageLabel).to.match(/^Page 1 of /);
    });

    it("at 390 px each validator is a card: no cell, header or control sticks out of the viewport", async function () {
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
      try {
        const p = await phone.newPage();
        await p.goto(devnet.appUrl);
        await waitForShown(p, (x) => x.candidates.length > 0);
        const cells = p.locator(
          '#candidates table[aria-label="Candidates"] td, #candidates th button, #candidates input, #candidates select',
        );
        const n = await cells.count();
        expect(n).to.be.at.least(30 * 7);
        const width = p.viewportSize()!.width;
        expect(width).to.equal(390);
        const out: string[] = [];
        for (let i = 0; i < n; i++) {
          const box = await cells.nth(i).boundingBox();
          if (box && (box.x < 0 || box.x + box.width > width + 0.5))
            out.push(`${i}: ${box.x}+${box.width} ${(await cells.nth(i).textContent())?.slice(0, 40)}`);
        }
        expect(out, out.slice(0, 5).join("; ")).to.deep.equal([]);
        // The sort buttons work on the phone too.
        await p.getByRole("button", { name: "Stake (ETM)", exact: true }).click();
        expect(
          await p.locator('th[aria-sort="descending"]').textContent(),
          "the stake header is sorted",
        ).to.equal("Stake (ETM)");
        await p.getByRole("heading", { name: /^Candidates/ }).evaluate((e) => e.scrollIntoView());
        await p.screenshot({ path: path.join(ARTIFACTS, "11-validators-phone.png") });
      } finally {
        await phone.close();
      }
    });
  });

  describe("stake with a permit, or approve + stake when the wallet cannot sign typed data", function () {
    let context: BrowserContext | undefined;

    afterEach(async function () {
      await context?.close();
      context = undefined;
    });

    /** Opens the dApp for a new user, sets the wallet's switches, stakes `amount` at a validator. */
    async function stakeWith(
      flags: { __etmNoTypedData?: boolean; __etmRejectNextSign?: boolean },
      amount: string,
    ) {
      const user = await newUser(100n * ETM);
      const validator = await stakeableValidator();
      const opened = await openApp(user);
      context = opened.context;
      const { page, wallet } = opened;
      await connected(page, user);
      await waitForShown(page, (s) => s.candidates.length > 0);
      await page.evaluate((f) => Object.assign(window, f), flags);
      const before = {
        nonce: await nonceOf(user),
        tokenNonce: await system.token.nonces(user),
        allowance: await system.token.allowance(user, await system.pool.getAddress()),
      };
      await page.getByLabel("Stake to validator").selectOption(validator);
      await page.getByLabel("Amount to stake (ETM)").fill(amount);
      await page.getByRole("button", { name: "Stake", exact: true }).click();
      return { user, validator, page, wallet, before };
    }

    it("falls back to approve + stake (two transactions) when the wallet cannot sign typed data", async function () {
      const { user, validator, page, wallet, before } = await stakeWith({ __etmNoTypedData: true }, "12.5");
      const message = await waitForStatus(page, "Stake status", /^Stake: confirmed in block \d+\.$/);
      expect(message).to.match(/^Stake: confirmed/);
      expect(wallet.sent).to.have.length(2, "approve, then stake");
      const [approve, stake] = wallet.sent.map((t) => String(t.params.data).slice(0, 10));
      expect(approve).to.equal(system.token.interface.getFunction("approve")!.selector);
      expect(stake).to.equal(system.pool.interface.getFunction("stake")!.selector);
      expect(wallet.signed).to.have.length(0, "the wallet was asked; it answered 4200 before signing");
      expect(await nonceOf(user)).to.equal(before.nonce + 2);
      expect(await system.token.nonces(user)).to.equal(before.tokenNonce, "no permit was used");
      expect(await system.pool.stakeOf(user, validator)).to.equal(parseUnits("12.5", 18));
      const log = await page.getByRole("list", { name: "Transactions" }).textContent();
      expect(log).to.contain("Approve 12.5 ETM for the staking pool: confirmed in block");
      expect(log).to.contain(
        `Stake 12.5 ETM to ${validator.slice(0, 6)}…${validator.slice(-4)}: confirmed in block`,
      );
      const s = await waitForShown(page, (x) => x.fields["stake-last"]?.includes("two transactions"));
      expect(s.fields["stake-last"]).to.equal(
        "Last stake: two transactions (approve, then stake): your wallet could not sign the permit; confirmed.",
      );
      // The next stake is announced as two transactions: the wallet is not asked again.
      await page.getByLabel("Amount to stake (ETM)").fill("1");
      const next = await waitForShown(page, (x) => x.fields["stake-path"]?.startsWith("Two transactions"));
      expect(next.fields["stake-path"]).to.equal(
        "Two transactions: approve exactly the amount, then stake (your wallet could not sign a permit in this session).",
      );
      await page.locator('[data-field="stake-last"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, "08-stake-approve-fallback.png") });
    });

    it("sends nothing when the user declines to sign the permit, and says so", async function () {
      const { user, validator, page, wallet, before } = await stakeWith({ __etmRejectNextSign: true }, "10");
      const message = await waitForStatus(page, "Stake status", /not sent/);
      expect(message).to.equal("Stake not sent: you declined to sign the permit; nothing was sent.");
      expect(wallet.sent).to.have.length(0);
      expect(await nonceOf(user)).to.equal(before.nonce);
      expect(await system.token.nonces(user)).to.equal(before.tokenNonce);
      expect(await system.token.allowance(user, await system.pool.getAddress())).to.equal(before.allowance);
      expect(await system.pool.stakeOf(user, validator)).to.equal(0n);
      const s = await waitForShown(
        page,
        (x) => x.fields["stake-last"] !== undefined && x.fields["stake-last"] !== "",
      );
      expect(s.fields["stake-last"]).to.equal(
        "Last stake not sent: you declined to sign the permit in your wallet, so nothing was sent.",
      );
      expect(await page.locator('[data-field="stake-last"]').isVisible()).to.equal(true);
      // Declining is no sign of an unable wallet: the next stake asks for a permit again.
      expect(s.fields["stake-path"]).to.match(/^One signature/);
      expect(await page.getByRole("button", { name: "Stake", exact: true }).isEnabled()).to.equal(true);
    });
  });

  describe("claim all and compound all: every position in one transaction", function () {
    let user: string;
    let validators: string[];
    let page: Page;
    let wallet: TestWallet;
    let context: BrowserContext;

    /** The user's RewardPaid or Compounded amounts in `receipt`, by validator. */
    function amountsByValidator(receipt: TransactionReceipt, event: "RewardPaid" | "Compounded") {
      const amounts = new Map<string, bigint>();
      for (const log of receipt.logs) {
        const parsed = system.pool.interface.parseLog(log);
        if (parsed?.name !== event || getAddress(parsed.args.account) !== getAddress(user)) continue;
        amounts.set(getAddress(parsed.args.validator), parsed.args.amountWei as bigint);
      }
      return amounts;
    }

    before(async function () {
      // Two positions, staked outside the page (the node sends the impersonated user's transactions).
      user = await newUser(1_000n * ETM);
      const first = await stakeableValidator();
      const second = await stakeableValidator(async (operator) => operator !== first);
      validators = [first, second];
      const [pool, token] = [await system.pool.getAddress(), await system.token.getAddress()];
      const calls: [string, string][] = [
        [token, system.token.interface.encodeFunctionData("approve", [pool, 500n * ETM])],
        ...validators.map(
          (v) =>
            [pool, system.pool.interface.encodeFunctionData("stake", [v, 250n * ETM])] as [string, string],
        ),
      ];
      for (const [to, data] of calls) lastBlock = await sendAs(user, to, data);
      ({ page, wallet, context } = await openApp(user));
      await connected(page, user);
    });

    after(async function () {
      await context?.close();
    });

    /** The block of the last transaction of these tests (the staking, then each claim). */
    let lastBlock = 0;

    /** Waits until the page shows both positions, each with a pending reward, after `lastBlock`. */
    async function bothEarning() {
      return waitForShown(
        page,
        (x) =>
          Number(x.fields.block) > lastBlock &&
          x.positions.length === 2 &&
          x.positions.every((row) => etm(row[2]) > 0n),
      );
    }

    it("claims the rewards of both positions in one transaction (claimAll)", async function () {
      await bothEarning();
      const sent = wallet.sent.length;
      const before = await system.token.balanceOf(user);
      await page.getByRole("button", { name: "Claim all rewards" }).click();
      const message = await waitForStatus(page, "Claim all status", /^Claim all: confirmed in block \d+\.$/);
      expect(wallet.sent).to.have.length(sent + 1, "one transaction for every position");
      expect(String(wallet.sent[sent].params.data).slice(0, 10)).to.equal(
        system.pool.interface.getFunction("claimAll")!.selector,
      );
      const receipt = (await devnet.provider.getTransactionReceipt(wallet.sent[sent].hash!))!;
      expect(message).to.equal(`Claim all: confirmed in block ${receipt.blockNumber}.`);
      lastBlock = receipt.blockNumber;
      expect(await page.getByRole("status", { name: "Claim all status" }).textContent()).to.equal(message);
      const paid = amountsByValidator(receipt, "RewardPaid");
      expect([...paid.keys()].sort()).to.deep.equal([...validators].map((v) => getAddress(v)).sort());
      for (const amount of paid.values()) expect(amount > 0n).to.equal(true);
      const total = [...paid.values()].reduce((a, b) => a + b, 0n);
      expect(await system.token.balanceOf(user, { blockTag: receipt.blockNumber })).to.equal(before + total);
      const log = await page.getByRole("list", { name: "Transactions" }).textContent();
      expect(log).to.contain(`Claim rewards at all 2 positions: confirmed in block ${receipt.blockNumber}`);
    });

    it("compounds the rewards of both positions in one transaction (compoundAll): each restaked where it was earned", async function () {
      await bothEarning();
      const sent = wallet.sent.length;
      const before = await Promise.all(validators.map((v) => system.pool.stakeOf(user, v)));
      await page.getByRole("button", { name: "Compound all rewards" }).click();
      const message = await waitForStatus(
        page,
        "Claim all status",
        /^Compound all: confirmed in block \d+\.$/,
      );
      expect(wallet.sent).to.have.length(sent + 1, "one transaction for every position");
      const receipt = (await devnet.provider.getTransactionReceipt(wallet.sent[sent].hash!))!;
      expect(message).to.equal(`Compound all: confirmed in block ${receipt.blockNumber}.`);
      lastBlock = receipt.blockNumber; // later tests wait for rewards earned after it
      const restaked = amountsByValidator(receipt, "Compounded");
      expect(restaked.size).to.equal(2);
      for (const [i, v] of validators.entries()) {
        const amount = restaked.get(getAddress(v))!;
        expect(amount > 0n).to.equal(true);
        const after = await system.pool.stakeOf(user, v, { blockTag: receipt.blockNumber });
        // Shares round down: the restaked reward buys at most its value.
        expect(within(before[i]! + amount - after, 0n, 2n)).to.equal(true);
      }
    });

    it("a Claim in row 2 says its outcome beside row 2's buttons, not row 1's nor the top banner", async function () {
      await bothEarning();
      const table = page.getByRole("table", { name: "Positions" });
      const rows = table.locator("tbody tr");
      expect(await rows.count()).to.equal(2);
      const second = (await rows.nth(1).locator("td").first().getAttribute("data-address"))!;
      const first = (await rows.nth(0).locator("td").first().getAttribute("data-address"))!;
      expect(getAddress(second)).to.not.equal(getAddress(first));
      const claim = rows.nth(1).getByRole("button", { name: `Claim rewards at ${second}` });
      const sent = wallet.sent.length;
      await claim.click();
      const text = await waitForStatus(page, `Rewards at ${second} status`, /confirmed|not sent|failed/);
      // Both rows showed rewards earned after the last compound (bothEarning waits for a block after it):
      // the claim goes through.
      expect(wallet.sent.length, `one transaction sent (the row said: ${text})`).to.equal(sent + 1);
      const receipt = (await devnet.provider.getTransactionReceipt(wallet.sent[sent].hash!))!;
      expect(text).to.equal(`Claim: confirmed in block ${receipt.blockNumber}.`);
      lastBlock = receipt.blockNumber;
      // Inside row 2, just under the button clicked; row 1's line says nothing.
      const status = rows.nth(1).getByRole("status", { name: `Rewards at ${second} status`, exact: true });
      const [statusBox, buttonBox, rowBox] = [
        (await status.boundingBox())!,
        (await claim.boundingBox())!,
        (await rows.nth(1).boundingBox())!,
      ];
      expect(statusBox.y - (buttonBox.y + buttonBox.height), "just under row 2's Claim").to.be.within(0, 40);
      expect(statusBox.y, "inside row 2").to.be.at.least(rowBox.y);
      expect(statusBox.y + statusBox.height, "inside row 2").to.be.at.most(rowBox.y + rowBox.height + 1);
      expect(await rows.nth(0).getByRole("status").isHidden(), "row 1's status is silent").to.equal(true);
      expect(await page.locator("#message").isHidden(), "the top banner does not repeat it").to.equal(true);
    });

    it("hides both buttons when the account has no position", async function () {
      const user2 = await newUser(10n * ETM);
      const opened = await openApp(user2);
      try {
        await connected(opened.page, user2);
        await waitForShown(opened.page, (x) => x.fields.balance !== undefined);
        expect(await opened.page.getByRole("button", { name: "Claim all rewards" }).count()).to.equal(0);
        expect(await opened.page.getByRole("button", { name: "Compound all rewards" }).count()).to.equal(0);
        expect(await page.getByRole("button", { name: "Claim all rewards" }).count()).to.equal(1);
      } finally {
        await opened.context.close();
      }
    });

    it("Disconnect forgets the wallet: the page returns to the public view and offers Connect again", async function () {
      const sent = wallet.sent.length;
      await page.getByRole("button", { name: "Disconnect" }).click();
      await page
        .getByRole("status", { name: "Network status" })
        .filter({
          hasText: `Public view of localhost (chain ${CHAIN_ID}), read-only: connect a wallet to stake.`,
        })
        .waitFor();
      await page.getByRole("button", { name: "Connect wallet" }).waitFor();
      expect(await page.getByRole("button", { name: "Disconnect" }).isVisible()).to.equal(false);
      expect(await page.locator("#account").isHidden()).to.equal(true);
      expect(await page.locator("#actions").isHidden()).to.equal(true);
      const s = await waitForShown(page, (x) => x.candidates.length > 0 && x.fields.apy !== undefined);
      expect(Number(s.fields.block)).to.be.greaterThan(0);
      expect(wallet.sent).to.have.length(sent);
      // Connecting again brings the account back.
      await page.getByRole("button", { name: "Connect wallet" }).click();
      await connected(page, user);
    });
  });

  describe("auto-compound from the page: the toggle, the badge, the stake bonded at each settlement", function () {
    let user: string;
    let validator: string;
    let page: Page;
    let wallet: TestWallet;
    let context: BrowserContext;
    const stakedWei = 400n * ETM;

    before(async function () {
      // A position of 400 ETM, staked outside the page (the node sends the user's transactions).
      user = await newUser(1_000n * ETM);
      validator = await stakeableValidator();
      const [pool, token] = [await system.pool.getAddress(), await system.token.getAddress()];
      await sendAs(user, token, system.token.interface.encodeFunctionData("approve", [pool, stakedWei]));
      await sendAs(user, pool, system.pool.interface.encodeFunctionData("stake", [validator, stakedWei]));
      ({ page, wallet, context } = await openApp(user));
      await connected(page, user);
      await waitForShown(page, (x) => x.positions.length === 1);
    });

    after(async function () {
      await context?.close();
    });

    const toggle = () => page.getByRole("button", { name: `Auto-compound the position at ${validator}` });
    const rowStatus = () => `Rewards at ${validator} status`;
    /** The row of the position at `validator`, as `shown` reads it, and its element. */
    const positionOf = (x: Shown) => x.positions[x.addresses.positions.indexOf(getAddress(validator))];
    const positionRow = () => page.locator(`table[aria-label="Positions"] tbody tr[data-key="${validator}"]`);
    /** The row shows the compounding badge and its note (Claim and Compound gone). */
    const compounds = (x: Shown) =>
      positionOf(x)?.[3].includes("compounding rewards bonded automatically") === true;

    /** The user's CompoundingSet event in the transaction the wallet sent `sent`-th. */
    async function switched(sent: number) {
      const receipt = (await devnet.provider.getTransactionReceipt(wallet.sent[sent].hash!))!;
      expect(String(wallet.sent[sent].params.data).slice(0, 10)).to.equal(
        system.pool.interface.getFunction("setCompounding")!.selector,
      );
      const events = receipt.logs
        .map((log) => system.pool.interface.parseLog(log))
        .filter((e) => e?.name === "CompoundingSet");
      expect(events).to.have.length(1);
      return { receipt, event: events[0]! };
    }

    it("switches the position on: the toggle pressed, a compounding badge, a note in place of Claim and Compound", async function () {
      let s = await waitForShown(page, (x) => x.positions.length === 1 && etm(x.positions[0][2]) > 0n);
      expect(compounds(s), "a paying position").to.equal(false);
      expect(await toggle().getAttribute("aria-pressed")).to.equal("false");
      expect(await toggle().textContent()).to.equal("Auto-compound");
      expect(await page.getByRole("button", { name: `Claim rewards at ${validator}` }).isVisible()).to.equal(
        true,
      );
      const [nonce, sent] = [await nonceOf(user), wallet.sent.length];
      await toggle().click();
      const text = await waitForStatus(page, rowStatus(), /confirmed|not sent|failed/);
      expect(wallet.sent).to.have.length(sent + 1, `one transaction (the row said: ${text})`);
      expect(await nonceOf(user)).to.equal(nonce + 1);
      const { receipt, event } = await switched(sent);
      expect(text).to.equal(`Auto-compound on: confirmed in block ${receipt.blockNumber}.`);
      expect(await besideButton(page, rowStatus(), toggle())).to.equal(text);
      expect([getAddress(event.args.validator), event.args.compounding]).to.deep.equal([
        getAddress(validator),
        true,
      ]);
      expect(await system.pool.isCompounding(user, validator, { blockTag: receipt.blockNumber })).to.equal(
        true,
      );
      // What the page shows once it reads a block from the switch on.
      s = await waitForShown(page, (x) => Number(x.fields.block) >= receipt.blockNumber && compounds(x));
      expect(await toggle().getAttribute("aria-pressed")).to.equal("true");
      expect(await toggle().textContent()).to.equal("Auto-compound");
      const row = positionRow();
      expect(await row.locator(".badge-compounding").textContent()).to.equal("compounding");
      expect(await row.getByText("rewards bonded automatically").isVisible()).to.equal(true);
      for (const name of [`Claim rewards at ${validator}`, `Compound rewards at ${validator}`])
        expect(await page.getByRole("button", { name }).count(), name).to.equal(0);
      expect(etm(positionOf(s)![2]), "nothing to claim").to.equal(0n);
      await page.locator("#account").screenshot({ path: path.join(ARTIFACTS, "15-compounding.png") });
    });

    it("shows the stake growing block by block, and bonded when anyone settles the validator", async function () {
      const at = async (s: Shown) => ({
        shown: etm(positionOf(s)![1]),
        chain: await system.pool.stakeOf(user, validator, { blockTag: Number(s.fields.block) }),
      });
      const first = await waitForShown(page, (x) => compounds(x));
      const a = await at(first);
      expect(a.shown).to.equal(a.chain);
      const second = await waitForShown(page, (x) => Number(x.fields.block) > Number(first.fields.block));
      const b = await at(second);
      expect(b.shown).to.equal(b.chain);
      expect(b.shown > a.shown, "the class's reward grows the stake shown each block").to.equal(true);
      // Anyone may settle: the devnet's deployer, outside the page.
      const [anyone] = (await devnet.provider.send("eth_accounts", [])) as string[];
      const pool = await system.pool.getAddress();
      const block = await sendAs(
        anyone,
        pool,
        system.pool.interface.encodeFunctionData("settleValidator", [validator]),
      );
      const bonded = await system.pool.queryFilter(
        system.pool.filters.ClassCompounded(validator),
        block,
        block,
      );
      expect(bonded).to.have.length(1);
      expect(bonded[0].args.amountWei > 0n, "the class's reward was bonded").to.equal(true);
      const after = await waitForShown(page, (x) => Number(x.fields.block) >= block);
      const c = await at(after);
      expect(c.shown).to.equal(c.chain);
      expect(c.shown > b.shown).to.equal(true);
      expect(c.shown > stakedWei).to.equal(true);
      expect(compounds(after)).to.equal(true);
      expect(etm(positionOf(after)![2])).to.equal(0n);
    });

    it("Claim all with its only position compounding: refused in the planner's words under Claim all, nothing sent", async function () {
      const [nonce, sent] = [await nonceOf(user), wallet.sent.length];
      const button = page.getByRole("button", { name: "Claim all rewards" });
      await button.click();
      const text = await waitForStatus(page, "Claim all status", /confirmed|not sent|failed/);
      expect(text).to.equal(`Claim all not sent: ${compoundingHasNothingToClaim(validator)}`);
      expect(await nonceOf(user)).to.equal(nonce);
      expect(wallet.sent).to.have.length(sent);
    });

    it("Compound all with one position compounding and one paying: the paying one restaked, the compounding one passed over", async function () {
      // A second position, paying, staked outside the page.
      const other = await stakeableValidator(async (o) => o !== validator);
      const pool = await system.pool.getAddress();
      const token = await system.token.getAddress();
      await sendAs(user, token, system.token.interface.encodeFunctionData("approve", [pool, 100n * ETM]));
      const staked = await sendAs(
        user,
        pool,
        system.pool.interface.encodeFunctionData("stake", [other, 100n * ETM]),
      );
      const otherOf = (x: Shown) => x.positions[x.addresses.positions.indexOf(getAddress(other))];
      await waitForShown(
        page,
        (x) => Number(x.fields.block) > staked && x.positions.length === 2 && etm(otherOf(x)![2]) > 0n,
      );
      const sent = wallet.sent.length;
      await page.getByRole("button", { name: "Compound all rewards" }).click();
      const text = await waitForStatus(page, "Claim all status", /confirmed|not sent|failed/);
      expect(wallet.sent).to.have.length(sent + 1, `one transaction (it said: ${text})`);
      const receipt = (await devnet.provider.getTransactionReceipt(wallet.sent[sent].hash!))!;
      expect(text).to.equal(`Compound all: confirmed in block ${receipt.blockNumber}.`);
      const restaked = receipt.logs
        .map((log) => system.pool.interface.parseLog(log))
        .filter((e) => e?.name === "Compounded")
        .map((e) => getAddress(e!.args.validator));
      expect(restaked).to.deep.equal([getAddress(other)]);
      const log = await page.getByRole("list", { name: "Transactions" }).textContent();
      expect(log).to.contain("(1 compounding position passed over: rewards bonded already)");
      expect(await system.pool.isCompounding(user, validator)).to.equal(true);
    });

    it("a page behind the chain cannot send the mode the position has: the planner refuses it beside the toggle", async function () {
      // The position compounds on chain; a node answering late (the mode switched elsewhere, e.g. by
      // etm:compound-mode) shows it paying out: the toggle then asks for "on", which it has already.
      const lens = StakingLens__factory.createInterface();
      const snapshot = lens.getFunction("snapshot")!;
      const index = (fields: readonly { name: string }[], name: string) =>
        fields.findIndex((f) => f.name === name);
      const snapshotFields = snapshot.outputs[0].components!;
      const accountAt = index(snapshotFields, "account");
      const positionsAt = index(snapshotFields[accountAt].components!, "positions");
      const positionFields = snapshotFields[accountAt].components![positionsAt].arrayChildren!.components!;
      const compoundingAt = index(positionFields, "compounding");
      wallet.rewrite = (method, params, result) => {
        const call = params[0] as { data?: string } | undefined;
        if (method !== "eth_call" || !call?.data?.startsWith(snapshot.selector)) return result;
        const [decoded] = lens.decodeFunctionResult("snapshot", String(result)).toArray(true) as unknown[][];
        const positions = (decoded[accountAt] as unknown[][])[positionsAt] as unknown[][];
        for (const position of positions) position[compoundingAt] = false;
        return lens.encodeFunctionResult("snapshot", [decoded]);
      };
      try {
        await waitForShown(page, (x) => !compounds(x));
        expect(await toggle().getAttribute("aria-pressed")).to.equal("false");
        const [nonce, sent] = [await nonceOf(user), wallet.sent.length];
        await toggle().click();
        const text = await waitForStatus(page, rowStatus(), /confirmed|not sent|failed/);
        const sentence = SENTENCES.CompoundingUnchanged(
          { account: user, validator, compounding: true },
          "compound-mode",
        );
        expect(text).to.equal(`Auto-compound on not sent: ${sentence}.`);
        expect(text).to.include("compounds already");
        expect(await besideButton(page, rowStatus(), toggle())).to.equal(text);
        expect(await nonceOf(user)).to.equal(nonce);
        expect(wallet.sent).to.have.length(sent);
        expect(await system.pool.isCompounding(user, validator)).to.equal(true);
      } finally {
        wallet.rewrite = undefined;
      }
      await waitForShown(page, (x) => compounds(x));
    });

    it("switches it off: the toggle released, Claim and Compound back, the position's value kept", async function () {
      const [nonce, sent] = [await nonceOf(user), wallet.sent.length];
      await toggle().click();
      const text = await waitForStatus(page, rowStatus(), /confirmed|not sent|failed/);
      expect(wallet.sent).to.have.length(sent + 1, `one transaction (the row said: ${text})`);
      expect(await nonceOf(user)).to.equal(nonce + 1);
      const { receipt, event } = await switched(sent);
      expect(text).to.equal(`Auto-compound off: confirmed in block ${receipt.blockNumber}.`);
      expect(event.args.compounding).to.equal(false);
      const at = { blockTag: receipt.blockNumber };
      expect(await system.pool.isCompounding(user, validator, at)).to.equal(false);
      expect(await system.pool.stakeOf(user, validator, at)).to.equal(event.args.valueWei);
      const s = await waitForShown(
        page,
        (x) => Number(x.fields.block) >= receipt.blockNumber && !compounds(x),
      );
      expect(etm(positionOf(s)![1])).to.equal(
        await system.pool.stakeOf(user, validator, { blockTag: Number(s.fields.block) }),
      );
      expect(await toggle().getAttribute("aria-pressed")).to.equal("false");
      expect(await toggle().textContent()).to.equal("Auto-compound");
      for (const name of [`Claim rewards at ${validator}`, `Compound rewards at ${validator}`])
        expect(await page.getByRole("button", { name }).isVisible(), name).to.equal(true);
      const row = positionRow();
      expect(await row.locator(".badge-compounding").count()).to.equal(0);
      expect(await row.getByText("rewards bonded automatically").isVisible()).to.equal(false);
    });

    it("an operator's own position has no toggle: its self-stake pays out (Claim and Compound stay)", async function () {
      // A devnet operator (the node holds its key): its own validator is among its positions.
      const operator = await stakeableValidator(async (o) => o !== validator);
      const opened = await openApp(operator);
      try {
        await connected(opened.page, operator);
        const s = await waitForShown(opened.page, (x) => x.addresses.positions.includes(operator));
        const own = s.addresses.positions.indexOf(operator);
        expect(s.positions[own][3]).to.include("self-stake pays out");
        const button = (name: string) => opened.page.getByRole("button", { name });
        expect(await button(`Auto-compound the position at ${operator}`).count()).to.equal(0);
        expect(await button(`Claim rewards at ${operator}`).isVisible()).to.equal(true);
        expect(await button(`Compound rewards at ${operator}`).isVisible()).to.equal(true);
        await opened.page
          .locator("#account")
          .screenshot({ path: path.join(ARTIFACTS, "16-operator-no-toggle.png") });
      } finally {
        await opened.context.close();
      }
    });
  });

  describe("redelegate from the page: move stake at once, see it maturing, the lock on unstaking", function () {
    let user: string;
    let source: string;
    let destination: string;
    let page: Page;
    let wallet: TestWallet;
    let context: BrowserContext;
    const stakedWei = 400n * ETM;
    const movedWei = parseUnits("150.25", 18);
    const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;

    before(async function () {
      // A position of 400 ETM at `source`, staked outside the page (the node sends the user's transactions).
      user = await newUser(1_000n * ETM);
      source = await stakeableValidator();
      destination = await stakeableValidator(async (operator) => operator !== source);
      const [pool, token] = [await system.pool.getAddress(), await system.token.getAddress()];
      await sendAs(user, token, system.token.interface.encodeFunctionData("approve", [pool, stakedWei]));
      await sendAs(user, pool, system.pool.interface.encodeFunctionData("stake", [source, stakedWei]));
      ({ page, wallet, context } = await openApp(user));
      await connected(page, user);
      await waitForShown(page, (x) => x.positions.length === 1 && x.candidates.length > 0);
    });

    after(async function () {
      await context?.close();
    });

    it("moves part of a position to another validator: the chain moved exactly that, confirmed beside Redelegate, and the maturing entry shows the chain's maturity block", async function () {
      const form = page.locator("#account").getByRole("form", { name: "Redelegate" });
      await form.getByLabel("Move stake from (your position)").selectOption(source);
      // The destinations: every other candidate; never the position's own validator.
      const offered = await form
        .getByLabel("To validator")
        .locator("option")
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ""));
      const others = (await system.pool.candidates()).filter((c) => c !== source);
      expect([...offered].sort()).to.deep.equal([...others].sort());
      expect(offered).to.not.include(source);
      await form.getByLabel("To validator").selectOption(destination);
      await form.getByLabel("Amount to move (ETM or all)").fill("150.25");
      const [nonce, sent] = [await nonceOf(user), wallet.sent.length];
      const button = form.getByRole("button", { name: "Redelegate", exact: true });
      await button.click();
      const text = await waitForStatus(page, "Redelegate status", /confirmed|not sent|failed/, 120_000);
      expect(text, text).to.match(/^Redelegate: confirmed in block \d+\.$/);
      expect(await besideButton(page, "Redelegate status", button)).to.equal(text);
      const block = Number(/block (\d+)/.exec(text)![1]);
      expect(wallet.sent).to.have.length(sent + 1, "one transaction");
      expect(await nonceOf(user)).to.equal(nonce + 1);
      const receipt = (await devnet.provider.getTransactionReceipt(wallet.sent[sent].hash!))!;
      expect(receipt.status).to.equal(1);
      expect(receipt.blockNumber).to.equal(block);
      expect(String(wallet.sent[sent].params.data).slice(0, 10)).to.equal(
        system.pool.interface.getFunction("redelegate")!.selector,
      );
      // The chain moved exactly 150.25 ETM, from the source to the destination, in that block.
      const [before, after] = [{ blockTag: block - 1 }, { blockTag: block }];
      const stakeAt = (v: string, at: { blockTag: number }) => system.pool.stakeOf(user, v, at);
      expect((await stakeAt(source, before)) - (await stakeAt(source, after))).to.equal(movedWei);
      expect(await stakeAt(source, after)).to.equal(stakedWei - movedWei);
      expect(await stakeAt(destination, before)).to.equal(0n);
      expect(await stakeAt(destination, after)).to.equal(movedWei);
      const events = receipt.logs
        .map((log) => system.pool.interface.parseLog(log))
        .filter((e) => e?.name === "Redelegated");
      expect(events).to.have.length(1);
      const event = events[0]!;
      expect([
        getAddress(event.args.source),
        getAddress(event.args.destination),
        event.args.amountWei,
      ]).to.deep.equal([getAddress(source), getAddress(destination), movedWei]);
      // The maturing list: the entry as the chain has it at that block, with its maturity block.
      const [entry] = await system.pool.redelegationsOf(user, after);
      expect(entry.maturityBlock).to.equal(event.args.maturityBlock);
      const s = await waitForShown(
        page,
        (x) => x.redelegations.length === 1 && Number(x.fields.block) >= block,
      );
      expect(s.addresses.redelegationSources).to.deep.equal([source]);
      expect(s.addresses.redelegationDestinations).to.deep.equal([destination]);
      const [, , amount, slashable, owed, matures, when] = s.redelegations[0];
      expect([etm(amount), etm(slashable), owed, matures]).to.deep.equal([
        movedWei,
        entry.slashableWei,
        "none",
        entry.maturityBlock.toString(),
      ]);
      const left = entry.maturityBlock - BigInt(s.fields.block);
      expect(left > 0n, "it matures after the block shown").to.equal(true);
      expect(when).to.match(new RegExp(`^in ${left} blocks \\(~`));
      // The positions follow: both, each as the chain has it.
      const shownAfter = await waitForShown(page, (x) => x.positions.length === 2);
      const at = { blockTag: Number(shownAfter.fields.block) };
      for (const [i, v] of shownAfter.addresses.positions.entries())
        expect(etm(shownAfter.positions[i][1]), v).to.equal(await system.pool.stakeOf(user, v, at));
      await page.screenshot({ path: path.join(ARTIFACTS, "14-redelegated.png"), fullPage: true });
    });

    it("refuses beside Unstake an unstake of the whole destination position, with the lock in words, and sends nothing", async function () {
      const [nonce, sent] = [await nonceOf(user), wallet.sent.length];
      const form = page.getByRole("form", { name: "Unstake" });
      await form.getByLabel("Unstake from validator").selectOption(destination);
      await form.getByLabel("Amount to unstake (ETM or all)").fill("all");
      const button = form.getByRole("button", { name: "Unstake", exact: true });
      await button.click();
      const text = await waitForStatus(page, "Unstake status", /confirmed|not sent|failed/);
      const [entry] = await system.pool.redelegationsOf(user);
      const position = await system.pool.stakeOf(user, destination);
      const sentence = SENTENCES.RedelegationLocked(
        {
          account: getAddress(user),
          validator: getAddress(destination),
          lockedWei: entry.slashableWei,
          remainingWei: 0n,
        },
        "unstake",
      );
      expect(text).to.equal(
        `Unstake all (${formatEtmExact(position)} ETM now) from ${short(destination)} not sent: ` +
          `The contract refused: ${sentence} (RedelegationLocked).`,
      );
      expect(text).to.include("was redelegated there and is still slashable");
      expect(await besideButton(page, "Unstake status", button)).to.equal(text);
      expect(await nonceOf(user)).to.equal(nonce);
      expect(wallet.sent).to.have.length(sent);
      expect(await system.pool.stakeOf(user, destination)).to.equal(position);
    });

    it("refuses bad input beside Redelegate — more than the position, too many decimals — and sends nothing; Max fills the whole position", async function () {
      const [nonce, sent] = [await nonceOf(user), wallet.sent.length];
      const form = page.locator("#account").getByRole("form", { name: "Redelegate" });
      const amount = form.getByLabel("Amount to move (ETM or all)");
      const button = form.getByRole("button", { name: "Redelegate", exact: true });
      await form.getByLabel("Move stake from (your position)").selectOption(source);
      await form.getByLabel("To validator").selectOption(destination);
      const position = await system.pool.stakeOf(user, source);

      await amount.fill("5000");
      await button.click();
      let text = await waitForStatus(page, "Redelegate status", /not sent|confirmed|failed/);
      const over = {
        account: getAddress(user),
        validator: source,
        stakedWei: position,
        requestedWei: 5_000n * ETM,
      };
      expect(text).to.equal(`Redelegate not sent: ${SENTENCES.InsufficientStake(over, "redelegate")}.`);
      expect(await besideButton(page, "Redelegate status", button)).to.equal(text);

      await amount.fill("1.0000000000000000001");
      await button.click();
      text = await waitForStatus(page, "Redelegate status", /decimals/);
      let parseError = "";
      try {
        parseEtm("1.0000000000000000001");
      } catch (error) {
        parseError = (error as Error).message;
      }
      expect(parseError, "the parser refuses it").to.not.equal("");
      expect(text).to.equal(`Redelegate not sent: ${parseError}`);
      expect(await besideButton(page, "Redelegate status", button)).to.equal(text);

      expect(await nonceOf(user)).to.equal(nonce);
      expect(wallet.sent).to.have.length(sent);

      // Max: "all", the whole position as the pool values it when the transaction runs.
      expect(position > 0n, "a position to move").to.equal(true);
      await form.getByRole("button", { name: "Max", exact: true }).click();
      expect(await amount.inputValue()).to.equal("all");
      expect(wallet.sent).to.have.length(sent, "Max sends nothing");
    });

    it("on a phone each maturing redelegation is a card: every value under its column's name, inside the screen", async function () {
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        await waitForShown(page, (x) => x.redelegations.length > 0);
        const [cells] = await expectCards(page, "Maturing redelegations", 390);
        expect(cells!.map((c) => c.label)).to.deep.equal(
          [
            "From",
            "To",
            "Amount (ETM)",
            "Still slashable (ETM)",
            "Owed (ETM)",
            "Matures at block",
            "When",
          ].map((name) => `"${name}: "`),
        );
        await page.getByRole("table", { name: "Maturing redelegations" }).screenshot({
          path: path.join(ARTIFACTS, "21-phone-redelegation-card.png"),
        });
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    });
  });

  describe("validator names from the profiles", function () {
    let named: string;
    let unnamed: string;
    let name: string;

    const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;

    /** Sends `data` to the pool from `from` (a devnet operator, whose key the node holds). */
    async function sendToPool(from: string, data: string): Promise<void> {
      await sendAs(from, await system.pool.getAddress(), data);
    }

    before(async function () {
      // An active, unjailed candidate sets a profile; another, without one, stays unnamed.
      const candidates = await system.pool.candidates();
      const names = await system.pool.namesOf([...candidates]);
      name = `dApp test_node-${Math.floor(Math.random() * 1e6)}.x`;
      named = await stakeableValidator((operator) =>
        system.pool.setProfile.staticCall(name, "https://example.org", "<b>x</b>", { from: operator }).then(
          () => true,
          () => false,
        ),
      );
      expect(named, "an operator can set a profile").to.not.equal(undefined);
      unnamed = candidates.find((c, i) => c !== named && names[i] === "")!;
      expect(unnamed, "a candidate without a name").to.not.equal(undefined);
      await sendToPool(
        named,
        system.pool.interface.encodeFunctionData("setProfile", [name, "https://example.org", "<b>x</b>"]),
      );
      expect((await system.pool.profileOf(named)).name).to.equal(name);
    });

    it("shows the name with the short address beside it, and the bare short address without one", async function () {
      const user = await newUser(100n * ETM);
      const pool = await system.pool.getAddress();
      for (const [to, data] of [
        [
          await system.token.getAddress(),
          system.token.interface.encodeFunctionData("approve", [pool, 10n * ETM]),
        ],
        [pool, system.pool.interface.encodeFunctionData("stake", [named, 10n * ETM])],
      ])
        await sendAs(user, to, data);
      expect(await system.pool.stakeOf(user, named)).to.equal(10n * ETM);
      const { context, page } = await openApp(user);
      try {
        await connected(page, user);
        const s = await waitForShown(page, (x) => x.positions.length === 1 && x.candidates.length > 0);
        const at = { blockTag: Number(s.fields.block) };
        const chainNames = await system.pool.namesOf(s.addresses.candidates, at);
        // Every candidate row: "name 0x1234…abcd", or the short address alone, as the chain has it.
        s.addresses.candidates.forEach((a, i) =>
          expect(s.candidates[i][0]).to.equal(chainNames[i] ? `${chainNames[i]} ${short(a)}` : short(a)),
        );
        const row = s.addresses.candidates.indexOf(named);
        expect(s.candidates[row][0]).to.equal(`${name} ${short(named)}`);
        expect(s.candidates[s.addresses.candidates.indexOf(unnamed)][0]).to.equal(short(unnamed));
        // The position and the stake dropdown name it too.
        expect(s.addresses.positions).to.deep.equal([named]);
        expect(s.positions[0][0]).to.equal(`${name} ${short(named)}`);
        const option = await page
          .getByLabel("Stake to validator")
          .locator(`option[value="${named}"]`)
          .textContent();
        expect(option).to.match(new RegExp(`^${name.replace(/\./g, "\\.")} \\(${short(named)}\\) — `));
        const unnamedOption = await page
          .getByLabel("Stake to validator")
          .locator(`option[value="${unnamed}"]`)
          .textContent();
        expect(unnamedOption).to.match(new RegExp(`^${short(unnamed)} — `));
        // The active set: each member named as the chain names it.
        const activeNames = await system.pool.namesOf(s.addresses.active, at);
        s.addresses.active.forEach((a, i) =>
          expect(s.active[i]).to.equal(activeNames[i] ? `${activeNames[i]} ${short(a)}` : short(a)),
        );
        // (The devnet jails validators that missed heartbeats while the tests mined blocks: the set
        // may be smaller than 21 here.)
        expect(s.addresses.active.length).to.be.greaterThan(0);
        await page.screenshot({ path: path.join(ARTIFACTS, "09-validator-names.png"), fullPage: true });
      } finally {
        await context.close();
      }
    });

    it("refuses HTML in a name on chain; a hostile name from a node still shows as literal text", async function () {
      // The pool allows only ASCII letters, digits, space, '-', '_', '.': '<' is refused.
      for (const bad of ["<b>x</b>", "<img src=x onerror=alert(1)>", "a&amp;b"]) {
        const refusal = await system.pool.setProfile
          .staticCall(bad, "", "", { from: named })
          .then(() => undefined)
          .catch((e: { revert?: { name: string } }) => e.revert?.name);
        expect(refusal, bad).to.equal("InvalidProfileName");
      }
      // What the chain refuses, a hostile node (or a future contract) could still hand the page:
      // the test wallet rewrites the lens's answer so the named validator is called by HTML.
      const hostile = `<img src=x onerror="window.__etmPwned=1"><b>x</b>`;
      const user = await newUser(1n * ETM);
      const { context, page, wallet } = await openApp(user);
      const lens = StakingLens__factory.createInterface();
      const snapshot = lens.getFunction("snapshot")!;
      // Where the candidates' operators and names are in the decoded tuple (from the ABI, not by hand).
      const index = (fields: readonly { name: string }[], name: string) =>
        fields.findIndex((f) => f.name === name);
      const snapshotFields = snapshot.outputs[0].components!;
      const candidatesAt = index(snapshotFields, "candidates");
      const itemsAt = index(snapshotFields[candidatesAt].components!, "items");
      const view = snapshotFields[candidatesAt].components![itemsAt].arrayChildren!.components!;
      const [operatorAt, nameAt] = [index(view, "operator"), index(view, "name")];
      wallet.rewrite = (method, params, result) => {
        const call = params[0] as { data?: string } | undefined;
        if (method !== "eth_call" || !call?.data?.startsWith(snapshot.selector)) return result;
        const [decoded] = lens.decodeFunctionResult("snapshot", String(result)).toArray(true) as unknown[][];
        const items = (decoded[candidatesAt] as unknown[][])[itemsAt] as unknown[][];
        for (const item of items) if (item[operatorAt] === named) item[nameAt] = hostile;
        return lens.encodeFunctionResult("snapshot", [decoded]);
      };
      try {
        await connected(page, user);
        const s = await waitForShown(page, (x) => x.candidates.some((r) => r[0].startsWith("<img")));
        const row = s.addresses.candidates.indexOf(named);
        expect(s.candidates[row][0]).to.equal(`${hostile} ${short(named)}`);
        const injected = await page.evaluate(() => ({
          pwned: (window as unknown as { __etmPwned?: number }).__etmPwned,
          images: document.querySelectorAll("main img").length,
          bold: document.querySelectorAll("table[aria-label=Candidates] b").length,
        }));
        expect(injected).to.deep.equal({ pwned: undefined, images: 0, bold: 0 });
        const option = await page
          .getByLabel("Stake to validator")
          .locator(`option[value="${named}"]`)
          .textContent();
        expect(option!.startsWith(`${hostile} (${short(named)})`)).to.equal(true, option!);
      } finally {
        await context.close();
      }
    });
  });

  describe("reads the chain through the lens: at most 3 eth_calls per block", function () {
    const BLOCKS = 5;
    const MAX_CALLS_PER_BLOCK = 3;

    async function untilBlock(target: number): Promise<void> {
      while ((await devnet.provider.getBlockNumber()) < target) await new Promise((r) => setTimeout(r, 250));
    }

    /**
     * Each block read at most 3 times, every block read, and every eth_call to the lens — or the
     * pool's `namesOf`, which snapshot.ts sends when the page shows validators off its page of
     * candidates (genesis placeholders in the first round, an active set beyond the page).
     */
    async function check(requests: { method: string; params: unknown[] }[], from: number, to: number) {
      const byBlock = callsByBlock(requests);
      console.log(
        `      eth_calls per block over blocks ${from}..${to}: ${JSON.stringify(Object.fromEntries(byBlock))}`,
      );
      const blocks = [...byBlock.keys()].filter((k) => /^\d+$/.test(k)).map(Number);
      // The page read every block it saw (so the count below counts something) ...
      for (let b = from + 1; b < to; b++) expect(blocks, `the page read block ${b}`).to.include(b);
      // ... at most 3 eth_calls for each, none outside a block, all of them to the lens (or names).
      for (const [block, calls] of byBlock) {
        expect(calls, `eth_calls at block ${block}`).to.be.at.most(MAX_CALLS_PER_BLOCK);
      }
      expect(blocks.length, "every eth_call names its block").to.equal(byBlock.size);
      const record = (await (await fetch(`${devnet.appUrl}deployments.json`)).json()) as {
        deployments: { chainId: number; contracts: Record<string, string> }[];
      };
      const { lens, pool } = record.deployments.find((d) => d.chainId === CHAIN_ID)!.contracts;
      const namesOf = system.pool.interface.getFunction("namesOf")!.selector;
      for (const r of requests.filter((q) => q.method === "eth_call")) {
        const call = r.params[0] as { to?: string; data?: string };
        const to = String(call.to).toLowerCase();
        const allowed =
          to === lens!.toLowerCase() || (to === pool!.toLowerCase() && call.data?.startsWith(namesOf));
        expect(
          allowed,
          `an eth_call to ${to} (${call.data?.slice(0, 10)}): the lens, or the pool's namesOf`,
        ).to.equal(true);
      }
    }

    it("with a wallet, an account with a position and the devnet's 30+ candidates", async function () {
      const user = await newUser(5_000n * ETM);
      const validator = await stakeableValidator();
      const p = devnet.provider;
      const pool = await system.pool.getAddress();
      await sendAs(
        user,
        await system.token.getAddress(),
        system.token.interface.encodeFunctionData("approve", [pool, 1_000n * ETM]),
      );
      await sendAs(user, pool, system.pool.interface.encodeFunctionData("stake", [validator, 1_000n * ETM]));
      // 30 seeded; an earlier test may have registered one more.
      const count = Number(await system.pool.candidateCount());
      expect(count).to.be.at.least(30);
      const { context, page, wallet } = await openApp(user);
      try {
        await connected(page, user);
        await waitForShown(page, (x) => x.positions.length === 1 && x.candidates.length === count);
        const from = await p.getBlockNumber();
        wallet.requests.length = 0;
        await untilBlock(from + BLOCKS);
        await new Promise((r) => setTimeout(r, 1500)); // the page's refresh of the last block
        const to = await p.getBlockNumber();
        await check([...wallet.requests], from, to);
      } finally {
        await context.close();
      }
    });

    it("read-only, counted on the wire", async function () {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        const wire = await recordRpc(page, devnet.rpcUrl);
        await page.goto(devnet.appUrl);
        const watched = (await system.pool.candidates())[0]!;
        await page.getByLabel("Address to watch").fill(watched);
        await page.getByRole("button", { name: "View read-only" }).click();
        const count = Number(await system.pool.candidateCount());
        expect(count).to.be.at.least(30);
        await waitForShown(page, (x) => x.fields.balance !== undefined && x.candidates.length === count);
        const from = await devnet.provider.getBlockNumber();
        wire.counting = true;
        await untilBlock(from + BLOCKS);
        await new Promise((r) => setTimeout(r, 1500));
        wire.counting = false;
        const to = await devnet.provider.getBlockNumber();
        await check(wire.requests, from, to);
      } finally {
        await context.close();
      }
    });
  });
  describe("governance from the page: propose by name, vote, queue, execute, with each proposal's timeline", function () {
    let user: string;
    let page: Page;
    let wallet: TestWallet;
    let context: BrowserContext;
    /** Hostile text: a description is anyone's; the page must show it as text and run nothing. */
    const description = `<img src=x onerror="window.__pwned=1">dApp test: commission changes wait 45 blocks`;
    const label = (id: bigint) => `${id.toString(16).padStart(64, "0").slice(0, 8)}…`;

    before(async function () {
      // A user with votes: 2,000 ETM bonded and delegated to itself, outside the page.
      user = await newUser(3_000n * ETM);
      const validator = await stakeableValidator();
      const [pool, token, votes] = [
        await system.pool.getAddress(),
        await system.token.getAddress(),
        await system.votes.getAddress(),
      ];
      await sendAs(user, token, system.token.interface.encodeFunctionData("approve", [pool, 2_000n * ETM]));
      await sendAs(user, pool, system.pool.interface.encodeFunctionData("stake", [validator, 2_000n * ETM]));
      await sendAs(user, votes, system.votes.interface.encodeFunctionData("delegate", [user]));
      await devnet.provider.send("hardhat_mine", ["0x2"]);
      ({ page, wallet, context } = await openApp(user));
      await connected(page, user);
    });

    after(async function () {
      await context?.close();
    });

    it("refuses bad changes beside the Propose button, with the contract's reason, and sends nothing", async function () {
      const form = page.getByRole("form", { name: "Propose" });
      const button = form.getByRole("button", { name: "Propose", exact: true });
      const nonce = await nonceOf(user);
      const sent = wallet.sent.length;
      await form.getByLabel("Changes (name=value, comma-separated)").fill("commissionDelayBlocks=soon");
      await form.getByLabel("Description (what and why, shown to voters)").fill("a test");
      await button.click();
      expect(await waitForStatus(page, "Propose status", /not sent/)).to.equal(
        'Propose not sent: commissionDelayBlocks=soon: "soon" is not a whole number',
      );
      // Tried as the timelock before sending: the pool's refusal, in words.
      await form.getByLabel("Changes (name=value, comma-separated)").fill("delta=0.6");
      await button.click();
      expect(await waitForStatus(page, "Propose status", /not sent/)).to.equal(
        "Propose not sent: pool.setParameter(0, 600000000000000000)  [delta=0.6] would be refused when executed: " +
          "delta 60.00% is outside 0.00%..50.00% (ParameterOutOfRange)",
      );
      expect(await besideButton(page, "Propose status", button)).to.match(/^Propose not sent: /);
      expect(await nonceOf(user)).to.equal(nonce);
      expect(wallet.sent).to.have.length(sent);
    });

    it("proposes, votes, queues and executes from the page; the parameter changes and the timeline shows each step", async function () {
      const p = devnet.provider;
      const { governor, pool } = system;
      const form = page.getByRole("form", { name: "Propose" });
      const proposeButton = form.getByRole("button", { name: "Propose", exact: true });
      await form.getByLabel("Changes (name=value, comma-separated)").fill("commissionDelayBlocks=45");
      await form.getByLabel("Description (what and why, shown to voters)").fill(description);
      const sent = wallet.sent.length;
      await proposeButton.click();
      const proposed = await waitForStatus(page, "Propose status", /confirmed|not sent|failed/);
      expect(proposed, proposed).to.match(/^Propose: confirmed in block \d+\.$/);
      expect(await besideButton(page, "Propose status", proposeButton)).to.equal(proposed);
      expect(await page.locator("#message").isHidden(), "the top banner does not repeat it").to.equal(true);
      const createdBlock = Number(/block (\d+)/.exec(proposed)![1]);
      expect(wallet.sent).to.have.length(sent + 1);
      // The same calls etm:propose would make: pool.setParameter(commissionDelayBlocks, 45).
      const targets = [await pool.getAddress()];
      const calldatas = [pool.interface.encodeFunctionData("setParameter", [5, 45n])];
      const id = await governor.hashProposal(targets, [0n], calldatas, textHash(description));
      expect(await governor.proposalProposer(id)).to.equal(getAddress(user));
      const tag = label(id);
      const row = page.getByRole("table", { name: "Proposals" }).getByRole("row").filter({ hasText: tag });
      const timeline = page.getByRole("list", { name: `Timeline of proposal ${tag}` });
      const snapshot = await governor.proposalSnapshot(id);
      let deadline = await governor.proposalDeadline(id);
      await timeline.filter({ hasText: `Created in block ${createdBlock}` }).waitFor();
      expect(await timeline.locator("li").allTextContents()).to.deep.equal([
        `Created in block ${createdBlock}`,
        `Voting from block ${snapshot + 1n} to block ${deadline}`,
      ]);
      // The description is shown as text: the markup is visible, nothing of it was parsed or run.
      let s = await waitForShown(page, (x) => x.proposals.some((r) => r[0] === tag));
      expect(s.proposals.find((r) => r[0] === tag)![1]).to.equal(description);
      expect(await page.locator("#governance img").count()).to.equal(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).to.equal(
        undefined,
      );
      // Nothing to do while Pending: no vote, queue or execute button.
      expect(await row.getByRole("button", { name: `Queue proposal ${tag}` }).isHidden()).to.equal(true);
      expect(await row.getByRole("button", { name: `Vote for proposal ${tag}` }).isHidden()).to.equal(true);

      // Voting opens: the user votes for from the page; devnet operators add theirs up to the quorum.
      await mineTo(snapshot + 1n);
      const vote = row.getByRole("button", { name: `Vote for proposal ${tag}` });
      await vote.waitFor({ state: "visible", timeout: 60_000 });
      await vote.click();
      const voted = await waitForStatus(page, `Proposal ${tag} status`, /confirmed|not sent|failed/);
      expect(voted, voted).to.match(/^Vote: confirmed in block \d+\.$/);
      expect(await governor.hasVoted(id, user)).to.equal(true);
      const quorum = await governor.quorum(snapshot);
      const accounts = (await p.send("eth_accounts", [])) as string[];
      const governorAddress = await governor.getAddress();
      // Delegators first, then operators; all sent at once, mined together.
      let counted = (await governor.proposalVotes(id)).forVotes;
      const voters: string[] = [];
      for (const account of [...accounts.slice(31), ...accounts.slice(1, 31)]) {
        if (counted >= quorum) break;
        const weight = await governor.getVotes(account, snapshot);
        if (weight === 0n) continue;
        voters.push(account);
        counted += weight;
      }
      const hashes = await Promise.all(
        voters.map(
          (from) =>
            p.send("eth_sendTransaction", [
              { from, to: governorAddress, data: governor.interface.encodeFunctionData("castVote", [id, 1]) },
            ]) as Promise<string>,
        ),
      );
      for (const hash of hashes) expect((await p.waitForTransaction(hash))!.status).to.equal(1);
      const tally = await governor.proposalVotes(id);
      expect(tally.forVotes + tally.abstainVotes >= quorum, "the quorum is reached").to.equal(true);

      // Voting closes: Queue appears, and queues it.
      deadline = await governor.proposalDeadline(id);
      await mineTo(deadline + 1n);
      expect(await governor.state(id)).to.equal(4n, "Succeeded");
      const queue = row.getByRole("button", { name: `Queue proposal ${tag}` });
      await queue.waitFor({ state: "visible", timeout: 60_000 });
      await queue.click();
      const queued = await waitForStatus(
        page,
        `Proposal ${tag} status`,
        /Queue.*(confirmed|not sent|failed)/,
      );
      expect(queued, queued).to.match(/^Queue: confirmed in block \d+\.$/);
      const queuedBlock = Number(/block (\d+)/.exec(queued)![1]);
      const eta = await governor.proposalEta(id);
      await timeline.filter({ hasText: `Queued in block ${queuedBlock}` }).waitFor({ timeout: 60_000 });
      expect(await timeline.locator("li").nth(2).textContent()).to.equal(
        `Queued in block ${queuedBlock}; executable from ${formatUtc(eta)}`,
      );

      // Execute before the timelock's delay: refused in words beside the button, nothing sent.
      const execute = row.getByRole("button", { name: `Execute proposal ${tag}` });
      await execute.waitFor({ state: "visible", timeout: 60_000 });
      const before = wallet.sent.length;
      expect((await p.getBlock("latest"))!.timestamp < Number(eta)).to.equal(true, "still in the timelock");
      await execute.click();
      const early = await waitForStatus(
        page,
        `Proposal ${tag} status`,
        /^Execute.*(confirmed|not sent|failed)/,
      );
      expect(early).to.match(
        new RegExp(
          `^Execute not sent: proposal ${tag.replace(".", "\\.")} is in the timelock until ${new Date(Number(eta) * 1000).toISOString().replace(/\./g, "\\.")} `,
        ),
      );
      expect(wallet.sent).to.have.length(before);
      expect(await statusBeside(row, `Proposal ${tag} status`, execute)).to.equal(early);

      // After the delay: executes, and the pool's parameter is the proposal's.
      await p.send("evm_increaseTime", [31]);
      await p.send("evm_mine", []);
      while ((await p.getBlock("latest"))!.timestamp < Number(eta))
        await new Promise((r) => setTimeout(r, 250));
      // The row is re-rendered every block: a click that lands on a button being replaced is lost (the
      // early refusal then stays). Click until the status moves on from it, at most three times.
      const status = page.getByRole("status", { name: `Proposal ${tag} status`, exact: true });
      for (let attempt = 0; attempt < 3 && (await status.textContent()) === early; attempt++) {
        await execute.click();
        await page.waitForTimeout(2_000);
      }
      const executed = await waitForStatus(
        page,
        `Proposal ${tag} status`,
        /^Execute: (confirmed|failed)|^Execute proposal .* failed/,
      );
      expect(executed, executed).to.match(/^Execute: confirmed in block \d+\.$/);
      const executedBlock = Number(/block (\d+)/.exec(executed)![1]);
      expect(await pool.parameter(5)).to.equal(45n);
      expect(await governor.state(id)).to.equal(7n, "Executed");
      await timeline.filter({ hasText: `Executed in block ${executedBlock}` }).waitFor({ timeout: 60_000 });
      expect(await timeline.locator("li").allTextContents()).to.deep.equal([
        `Created in block ${createdBlock}`,
        `Voting from block ${snapshot + 1n} to block ${deadline}`,
        `Queued in block ${queuedBlock}; executable from ${formatUtc(eta)}`,
        `Executed in block ${executedBlock}`,
      ]);
      s = await waitForShown(page, (x) =>
        x.proposals.some((r) => r[0] === tag && r[2].startsWith("Executed")),
      );
      expect(await execute.isHidden(), "nothing left to do").to.equal(true);
      expect(await queue.isHidden()).to.equal(true);
      expect(await page.locator("#message").isHidden(), "the top banner repeated no outcome").to.equal(true);
      await row.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, "14-governance-executed.png") });
    });

    it("on a phone each proposal is a card: the id its title, its description, tally, timeline and outcome inside the screen", async function () {
      await page.setViewportSize({ width: 390, height: 844 });
      try {
        const rows = await expectCards(page, "Proposals", 390);
        const s = await shown(page);
        const mine = s.proposals.findIndex((r) => r[1] === description);
        expect(mine, "the proposal made here is listed").to.be.at.least(0);
        expect(rows[mine]!.map((c) => c.label)).to.deep.equal([
          "none",
          '"Description: "',
          '"State: "',
          '"For: "',
          '"Against: "',
          '"Abstain: "',
          '"Voting: "',
          '"Timeline: "',
          "none",
        ]);
        const row = page.locator('table[aria-label="Proposals"] tbody tr').nth(mine);
        await row.scrollIntoViewIfNeeded();
        await row.screenshot({ path: path.join(ARTIFACTS, "22-phone-proposal-card.png") });
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    });

    /** Mines up to `block` at once (nothing when the chain is there already). */
    async function mineTo(block: bigint): Promise<void> {
      const now = BigInt(await devnet.provider.getBlockNumber());
      if (block > now) await devnet.provider.send("hardhat_mine", [toQuantity(block - now)]);
    }

    /** The text of `statusName` inside `container`, checked to lie just under `button` (within 120 px). */
    async function statusBeside(container: Locator, statusName: string, button: Locator): Promise<string> {
      const status = container.getByRole("status", { name: statusName, exact: true });
      const [statusBox, buttonBox] = [await status.boundingBox(), await button.boundingBox()];
      expect(statusBox, `${statusName} is visible`).to.not.equal(null);
      const gap = statusBox!.y - (buttonBox!.y + buttonBox!.height);
      expect(gap, `${statusName} lies just under the button`).to.be.within(0, 120);
      return (await status.textContent()) ?? "";
    }
  });

  describe("a validator's page: its figures, uptime from heartbeats, slashes and history from the chain's logs", function () {
    let validator: string;
    let slashBlock: number;
    let infractionBlock: number;
    let slashed: {
      fractionWad: bigint;
      bondedBurnedWei: bigint;
      unbondingBurnedWei: bigint;
      jailedUntilBlock: bigint;
    };
    const infraction = { blocksAgo: 3, reason: "downtime" };

    before(async function () {
      // A seeded validator with heartbeats, slashed 1% by the slasher (the DAO's timelock on the
      // devnet, impersonated here) for an infraction 3 blocks ago.
      validator = await stakeableValidator((operator) => system.election.isActiveValidator(operator));
      const p = devnet.provider;
      const record = (await (await fetch(`${devnet.appUrl}deployments.json`)).json()) as {
        deployments: { chainId: number; contracts: Record<string, string> }[];
      };
      const timelock = record.deployments.find((d) => d.chainId === CHAIN_ID)!.contracts.timelock!;
      expect(await system.pool.hasRole(await system.pool.SLASHER_ROLE(), timelock)).to.equal(true);
      await p.send("hardhat_impersonateAccount", [timelock]);
      await p.send("hardhat_setBalance", [timelock, toQuantity(10n * ETM)]);
      infractionBlock = (await p.getBlockNumber()) - infraction.blocksAgo;
      slashBlock = await sendAs(
        timelock,
        await system.pool.getAddress(),
        system.pool.interface.encodeFunctionData("slash", [
          validator,
          ETM / 100n,
          infractionBlock,
          encodeBytes32String(infraction.reason),
        ]),
      );
      const [log] = await system.pool.queryFilter(
        system.pool.filters.Slashed(validator),
        slashBlock,
        slashBlock,
      );
      slashed = log!.args;
    });

    it("opens from Details: the chain's figures at the block shown, heartbeats counted by round, the slash and every event as logged", async function () {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        await page.goto(devnet.appUrl);
        await waitForShown(page, (x) => x.addresses.candidates.includes(validator));
        await page.getByRole("button", { name: `Details of validator ${validator}` }).click();
        const heading = page.locator("#validator-page-heading");
        await heading.waitFor();
        expect(await page.evaluate(() => document.activeElement?.id), "focus moves to the page").to.equal(
          "validator-page-heading",
        );
        await page
          .locator('[data-field="validator-history-window"]')
          .filter({ hasText: /^From the chain's logs/ })
          .waitFor({ timeout: 60_000 });
        // One look: the figures, the uptime, the slashes and the history, as of one render.
        const look = await page.evaluate(() => {
          const text = (sel: string) => document.querySelector(sel)?.textContent ?? "";
          const exact = (sel: string) =>
            document.querySelector<HTMLElement>(`${sel} [data-exact]`)?.dataset.exact ?? "";
          const rows = (label: string) =>
            Array.from(document.querySelectorAll(`table[aria-label="${label}"] tbody tr`)).map((tr) =>
              Array.from((tr as HTMLTableRowElement).cells).map((td) => {
                const e = td.querySelector<HTMLElement>("[data-exact]") ?? (td.dataset.exact ? td : null);
                return e?.dataset.exact ?? td.textContent ?? "";
              }),
            );
          return {
            block: text('[data-field="block"]'),
            heading: text("#validator-page-heading"),
            window: text('[data-field="validator-history-window"]'),
            stake: exact('[data-field="validator-stake"]'),
            commission: text('[data-field="validator-commission"]'),
            uptime: text('[data-field="validator-uptime"]'),
            slashes: rows("Slashes"),
            history: rows("Validator history"),
          };
        });
        const at = { blockTag: Number(look.block) };
        const [names, info, [round, roundStart, roundLength]] = await Promise.all([
          system.pool.namesOf([validator], at),
          system.pool.validatorInfo(validator, at),
          system.election.roundInfo(at),
        ]);
        const short = `${validator.slice(0, 6)}…${validator.slice(-4)}`;
        expect(look.heading).to.equal(`Validator ${names[0] ? `${names[0]} ` : ""}${short}`);
        expect(etm(look.stake), "the stake, the chain's at the block shown").to.equal(info.bondedWei);
        expect(look.commission.startsWith(formatPercent(info.commissionWad))).to.equal(true);

        // The history: every pool event with the validator first and every heartbeat it sent, in the
        // blocks the page says it read, newest first — as the chain's logs have them.
        const [, from, to] = /blocks (\d+)–(\d+)/.exec(look.window)!.map(Number);
        const p = devnet.provider;
        const pool = system.pool.interface;
        const events = [
          "ValidatorRegistered",
          "CommissionChangeScheduled",
          "CommissionChanged",
          "Slashed",
          "Jailed",
          "SelfStakeShortfall",
          "ValidatorDisplaced",
          "ValidatorRelisted",
          "ValidatorDeregistered",
          "ProfileSet",
        ] as const;
        const poolLogs = await p.getLogs({
          address: await system.pool.getAddress(),
          topics: [events.map((e) => pool.getEvent(e)!.topicHash), zeroPadValue(validator, 32)],
          fromBlock: from,
          toBlock: to,
        });
        const beats = await system.election.queryFilter(
          system.election.filters.Heartbeat(validator),
          from,
          to,
        );
        const logged = [
          ...poolLogs.map((l) => ({ block: l.blockNumber, index: l.index, event: pool.parseLog(l)!.name })),
          ...beats.map((l) => ({ block: l.blockNumber, index: l.index, event: "Heartbeat" })),
        ].sort((x, y) => y.block - x.block || y.index - x.index);
        expect(look.history.map((r) => [Number(r[0]), r[1]])).to.deep.equal(
          logged.slice(0, 50).map((l) => [l.block, l.event]),
        );
        expect(
          logged.some((l) => l.event === "Heartbeat"),
          "the keeper's heartbeats are there",
        ).to.equal(true);

        // Uptime: distinct rounds with a heartbeat among the last completed rounds shown (at most 10,
        // all of them started inside the blocks read), the last one the round before the current.
        const [, withBeat, rounds, first, last] =
          /heartbeats in (\d+) of the last (\d+) rounds \(rounds (\d+)–(\d+)\)/
            .exec(look.uptime)!
            .map(Number);
        expect(BigInt(last!)).to.equal(round - 1n);
        expect(rounds).to.equal(last! - first! + 1);
        expect(rounds).to.be.within(1, 10);
        const roundsBeaten = new Set(
          beats.map((b) => Number(b.args.round)).filter((r) => r >= first! && r <= last!),
        );
        expect(withBeat, "rounds with a heartbeat, counted from the chain's logs").to.equal(
          roundsBeaten.size,
        );
        const firstStart = roundStart - (round - BigInt(first!)) * roundLength;
        expect(firstStart >= BigInt(from!), "the rounds counted started inside the blocks read").to.equal(
          true,
        );

        // The slash: its own table, the figures of the chain's Slashed event.
        expect(look.slashes).to.have.length(1);
        const [row] = look.slashes;
        expect([row![0], row![1], row![2], row![5], row![6]]).to.deep.equal([
          String(slashBlock),
          formatPercent(slashed.fractionWad),
          String(infractionBlock),
          infraction.reason,
          String(slashed.jailedUntilBlock),
        ]);
        expect(etm(row![3]!), "bonded burned").to.equal(slashed.bondedBurnedWei);
        expect(etm(row![4]!), "unbonding burned").to.equal(slashed.unbondingBurnedWei);
        await page
          .locator("#validator-page")
          .screenshot({ path: path.join(ARTIFACTS, "23-validator-page.png") });

        // On a phone: the slash and the history are cards inside the screen.
        await page.setViewportSize({ width: 390, height: 844 });
        await expectCards(page, "Slashes", 390);
        await expectCards(page, "Validator history", 390);
        await page.setViewportSize({ width: 1280, height: 900 });

        await page.getByRole("button", { name: "Close the validator's page" }).click();
        expect(await page.locator("#validator-page").isHidden()).to.equal(true);
      } finally {
        await context.close();
      }
    });
  });
});
