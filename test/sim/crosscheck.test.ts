/**
 * The cross-check (issue 6): the simulator's trajectory and the contracts on the in-process chain,
 * with the same actions.
 *
 * A scenario with a few validators (with commission) and a few agents is simulated with its actions
 * recorded. The actions, converted to wei and chain blocks (`toExactActions`), are then
 *
 * - sent to the pool: each action at its own block (`hardhat_mine` up to it), every action of one
 *   block mined together in that block (automine off). The simulator's block 0 is the pool's
 *   deployment block, so the deployment, the funding of every account, the validators' registrations
 *   and the first stakes share one block (see `deployInOneBlock`);
 * - applied to the simulator's exact ledger (`ExactStakingLedger`), one block at a time.
 *
 * After every block with actions the test compares, to the wei: what each action paid (rewards,
 * commission, amounts unbonded and withdrawn, from the pool's events), the token's total supply,
 * the treasury, the total stake, the reward-per-token accumulator, the validators' `delta` share,
 * and for every position its `stakeOf` and `pendingReward` and for every validator its bonded stake
 * and `pendingCommission`. At the end it compares the floating-point trajectory (the CSV's supply,
 * stake, staking ratio, treasury and validators' take, and every agent's reward) with the chain,
 * within `FLOAT_TOLERANCE` relative.
 *
 * A last case replays hand-written actions the simulator never produces (a commission change with a
 * delay, an inflation rate set mid-year, a block with only a withdrawal, a validator claiming and
 * compounding its commission) on the same machinery, ledger against chain.
 */
import { expect } from "chai";
import { registerValidator } from "../shared/signerProof";
import { ETM } from "../shared/units";
import { SLASH_EPOCH_BLOCKS } from "../../lib/poolAccounting";
import { UNDER_COVERAGE } from "../shared/coverage";
import hre from "hardhat";
import { mine } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse, Log, LogDescription, TransactionReceipt } from "ethers";
import { encodeBytes32String } from "ethers";
import { poolConfig, resolveOptions } from "../../scripts/deploy";
import type { ETMToken, IStakingPool } from "../../typechain-types";
import type { BaseContract } from "ethers";
import {
  ERC1967Proxy__factory,
  ETMToken__factory,
  ParameterLogic__factory,
  PoolViews__factory,
  SlashingLogic__factory,
  StakeVotes__factory,
  IStakingPool__factory,
  StakingPoolExtension__factory,
  StakingPool__factory,
  UnbondingLogic__factory,
  ValidatorLogic__factory,
} from "../../typechain-types";
import {
  applyExactAction,
  BLOCKS_PER_YEAR_BIG,
  exactLedgerFor,
  ExactAction,
  ExactActionOutcome,
  ExactStakingLedger,
  parseScenario,
  Scenario,
  simulate,
  SimulationResult,
  toExactActions,
  toWad,
  toWei,
} from "../../sim";

/**
 * Largest relative difference allowed between the floating-point simulation and the chain. The
 * float path rounds each step to double precision (about 1e-16) where the chain floors to the wei;
 * measured differences are below 5e-15 (docs/simulator.md, "The cross-check").
 */
const FLOAT_TOLERANCE = 1e-12;

/** Agents' head start, ETM: see `deployInOneBlock`. */
const FLOAT_HEADROOM_ETM = 1;

const GWEI = 10n ** 9n;
const MAX_FEE = 100n * GWEI;
/**
 * Priority fees order the transactions of one block: the deployer's first (deployment, funding,
 * rates), then the validators' (registrations), then the agents' (stakes); within a sender, nonce
 * order. (Within a block the pool's results do not depend on the order of different accounts: the
 * first transaction accrues, and every later one settles at the same accumulator.)
 */
const TIP = { deployer: 3n * GWEI, validator: 2n * GWEI, agent: 1n * GWEI };

/** Who sends an action: the deployer (a slash, a keeper's `settleValidator`, a rate), a validator, an agent. */
function senderOf(action: ExactAction): keyof typeof TIP {
  switch (action.kind) {
    case "slash":
    case "settleValidator":
    case "setInflationRate":
      return "deployer";
    case "registerValidator":
    case "setCommission":
      return "validator";
    default:
      return "agent";
  }
}

/** The pool's settings for one run. */
interface PoolSetup {
  initialSupplyWei: bigint;
  initialRateWad: bigint;
  /** Rates of later years, set in the deployment block. */
  laterRates: Array<{ year: bigint; rateWad: bigint }>;
  deltaWad: bigint;
  unbondingBlocks: bigint;
  minStakeWei: bigint;
  /** Default: `deploySystem`'s. */
  minSelfStakeWei?: bigint;
  commissionDelayBlocks: bigint;
  /** Default: `deploySystem`'s. */
  jailBlocks?: number;
  /** The ledger for a pool deployed at `startBlock`. */
  ledgerAt(startBlock: bigint): ExactStakingLedger;
}

/** Who takes part: validators (with their self-stake) and agents (with what they are given). */
interface Parties {
  validators: Array<{ id: string; selfStakeWei: bigint }>;
  agents: Array<{ id: string; holdingsWei: bigint; validator: string }>;
}

interface Chain {
  token: ETMToken;
  pool: IStakingPool;
  deployer: HardhatEthersSigner;
  treasury: string;
  /** Party id (`validator-0`, `seekers-2`) to signer. */
  accounts: Map<string, HardhatEthersSigner>;
  /** Every position: each validator's self-stake and each agent's with its validator. */
  positions: Array<[account: string, validator: string]>;
  /** Reward (and commission) each account was paid or compounded, from the pool's events, wei. */
  paidWei: Map<string, bigint>;
  /** Rewards each validator's compounding class bonded, from the pool's `ClassCompounded` events, wei. */
  classCompoundedWei: Map<string, bigint>;
  /** What each account staked less what it unstaked (the pool's `Unstaked` amounts), wei. */
  netStakedWei: Map<string, bigint>;
}

/** What was compared, and the largest float-vs-chain difference, for the report. */
interface Tally {
  actions: number;
  blocks: number;
  weiComparisons: number;
  maxFloatRelativeError: Record<string, number>;
}

const send = (method: string, params: unknown[] = []) => hre.network.provider.send(method, params);
const latestBlock = async () => BigInt(await hre.ethers.provider.getBlockNumber());
/** solidity-coverage's instrumented contracts burn far more gas (and it lifts the block gas limit). */
const GAS_SCALE = UNDER_COVERAGE ? 20n : 1n;
const txOptions = (tip: bigint, gasLimit = 1_000_000n) => ({
  gasLimit: gasLimit * GAS_SCALE,
  maxFeePerGas: MAX_FEE,
  maxPriorityFeePerGas: tip,
});

async function mineTo(block: bigint): Promise<void> {
  const behind = block - (await latestBlock());
  if (behind > 0n) await mine(behind);
}

/** Mines the pending transactions into one block, which must be `block`; returns their receipts. */
async function mineBlock(block: bigint, sent: Array<{ hash: string }>): Promise<TransactionReceipt[]> {
  await send("evm_mine");
  expect(await latestBlock()).to.equal(block);
  const pending = (await send("eth_pendingTransactions")) as unknown[];
  expect(pending, `every transaction fits in block ${block}`).to.have.length(0);
  const receipts = await Promise.all(sent.map((tx) => hre.ethers.provider.getTransactionReceipt(tx.hash)));
  return receipts.map((receipt, index) => {
    expect(receipt, `transaction ${index} of block ${block} was mined`).to.not.equal(null);
    expect(receipt!.blockNumber, `transaction ${index} is in block ${block}`).to.equal(Number(block));
    expect(receipt!.status, `transaction ${index} of block ${block} succeeded`).to.equal(1);
    return receipt!;
  });
}

/**
 * Deploys what `deploySystem` deploys (its options and constructor arguments) and sends the first
 * actions, all in one block: the pool's `startBlock` is then the block of the simulator's first
 * stakes, as in the simulation. (`deploySystem` mines each deployment in a block of its own, which
 * would leave blocks with nothing staked, their mint going to the treasury.)
 *
 * The deployer holds the initial supply and gives each validator its self-stake and each agent its
 * holdings plus `FLOAT_HEADROOM_ETM`: the simulator computes liquid balances in floating point, and
 * an agent staking "all it holds" may ask for a few wei more than it has on the chain. The headroom
 * comes out of the supply no one stakes, so supply, stake and rewards are unchanged.
 */
async function deployInOneBlock(
  setup: PoolSetup,
  parties: Parties,
  firstActions: ExactAction[],
  ledger: ExactStakingLedger,
  tally: Tally,
): Promise<Chain> {
  const signers = await hre.ethers.getSigners();
  const [deployer] = signers;
  const ids = [...parties.validators.map((v) => v.id), ...parties.agents.map((a) => a.id)];
  expect(signers.length, "a signer per party, plus the deployer and the treasury").to.be.at.least(
    ids.length + 2,
  );
  const accounts = new Map(ids.map((id, index) => [id, signers[index + 1]]));
  const treasury = signers[signers.length - 1].address;
  const options = await resolveOptions({
    treasury,
    initialSupply: setup.initialSupplyWei,
    initialInflation: setup.initialRateWad,
    delta: setup.deltaWad,
    unbondingBlocks: Number(setup.unbondingBlocks),
    minStake: setup.minStakeWei,
    ...(setup.minSelfStakeWei === undefined ? {} : { minSelfStake: setup.minSelfStakeWei }),
    commissionDelayBlocks: Number(setup.commissionDelayBlocks),
    ...(setup.jailBlocks === undefined ? {} : { jailBlocks: setup.jailBlocks }),
  });

  const startBlock = (await latestBlock()) + 1n;
  expect(ledger.startBlock).to.equal(startBlock);
  const sent: ContractTransactionResponse[] = [];
  const deployerTx = txOptions(TIP.deployer);
  const token = await new ETMToken__factory(deployer).deploy(
    deployer.address,
    options.initialHolder,
    options.initialSupply,
    txOptions(TIP.deployer, 3_000_000n),
  );
  sent.push(token.deploymentTransaction()!);
  // The pool as deploySystem builds it (scripts/deploy/proxies.ts), every transaction in this block:
  // its logic libraries, the StakeVotes implementation, the pool's extension and implementation, and
  // the initialized proxy.
  const deployed = async (contract: Promise<BaseContract>) => {
    const c = await contract;
    sent.push(c.deploymentTransaction()!);
    return c.getAddress();
  };
  const gas = (limit: bigint) => txOptions(TIP.deployer, limit);
  const libraries = {
    "contracts/staking/logic/ValidatorLogic.sol:ValidatorLogic": await deployed(
      new ValidatorLogic__factory(deployer).deploy(gas(5_000_000n)),
    ),
    "contracts/staking/logic/ParameterLogic.sol:ParameterLogic": await deployed(
      new ParameterLogic__factory(deployer).deploy(gas(4_000_000n)),
    ),
    "contracts/staking/logic/PoolViews.sol:PoolViews": await deployed(
      new PoolViews__factory(deployer).deploy(gas(2_000_000n)),
    ),
    "contracts/staking/logic/UnbondingLogic.sol:UnbondingLogic": await deployed(
      new UnbondingLogic__factory(deployer).deploy(gas(5_000_000n)),
    ),
    "contracts/staking/logic/SlashingLogic.sol:SlashingLogic": await deployed(
      new SlashingLogic__factory(deployer).deploy(gas(3_000_000n)),
    ),
  };
  const votesImplementation = await deployed(new StakeVotes__factory(deployer).deploy(gas(3_000_000n)));
  const extension = await deployed(
    new StakingPoolExtension__factory(libraries, deployer).deploy(await token.getAddress(), gas(4_000_000n)),
  );
  const implementation = await deployed(
    new StakingPool__factory(libraries, deployer).deploy(extension, gas(5_000_000n)),
  );
  const init = IStakingPool__factory.createInterface().encodeFunctionData("initialize", [
    { ...poolConfig(options, options.admin), votesImplementation },
  ]);
  const poolAddress = await deployed(
    new ERC1967Proxy__factory(deployer).deploy(implementation, init, gas(3_000_000n)),
  );
  const pool = IStakingPool__factory.connect(poolAddress, deployer);
  sent.push(await token.setMinter(poolAddress, deployerTx));
  for (const { year, rateWad } of setup.laterRates)
    sent.push(await pool.setInflationRate(year, rateWad, deployerTx));
  for (const validator of parties.validators) {
    sent.push(await token.transfer(accounts.get(validator.id)!, validator.selfStakeWei, deployerTx));
  }
  for (const agent of parties.agents) {
    const givenWei = agent.holdingsWei + toWei(FLOAT_HEADROOM_ETM);
    sent.push(await token.transfer(accounts.get(agent.id)!, givenWei, deployerTx));
  }
  for (const [index, id] of ids.entries()) {
    const tip = index < parties.validators.length ? TIP.validator : TIP.agent;
    const approval = await token
      .connect(accounts.get(id)!)
      .approve(poolAddress, hre.ethers.MaxUint256, txOptions(tip));
    sent.push(approval);
  }
  const chain: Chain = {
    token,
    pool,
    deployer,
    treasury,
    accounts,
    positions: [
      ...parties.validators.map((v): [string, string] => [v.id, v.id]),
      ...parties.agents.map((a): [string, string] => [a.id, a.validator]),
    ],
    paidWei: new Map(),
    classCompoundedWei: new Map(),
    netStakedWei: new Map(),
  };
  await runBlock(chain, ledger, startBlock, firstActions, tally, sent);
  expect(await pool.startBlock()).to.equal(startBlock);
  for (const entry of await pool.inflationSchedule()) {
    expect(
      entry.ratePerBlockRay,
      `year ${entry.fromYear}: the pool's per-block rate is the ledger's`,
    ).to.equal(ledger.schedule.perBlockRateRayForYear(entry.fromYear));
  }
  return chain;
}

/**
 * Sends one action's transaction; `outcome` is the ledger's (it fixes the amount of a full exit).
 * `rank` (wei) is added to the sender's priority fee: the block's actions get decreasing ranks, so the
 * block runs them in the ledger's order (which settlement of a validator comes first in a block
 * decides which action bonds its compounding class's reward).
 */
async function sendAction(
  chain: Chain,
  action: ExactAction,
  outcome: ExactActionOutcome,
  rank: bigint,
): Promise<ContractTransactionResponse> {
  const { pool } = chain;
  const signer = (id: string) => chain.accounts.get(id)!;
  const tip = (sender: keyof typeof TIP) => TIP[sender] + rank;
  switch (action.kind) {
    case "registerValidator": {
      const operator = signer(action.validator);
      const options = txOptions(tip("validator"));
      return registerValidator(
        pool,
        operator,
        operator.address,
        action.commissionWad,
        action.selfStakeWei,
        options,
      );
    }
    case "stake":
      return pool
        .connect(signer(action.account))
        .stake(signer(action.validator), action.amountWei, txOptions(tip("agent")));
    case "unstake": {
      const amountWei = action.amountWei === "all" ? outcome.amountWei : action.amountWei;
      return pool
        .connect(signer(action.account))
        .unstake(signer(action.validator), amountWei, txOptions(tip("agent")));
    }
    case "claim":
      return pool.connect(signer(action.account)).claim(signer(action.validator), txOptions(tip("agent")));
    case "compound":
      return pool.connect(signer(action.account)).compound(signer(action.validator), txOptions(tip("agent")));
    case "setCompounding":
      return pool
        .connect(signer(action.account))
        .setCompounding(signer(action.validator), action.on, txOptions(tip("agent")));
    case "settleValidator":
      // A third party's call (a keeper): the deployer's.
      return pool
        .connect(chain.deployer)
        .settleValidator(signer(action.validator), txOptions(tip("deployer")));
    case "withdraw":
      return pool.connect(signer(action.account)).withdraw(txOptions(tip("agent")));
    case "setCommission":
      return pool
        .connect(signer(action.validator))
        .setCommission(action.commissionWad, txOptions(tip("validator")));
    case "setInflationRate":
      return pool
        .connect(chain.deployer)
        .setInflationRate(action.year, action.rateWad, txOptions(tip("deployer")));
    case "slash":
      return pool.connect(chain.deployer).slash(
        signer(action.validator),
        action.fractionWad,
        // The infraction at the slash's own block unless the action names one: the ledger then reads
        // the validator's bondedEver history at the block before, as the pool does.
        action.infractionBlock ?? action.block,
        encodeBytes32String("crosscheck"),
        txOptions(tip("deployer")),
      );
  }
}

/** What a mined action did, read from the pool's events. */
function chainOutcome(chain: Chain, action: ExactAction, receipt: TransactionReceipt): ExactActionOutcome {
  const events = receipt.logs
    .filter((log: Log) => log.address === chain.pool.target)
    .map((log: Log) => chain.pool.interface.parseLog(log))
    .filter((event): event is LogDescription => event !== null);
  const sum = (name: string, field: string) =>
    events
      .filter((event) => event.name === name)
      .reduce((total, event) => total + BigInt(event.args.getValue(field)), 0n);
  const classCompoundedWei = sum("ClassCompounded", "amountWei");
  switch (action.kind) {
    case "compound":
      return { rewardWei: sum("Compounded", "amountWei"), amountWei: 0n, classCompoundedWei };
    case "unstake":
      return {
        rewardWei: sum("RewardPaid", "amountWei"),
        amountWei: sum("Unstaked", "amountWei"),
        classCompoundedWei,
      };
    case "withdraw":
      return { rewardWei: 0n, amountWei: sum("Withdrawn", "amountWei"), classCompoundedWei };
    case "slash":
      return {
        rewardWei: 0n,
        amountWei: sum("Slashed", "bondedBurnedWei") + sum("Slashed", "unbondingBurnedWei"),
        classCompoundedWei,
      };
    case "setCompounding":
      return {
        rewardWei: sum("RewardPaid", "amountWei"),
        amountWei: sum("CompoundingSet", "valueWei"),
        classCompoundedWei,
      };
    default:
      return { rewardWei: sum("RewardPaid", "amountWei"), amountWei: 0n, classCompoundedWei };
  }
}

/** The `ClassCompounded` events of a receipt, by the validator's party id. */
function classCompoundedByValidator(chain: Chain, receipt: TransactionReceipt): Array<[string, bigint]> {
  const ids = new Map([...chain.accounts].map(([id, signer]) => [signer.address, id]));
  return receipt.logs
    .filter((log: Log) => log.address === chain.pool.target)
    .map((log: Log) => chain.pool.interface.parseLog(log))
    .filter((event): event is LogDescription => event?.name === "ClassCompounded")
    .map((event) => [ids.get(event.args.getValue("validator") as string)!, event.args.getValue("amountWei")]);
}

/**
 * Mines `actions` (all at `block`) in one block, after `prelude` (transactions already sent); applies
 * them to the ledger; compares what each action paid, then the whole state.
 */
async function runBlock(
  chain: Chain,
  ledger: ExactStakingLedger,
  block: bigint,
  actions: ExactAction[],
  tally: Tally,
  prelude: ContractTransactionResponse[] = [],
): Promise<void> {
  await mineTo(block - 1n);
  // The pool orders a block by priority fee: the deployer's actions, then the validators', then the
  // agents'; the list must be in that order for the ledger to apply them in the chain's.
  const order = ["deployer", "validator", "agent"];
  actions.forEach((action, index) => {
    if (index === 0) return;
    expect(
      order.indexOf(senderOf(actions[index - 1])) <= order.indexOf(senderOf(action)),
      `block ${block}: ${action.kind} (${senderOf(action)}) is listed after a later sender's action`,
    ).to.equal(true);
  });
  const outcomes = actions.map((action) => applyExactAction(ledger, action));
  const sent = [...prelude];
  for (const [index, action] of actions.entries())
    sent.push(await sendAction(chain, action, outcomes[index], BigInt(actions.length - index)));
  const receipts = (await mineBlock(block, sent)).slice(prelude.length);
  actions.forEach((action, index) => {
    const who = "account" in action ? action.account : "validator" in action ? action.validator : "admin";
    const outcome = chainOutcome(chain, action, receipts[index]);
    expect(outcome, `${action.kind} of ${who} at block ${block}`).to.deep.equal(outcomes[index]);
    chain.paidWei.set(who, (chain.paidWei.get(who) ?? 0n) + outcome.rewardWei);
    const staked =
      action.kind === "stake" ? action.amountWei : action.kind === "unstake" ? -outcome.amountWei : 0n;
    if (staked !== 0n) chain.netStakedWei.set(who, (chain.netStakedWei.get(who) ?? 0n) + staked);
    for (const [validator, amountWei] of classCompoundedByValidator(chain, receipts[index])) {
      chain.classCompoundedWei.set(validator, (chain.classCompoundedWei.get(validator) ?? 0n) + amountWei);
    }
    tally.weiComparisons += 3;
  });
  tally.actions += actions.length;
  tally.blocks += 1;
  await compareState(chain, ledger, block, tally);
}

/** The chain's state at `block` (the latest) against the ledger's, to the wei. */
async function compareState(
  chain: Chain,
  ledger: ExactStakingLedger,
  block: bigint,
  tally: Tally,
): Promise<void> {
  const { pool, token } = chain;
  const checks: Array<[string, Promise<bigint>, bigint]> = [
    ["totalSupply", token.totalSupply(), ledger.totalSupplyWei],
    ["treasury", token.balanceOf(chain.treasury), ledger.treasuryWei],
    ["totalStaked", pool.totalStaked(), ledger.totalStakedWei],
    ["rewardPerToken", pool.rewardPerToken(), ledger.rewardPerTokenAt(block)],
    ["validatorRewardsOwed", pool.validatorRewardsOwed(), ledger.validatorsDirectAt(block)],
  ];
  for (const [account, validator] of chain.positions) {
    const [a, v] = [chain.accounts.get(account)!, chain.accounts.get(validator)!];
    if (account === validator) {
      checks.push([`validatorStake(${validator})`, pool.validatorStake(v), ledger.validatorStake(validator)]);
      checks.push([
        `pendingCommission(${validator})`,
        pool.pendingCommission(v),
        ledger.pendingCommission(block, validator),
      ]);
      // What the validator's compounding class bonded so far: the pool's events against the ledger's.
      checks.push([
        `classCompounded(${validator})`,
        Promise.resolve(chain.classCompoundedWei.get(validator) ?? 0n),
        ledger.classCompounded(validator),
      ]);
    } else {
      const mode = (compounding: boolean) => (compounding ? 1n : 0n);
      checks.push([
        `isCompounding(${account})`,
        pool.isCompounding(a, v).then(mode),
        mode(ledger.isCompounding(account, validator)),
      ]);
    }
    // The pool's stakeOf previews a compounding position's class reward not yet bonded (stakeOfAt).
    checks.push([`stakeOf(${account})`, pool.stakeOf(a, v), ledger.stakeOfAt(block, account, validator)]);
    checks.push([
      `pendingReward(${account})`,
      pool.pendingReward(a, v),
      ledger.pendingReward(block, account, validator),
    ]);
  }
  const actual = await Promise.all(checks.map(([, value]) => value));
  checks.forEach(([name, , expected], index) => {
    expect(actual[index], `${name} at block ${block}`).to.equal(expected);
  });
  tally.weiComparisons += checks.length;
}

/**
 * Replays `actions` (blocks counted from the pool's start) on the chain and on the ledger, comparing
 * after every block with actions, then accrues both at `endBlock` (from the start) and compares.
 */
async function replayOnChainAndLedger(
  setup: PoolSetup,
  parties: Parties,
  actions: ExactAction[],
  endBlock: bigint,
): Promise<{ chain: Chain; ledger: ExactStakingLedger; tally: Tally }> {
  const tally: Tally = { actions: 0, blocks: 0, weiComparisons: 0, maxFloatRelativeError: {} };
  const byBlock = new Map<bigint, ExactAction[]>();
  for (const action of actions) byBlock.set(action.block, [...(byBlock.get(action.block) ?? []), action]);
  const blocks = [...byBlock.keys()].sort((a, b) => (a < b ? -1 : 1));
  expect(blocks[0], "the first actions are at the pool's start").to.equal(0n);
  expect(blocks[blocks.length - 1] < endBlock).to.equal(true);

  // The pool's startBlock is the next block; every action's block is offset by it. It is the first
  // block of a slash epoch (28,800 blocks), whatever the tests before left the chain at: the pool
  // buckets unbonding per epoch of the absolute block number, and a slash spares the buckets before
  // its infraction's epoch, which the float simulator does not model; starting on an epoch makes the
  // scenarios' slash windows (shorter than an epoch) never straddle a boundary.
  await mineTo(((await latestBlock()) / SLASH_EPOCH_BLOCKS + 1n) * SLASH_EPOCH_BLOCKS - 1n);
  const startBlock = (await latestBlock()) + 1n;
  const atChainBlock = (list: ExactAction[]) =>
    list.map((action) => ({
      ...action,
      block: action.block + startBlock,
      ...(action.kind === "slash" && action.infractionBlock !== undefined
        ? { infractionBlock: action.infractionBlock + startBlock }
        : {}),
    }));
  const ledger = setup.ledgerAt(startBlock);
  const chain = await deployInOneBlock(setup, parties, atChainBlock(byBlock.get(0n)!), ledger, tally);
  for (const block of blocks.slice(1)) {
    await runBlock(chain, ledger, startBlock + block, atChainBlock(byBlock.get(block)!), tally);
  }

  // The end of the run: one accrual at its last block, then every total.
  await mineTo(startBlock + endBlock - 1n);
  await mineBlock(startBlock + endBlock, [
    await chain.pool.connect(chain.deployer).accrue(txOptions(TIP.deployer)),
  ]);
  ledger.accrue(startBlock + endBlock);
  await compareState(chain, ledger, startBlock + endBlock, tally);
  expect(tally.actions).to.equal(actions.length);
  return { chain, ledger, tally };
}

/** A few validators with commission, and agents that stake, unstake, claim, compound and withdraw. */
function scenarioJson(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    initialSupplyEtm: 10_000_000,
    minStakeEtm: 1,
    validators: { count: 3, commission: 0.1, commissionSpread: 0.05, selfStakeEtm: 100_000 },
    populations: [
      {
        name: "seekers",
        count: 4,
        holdingsPerAgentEtm: 500_000,
        initialStakedFraction: 0.3,
        alternativeYield: 0.5,
        alternativeYieldSpread: 0.4,
        thresholdYield: 0.002,
        reactionSpeed: 0.4,
      },
      {
        name: "savers",
        count: 2,
        holdingsPerAgentEtm: 400_000,
        initialStakedFraction: 0.5,
        alternativeYield: 0.6,
        alternativeYieldSpread: 0.3,
        reactionSpeed: 0.5,
        compoundRewards: false,
      },
      {
        name: "custodian",
        count: 1,
        holdingsPerAgentEtm: 1_000_000,
        initialStakedFraction: 0.4,
        strategy: "fixed",
      },
    ],
    ...overrides,
  };
}

const SIMULATED_CASES: Array<{ title: string; json: Record<string, unknown> }> = [
  {
    title: "6,000 blocks, a decision every 500, delta 10%, 1,200-block unbonding",
    json: scenarioJson({
      name: "crosscheck-short",
      blocks: 6_000,
      decisionIntervalBlocks: 500,
      seed: 11,
      delta: 0.1,
      unbondingBlocks: 1_200,
      realisedApyWindowBlocks: 3_000,
    }),
  },
  {
    title: "1.3 years across the year boundary, 10% then 5% (set in advance), a decision every 1.5M blocks",
    json: scenarioJson({
      name: "crosscheck-year",
      blocks: 13_600_000,
      decisionIntervalBlocks: 1_500_000,
      seed: 5,
      delta: 0,
      unbondingBlocks: 201_600,
      inflation: [
        { year: 0, annualRate: 0.1 },
        { year: 1, annualRate: 0.05 },
      ],
      realisedApyWindowBlocks: 3_000_000,
    }),
  },
  {
    title:
      "a slash: validator 1 loses 10% of its bonded and unbonding stake at block 2,000 and is jailed 1,500 blocks (its delegators claim instead of compounding, and stake nowhere)",
    json: scenarioJson({
      name: "crosscheck-slash",
      blocks: 6_000,
      decisionIntervalBlocks: 500,
      seed: 3,
      delta: 0.1,
      unbondingBlocks: 1_200,
      realisedApyWindowBlocks: 3_000,
      jailBlocks: 1_500,
      events: [{ type: "slash", atBlock: 2_000, validator: 1, fraction: 0.1 }],
      // The default agents, who also unstake: the slash meets stake that is unbonding too.
    }),
  },
];

SIMULATED_CASES.push({
  title:
    "auto-compounding agents: yield-seekers (one leaving all at once) and a custodian in their validators' compounding classes, a keeper's settleValidator each decision",
  json: scenarioJson({
    name: "crosscheck-autocompound",
    blocks: 6_000,
    decisionIntervalBlocks: 500,
    seed: 11,
    delta: 0.1,
    unbondingBlocks: 1_200,
    realisedApyWindowBlocks: 3_000,
    populations: [
      ...(scenarioJson({}).populations as unknown[]),
      {
        name: "vault",
        count: 2,
        holdingsPerAgentEtm: 500_000,
        initialStakedFraction: 0.3,
        alternativeYield: 0.4,
        alternativeYieldSpread: 0.4,
        thresholdYield: 0.002,
        reactionSpeed: 0.4,
        autoCompound: true,
      },
      // All in at the first decision, all out (a full exit from the class) once its alternative
      // jumps at block 3,000.
      {
        name: "vault-leaver",
        count: 1,
        holdingsPerAgentEtm: 300_000,
        initialStakedFraction: 0.2,
        alternativeYield: 0.05,
        reactionSpeed: 1,
        autoCompound: true,
      },
      {
        name: "vault-custodian",
        count: 1,
        holdingsPerAgentEtm: 800_000,
        initialStakedFraction: 0.5,
        strategy: "fixed",
        autoCompound: true,
      },
    ],
    events: [{ type: "alternativeYield", atBlock: 3_000, population: "vault-leaver", alternativeYield: 5 }],
  }),
});

function setupOf(scenario: Scenario): PoolSetup {
  return {
    initialSupplyWei: toWei(scenario.initialSupplyEtm),
    initialRateWad: toWad(scenario.inflation.find((entry) => entry.year === 0)!.annualRate),
    laterRates: scenario.inflation
      .filter((entry) => entry.year !== 0)
      .map((entry) => ({ year: BigInt(entry.year), rateWad: toWad(entry.annualRate) })),
    deltaWad: toWad(scenario.delta),
    unbondingBlocks: BigInt(scenario.unbondingBlocks),
    minStakeWei: toWei(scenario.minStakeEtm),
    // The simulator changes no commission.
    commissionDelayBlocks: 0n,
    jailBlocks: scenario.jailBlocks,
    ledgerAt: (startBlock) => exactLedgerFor(scenario, startBlock),
  };
}

function partiesOf(scenario: Scenario, result: SimulationResult): Parties {
  const holdingsWei = new Map(scenario.populations.map((p) => [p.name, toWei(p.holdingsPerAgentEtm)]));
  return {
    // The self-stake they registered with (a slash lowers `selfStakeEtm` afterwards).
    validators: result.validators.map((v) => ({
      id: v.id,
      selfStakeWei: toWei(scenario.validators.selfStakeEtm),
    })),
    agents: result.agents.map((a) => ({
      id: a.id,
      holdingsWei: holdingsWei.get(a.population)!,
      validator: result.validators[a.validatorIndex].id,
    })),
  };
}

const relativeError = (actual: number, expected: number) =>
  expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);

/** The simulator's end state (floating point) against the chain's. */
async function compareFloatTrajectory(result: SimulationResult, chain: Chain, tally: Tally): Promise<void> {
  const etm = (wei: bigint) => Number(wei) / 1e18;
  const last = result.rows[result.rows.length - 1];
  expect(last.block).to.equal(result.scenario.blocks);
  const [supplyWei, stakedWei, treasuryWei, owedWei] = await Promise.all([
    chain.token.totalSupply(),
    chain.pool.totalStaked(),
    chain.token.balanceOf(chain.treasury),
    chain.pool.validatorRewardsOwed(),
  ]);
  const checks: Array<[string, number, number]> = [
    ["supply", etm(supplyWei), last.supplyEtm],
    ["staked", etm(stakedWei), last.stakedEtm],
    ["stakingRatio", Number(stakedWei) / Number(supplyWei), last.stakingRatio],
    ["treasury", etm(treasuryWei), last.treasuryEtm],
  ];
  let commissionWei = 0n;
  for (const validator of result.validators) {
    const signer = chain.accounts.get(validator.id)!;
    const [pendingCommission, pendingSelf] = await Promise.all([
      chain.pool.pendingCommission(signer),
      chain.pool.pendingReward(signer, signer),
    ]);
    // The simulator's validators never claim: everything they earned is still pending.
    expect(chain.paidWei.get(validator.id) ?? 0n).to.equal(0n);
    commissionWei += pendingCommission;
    // The pool takes commission on the self-stake too, the simulator does not: compare the sum.
    checks.push([
      `validatorTake(${validator.id})`,
      etm(pendingCommission + pendingSelf),
      validator.commissionEtm + validator.selfStakeRewardsEtm,
    ]);
  }
  // The CSV's validatorsTake (delta share plus commission) leaves out the commission on self-stakes,
  // which the pool takes and pays to the same operator: compare with it added back.
  const selfStakeCommissionEtm = result.validators.reduce(
    (sum, v) => sum + v.selfStakeRewardsEtm * v.commission,
    0,
  );
  checks.push([
    "validatorsTake",
    etm(owedWei + commissionWei),
    last.validatorsTakeEtm + selfStakeCommissionEtm,
  ]);
  for (const agent of result.agents) {
    const validatorId = result.validators[agent.validatorIndex].id;
    const [a, v] = [chain.accounts.get(agent.id)!, chain.accounts.get(validatorId)!];
    // Paid out (claims, compounds and the stakes and unstakes that settle) plus still pending; for an
    // auto-compounding agent (in the class from its first stake, and never slashed in these cases),
    // what its compounding class bonded for it: its value now less what it staked net of unstakes.
    let rewardWei = (chain.paidWei.get(agent.id) ?? 0n) + (await chain.pool.pendingReward(a, v));
    if (agent.autoCompound)
      rewardWei += (await chain.pool.stakeOf(a, v)) - (chain.netStakedWei.get(agent.id) ?? 0n);
    checks.push([`agentReward(${agent.id})`, etm(rewardWei), agent.rewardsEarnedEtm]);
  }
  for (const [name, actual, expected] of checks) {
    const error = relativeError(actual, expected);
    const kind = name.replace(/\(.*\)/, "");
    tally.maxFloatRelativeError[kind] = Math.max(tally.maxFloatRelativeError[kind] ?? 0, error);
    expect(error, `${name}: chain ${actual}, simulator ${expected}`).to.be.at.most(FLOAT_TOLERANCE);
  }
}

function report(name: string, tally: Tally): void {
  if (process.env.ETM_CROSSCHECK_REPORT === "1") console.log(`      ${name}: ${JSON.stringify(tally)}`);
}

describe("cross-check: the simulator against the contracts on the in-process chain", function () {
  let snapshot: string;

  beforeEach(async () => {
    snapshot = (await send("evm_snapshot")) as string;
    await send("evm_setAutomine", [false]);
  });

  afterEach(async () => {
    await send("evm_setAutomine", [true]);
    await send("evm_revert", [snapshot]);
  });

  for (const testCase of SIMULATED_CASES) {
    it(`${testCase.title}: every action and balance to the wei; the float trajectory within ${FLOAT_TOLERANCE}`, async () => {
      const scenario = parseScenario(testCase.json);
      const result = simulate(scenario, { recordActions: true });
      const { chain, tally } = await replayOnChainAndLedger(
        setupOf(scenario),
        partiesOf(scenario, result),
        toExactActions(result.actions, 0n),
        BigInt(scenario.blocks),
      );
      if (scenario.inflation.length > 1) expect(await chain.pool.currentYear()).to.be.above(0n);
      for (const event of scenario.events) {
        if (event.type !== "slash") continue;
        // The slash happened, and the jail changed what the validator's delegators did.
        const validator = `validator-${event.validator}`;
        const jailEnd = event.atBlock + scenario.jailBlocks;
        const during = result.actions.filter(
          (a) =>
            a.block >= event.atBlock && a.block < jailEnd && "validator" in a && a.validator === validator,
        );
        expect(result.actions.filter((a) => a.kind === "slash" && a.validator === validator)).to.have.length(
          1,
        );
        expect(during.filter((a) => a.kind === "stake" || a.kind === "compound")).to.have.length(0);
        expect(during.filter((a) => a.kind === "claim").length).to.be.above(0);
        const before = result.actions.filter(
          (a) => a.block < event.atBlock && "validator" in a && a.validator === validator,
        );
        expect(before.filter((a) => a.kind === "compound").length, "compounding before the jail").to.be.above(
          0,
        );
        expect(await chain.pool.isJailed(chain.accounts.get(validator)!)).to.equal(false); // served by the end
        const unbonding = result.actions.filter(
          (a) =>
            a.kind === "unstake" &&
            a.validator === validator &&
            a.block <= event.atBlock &&
            a.block > event.atBlock - scenario.unbondingBlocks,
        );
        expect(unbonding.length, "stake unbonding from the validator when it is slashed").to.be.above(0);
      }
      const compounders = new Set(result.agents.filter((a) => a.autoCompound).map((a) => a.id));
      if (compounders.size > 0) {
        // Switched on once each, never a claim or compound; the keeper settled; the classes bonded;
        // and the compounders moved stake in and out of their classes.
        const by = (kind: string) =>
          result.actions.filter((a) => a.kind === kind && "account" in a && compounders.has(a.account));
        expect(by("setCompounding")).to.have.length(compounders.size);
        expect([...by("claim"), ...by("compound")]).to.have.length(0);
        expect(by("stake").filter((a) => a.block > 0).length, "stakes into a class").to.be.above(0);
        expect(by("unstake").length, "unstakes from a class").to.be.above(0);
        expect(by("unstake").filter((a) => a.kind === "unstake" && a.all).length, "a full exit").to.be.above(
          0,
        );
        expect(result.actions.filter((a) => a.kind === "settleValidator").length).to.be.above(0);
        for (const agent of result.agents.filter((a) => a.autoCompound)) {
          const validator = result.validators[agent.validatorIndex].id;
          expect(
            await chain.pool.isCompounding(chain.accounts.get(agent.id)!, chain.accounts.get(validator)!),
          ).to.equal(true);
          expect(chain.classCompoundedWei.get(validator) ?? 0n, `${validator}'s class bonded`).to.be.above(
            0n,
          );
        }
      }
      await compareFloatTrajectory(result, chain, tally);
      report(scenario.name, tally);
    });
  }

  it("hand-written actions the simulator never takes: a dust stake, a delayed commission change, a rate set mid-year, a withdrawal alone in its block, a validator claiming and compounding its commission", async () => {
    const n = BLOCKS_PER_YEAR_BIG;
    const setup: PoolSetup = {
      initialSupplyWei: 10_000_000n * ETM,
      initialRateWad: toWad(0.1),
      laterRates: [],
      deltaWad: toWad(0.2),
      unbondingBlocks: 100n,
      minStakeWei: ETM,
      minSelfStakeWei: ETM,
      commissionDelayBlocks: 300n,
      ledgerAt: (startBlock) =>
        new ExactStakingLedger({
          startBlock,
          initialSupplyWei: 10_000_000n * ETM,
          initialRateWad: toWad(0.1),
          deltaWad: toWad(0.2),
          unbondingBlocks: 100n,
          commissionDelayBlocks: 300n,
        }),
    };
    const parties: Parties = {
      validators: [
        { id: "A", selfStakeWei: 5n * ETM },
        { id: "B", selfStakeWei: 20_000n * ETM },
      ],
      agents: [
        { id: "x", holdingsWei: 200_000n * ETM, validator: "A" },
        { id: "y", holdingsWei: 50_000n * ETM, validator: "B" },
        { id: "z", holdingsWei: 10_000n * ETM, validator: "A" },
      ],
    };
    const stake = (block: bigint, account: string, validator: string, etm: bigint): ExactAction => ({
      kind: "stake",
      block,
      account,
      validator,
      amountWei: etm * ETM,
    });
    const actions: ExactAction[] = [
      // Until block 100 only dust is staked (7 ETM, under supply / 1e6): the treasury takes the mint.
      {
        kind: "registerValidator",
        block: 0n,
        validator: "A",
        commissionWad: toWad(0.08),
        selfStakeWei: 5n * ETM,
      },
      stake(1n, "z", "A", 2n),
      {
        kind: "registerValidator",
        block: 100n,
        validator: "B",
        commissionWad: toWad(0.12),
        selfStakeWei: 20_000n * ETM,
      },
      stake(100n, "x", "A", 100_000n),
      stake(100n, "y", "B", 30_000n),
      // A's new commission applies from its first settlement at or after block 500.
      { kind: "setCommission", block: 200n, validator: "A", commissionWad: toWad(0.12) },
      { kind: "claim", block: 200n, account: "x", validator: "A" },
      { kind: "unstake", block: 350n, account: "y", validator: "B", amountWei: 10_000n * ETM },
      stake(350n, "z", "A", 1_000n),
      // Nothing else in this block: the pool's withdraw does not accrue, and neither may the ledger.
      { kind: "withdraw", block: 450n, account: "y", amountWei: 0n },
      { kind: "compound", block: 700n, account: "x", validator: "A" },
      // A validator's own claim takes its self-stake's reward and its commission.
      { kind: "claim", block: 700n, account: "A", validator: "A" },
      { kind: "setInflationRate", block: 900n, year: 1n, rateWad: toWad(0.03) },
      { kind: "setCommission", block: 900n, validator: "B", commissionWad: toWad(0.07) },
      { kind: "compound", block: n - 100n, account: "A", validator: "A" },
      { kind: "claim", block: n + 50n, account: "y", validator: "B" },
      { kind: "unstake", block: n + 50n, account: "x", validator: "A", amountWei: "all" },
      { kind: "withdraw", block: n + 400n, account: "x", amountWei: 0n },
      { kind: "claim", block: n + 400n, account: "z", validator: "A" },
      { kind: "claim", block: n + 400n, account: "B", validator: "B" },
    ];
    const { chain, ledger, tally } = await replayOnChainAndLedger(setup, parties, actions, n + 1_000n);
    const [a, b] = [chain.accounts.get("A")!, chain.accounts.get("B")!];
    expect((await chain.pool.validatorInfo(a)).commissionWad).to.equal(toWad(0.12));
    expect((await chain.pool.validatorInfo(b)).commissionWad).to.equal(toWad(0.07));
    expect(await chain.pool.inflationRate(1n)).to.equal(toWad(0.03));
    expect(ledger.commissionPaid("A")).to.be.above(0n);
    expect(ledger.treasuryWei, "the dust period's mint").to.be.above(0n);
    expect(ledger.stakeOf("x", "A")).to.equal(0n);
    report("hand-written", tally);
  });

  it("hand-written auto-compounding: switching in (an empty position too), staking more, settleValidator by a third party, unstaking part and all, a slash while compounding, switching back", async () => {
    const setup: PoolSetup = {
      initialSupplyWei: 10_000_000n * ETM,
      initialRateWad: toWad(0.1),
      laterRates: [],
      deltaWad: toWad(0.1),
      unbondingBlocks: 100n,
      minStakeWei: ETM,
      minSelfStakeWei: ETM,
      commissionDelayBlocks: 0n,
      jailBlocks: 200,
      ledgerAt: (startBlock) =>
        new ExactStakingLedger({
          startBlock,
          initialSupplyWei: 10_000_000n * ETM,
          initialRateWad: toWad(0.1),
          deltaWad: toWad(0.1),
          unbondingBlocks: 100n,
        }),
    };
    const parties: Parties = {
      validators: [
        { id: "A", selfStakeWei: 20_000n * ETM },
        { id: "B", selfStakeWei: 20_000n * ETM },
      ],
      agents: [
        { id: "w", holdingsWei: 10_000n * ETM, validator: "A" },
        { id: "x", holdingsWei: 60_000n * ETM, validator: "A" },
        { id: "y", holdingsWei: 30_000n * ETM, validator: "A" },
        { id: "z", holdingsWei: 40_000n * ETM, validator: "B" },
      ],
    };
    const stake = (block: bigint, account: string, validator: string, etm: bigint): ExactAction => ({
      kind: "stake",
      block,
      account,
      validator,
      amountWei: etm * ETM,
    });
    const compounding = (block: bigint, account: string, validator: string, on: boolean): ExactAction => ({
      kind: "setCompounding",
      block,
      account,
      validator,
      on,
    });
    const settle = (block: bigint, validator: string): ExactAction => ({
      kind: "settleValidator",
      block,
      validator,
    });
    const unstake = (
      block: bigint,
      account: string,
      validator: string,
      amount: bigint | "all",
    ): ExactAction => ({
      kind: "unstake",
      block,
      account,
      validator,
      amountWei: amount === "all" ? "all" : amount * ETM,
    });
    // Each block's actions in the chain's order: the deployer's (slash, settleValidator), the
    // validators', the agents'.
    const actions: ExactAction[] = [
      {
        kind: "registerValidator",
        block: 0n,
        validator: "A",
        commissionWad: toWad(0.1),
        selfStakeWei: 20_000n * ETM,
      },
      {
        kind: "registerValidator",
        block: 0n,
        validator: "B",
        commissionWad: toWad(0.05),
        selfStakeWei: 20_000n * ETM,
      },
      // An empty position switches on: its first stake goes into A's class.
      compounding(0n, "w", "A", true),
      stake(0n, "w", "A", 10_000n),
      stake(0n, "x", "A", 50_000n),
      stake(0n, "y", "A", 20_000n),
      stake(0n, "z", "B", 30_000n),
      // x switches in: its pending reward is paid; the settlement first bonds w's class reward.
      compounding(100n, "x", "A", true),
      // A third party settles A: the class's reward is bonded (ClassCompounded), no one else acts.
      settle(150n, "A"),
      // x stakes more into its compounding position (joins the class); z switches in at B.
      stake(200n, "x", "A", 5_000n),
      compounding(200n, "z", "B", true),
      settle(400n, "A"),
      settle(400n, "B"),
      // A partial unstake of a compounding position bonds the class's reward first, in its own
      // transaction; y's claim in the same block finds nothing more to bond.
      unstake(500n, "x", "A", 10_000n),
      { kind: "claim", block: 500n, account: "y", validator: "A" },
      // A slash while x and w compound: the settlement bonds the class's reward, then the burn takes
      // its fraction of the stake bonded before the infraction and of the unbonding queued since the
      // infraction's slash epoch began (x's, unless an epoch boundary falls between blocks 500 and 550).
      { kind: "slash", block: 600n, validator: "A", fractionWad: toWad(0.05), infractionBlock: 550n },
      // w leaves the class with all it has (all of its class shares burned).
      unstake(600n, "w", "A", "all"),
      // A is jailed until block 800; a settlement still bonds its class's reward.
      settle(700n, "A"),
      // x switches back (the class's reward up to now bonded first), y switches in and stakes more.
      compounding(900n, "x", "A", false),
      compounding(900n, "y", "A", true),
      stake(900n, "y", "A", 1_000n),
      settle(1_000n, "B"),
      unstake(1_000n, "z", "B", 5_000n),
      { kind: "claim", block: 1_100n, account: "x", validator: "A" },
      unstake(1_100n, "z", "B", "all"),
      { kind: "withdraw", block: 1_200n, account: "w", amountWei: 0n },
      unstake(1_200n, "y", "A", "all"),
      // z's empty position switches back, and its next stake pays out again.
      compounding(1_200n, "z", "B", false),
      stake(1_300n, "z", "B", 2_000n),
    ];
    const { chain, ledger, tally } = await replayOnChainAndLedger(setup, parties, actions, 1_500n);
    const [a, b] = [chain.accounts.get("A")!, chain.accounts.get("B")!];
    for (const validator of ["A", "B"]) {
      expect(ledger.classCompounded(validator), `${validator}'s class bonded rewards`).to.be.above(0n);
      expect(chain.classCompoundedWei.get(validator)).to.equal(ledger.classCompounded(validator));
    }
    const isCompounding = async (account: string, validator: HardhatEthersSigner) =>
      chain.pool.isCompounding(chain.accounts.get(account)!, validator);
    expect(await isCompounding("x", a)).to.equal(false);
    expect(await isCompounding("y", a)).to.equal(true);
    expect(await isCompounding("z", b)).to.equal(false);
    expect(ledger.stakeOf("w", "A")).to.equal(0n);
    expect(ledger.stakeOf("y", "A")).to.equal(0n);
    expect(ledger.stakeOf("z", "B")).to.equal(2_000n * ETM);
    expect(ledger.pendingReward(1_500n + ledger.startBlock, "x", "A")).to.be.above(0n);
    report("hand-written compounding", tally);
  });
});
