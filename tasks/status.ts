/**
 * etm:status: the round and the next election, the active set (a numbered list in proposer order),
 * the candidates (active only when in the active set), staking ratio, reward per staked token, APY
 * and supply, and one account's balance, votes, positions (and whether each compounds), unbonding
 * entries and maturing redelegations. Everything comes from the StakingLens, one eth_call per page of
 * 200 candidates, and the pool's `isCompounding` and `redelegationsOf`, all at the same block.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { IStakingLens, StakingLens } from "../typechain-types";
import { systemTask } from "./lib/system";
import type { ConnectedSystem } from "./lib/system";
import { formatEtm, formatWadPercent, UserInputError } from "./lib/input";
import { jailWords } from "../lib/validatorStatus";
import { redelegationsOf } from "../lib/actions/redelegation";

/** Candidates per lens call. */
const PAGE = 200n;
const SECONDS_PER_BLOCK = 3;
const ZERO = "0x0000000000000000000000000000000000000000";
const MAX_UINT256 = 2n ** 256n - 1n;

function statusWord(c: IStakingLens.CandidateViewStructOutput): string {
  switch (Number(c.status)) {
    case 1:
      return c.jailed ? `jailed ${jailWords(BigInt(c.jailedUntilBlock))}` : "candidate";
    case 2:
      return "deregistered";
    case 3:
      return "tombstoned";
    default:
      return "not registered";
  }
}

function commission(c: IStakingLens.CandidateViewStructOutput): string {
  const scheduled =
    c.commissionEffectiveBlock !== 0n
      ? ` -> ${formatWadPercent(c.pendingCommissionWad)} at block ${c.commissionEffectiveBlock}`
      : "";
  return `${formatWadPercent(c.commissionWad)}${scheduled}`;
}

async function connectLens(hre: HardhatRuntimeEnvironment, s: ConnectedSystem): Promise<StakingLens> {
  const address = s.record.contracts.lens;
  if (!address) {
    throw new UserInputError(
      `deployments/${hre.network.name}.json records no lens (contracts.lens), which etm:status reads through: ` +
        "redeploy the system, or deploy a StakingLens for its pool and election (deployLens in " +
        "scripts/deploy/lens.ts) and add its address to the record",
    );
  }
  const { StakingLens__factory } = await import("../typechain-types");
  return StakingLens__factory.connect(address, s.account);
}

/** Every candidate page and the account, read at `blockTag` (one call per page). */
async function readAll(lens: StakingLens, account: string, blockTag: number) {
  const first = await lens.snapshot(account, 0, PAGE, [], { blockTag });
  const candidates = [...first.candidates.items];
  const positions = new Map(first.account.positions.map((p) => [p.validator, p]));
  for (let offset = PAGE; offset < first.candidates.totalCount; offset += PAGE) {
    const page = await lens.accountView(account, offset, PAGE, [], { blockTag });
    const items = await lens.candidatePage(offset, PAGE, { blockTag });
    candidates.push(...items.items);
    for (const p of page.positions) positions.set(p.validator, p);
  }
  return { s: first, candidates, positions: [...positions.values()] };
}

systemTask("etm:status", "Shows the system's state and your positions", async (_args, open, hre) => {
  const system = await open();
  const lens = await connectLens(hre, system);
  const me = system.account.address;
  const blockTag = await hre.ethers.provider.getBlockNumber();
  const { s, candidates, positions } = await readAll(lens, me, blockTag);
  const { round, emission: e } = s;
  const signers = await hre.ethers.getSigners();
  const myIndex = signers.findIndex((x) => x.address === me);

  console.log(`network ${system.network}, block ${s.blockNumber}`);
  console.log(
    `round ${round.round}: blocks ${round.startBlock}..${round.startBlock + round.lengthBlocks - 1n}, reveals from ${round.revealStartBlock}; ` +
      (round.blocksToNextElection === 0n
        ? `the next election is due now (block ${round.nextElectionBlock}; anyone may run etm:elect)`
        : `next election at block ${round.nextElectionBlock}, in ${round.blocksToNextElection} blocks (~${Number(round.blocksToNextElection) * SECONDS_PER_BLOCK} s)`),
  );
  console.log(
    `supply ${formatEtm(e.supplyWei, 2)} ETM, staked ${formatEtm(e.totalStakedWei, 2)} ETM, staking ratio ${e.supplyWei === 0n ? "-" : formatWadPercent(e.stakingRatioWad)}`,
  );
  console.log(
    `inflation this year (year ${e.year}): ${formatWadPercent(e.inflationWad)}; validators' share delta ${formatWadPercent(e.deltaWad)}; ` +
      `a staked ETM earns ${(Number(e.rewardPerStakedTokenPerBlockRay) / 1e27).toExponential(3)} ETM a block before commission`,
  );
  console.log(
    `estimated APY ${e.estimatedApyWad === MAX_UINT256 ? "unbounded (nothing staked)" : formatWadPercent(e.estimatedApyWad)} ` +
      "(an estimate: (1+i)^((1-delta)B/S) - 1, holding B/S constant)",
  );

  const byOperator = new Map(candidates.map((c) => [c.operator, c]));
  console.log(`\nactive set (${s.activeOperators.length}, in the shuffled proposer order):`);
  s.activeOperators.forEach((operator, i) => {
    const c = byOperator.get(operator);
    const n = String(i + 1).padStart(2);
    // A genesis seat is its signer (no operator); a candidate's seat is its operator and signer.
    if (!c && operator === s.activeSigners[i])
      console.log(`  ${n}. ${operator}  genesis signer (not a candidate)`);
    else
      console.log(
        `  ${n}. ${c?.name ? `${c.name} (${operator})` : operator}  signer ${s.activeSigners[i]}  ${c ? `stake ${formatEtm(c.bondedWei, 2)} ETM, commission ${commission(c)}` : "no longer listed"}`,
      );
  });

  const seated = candidates.filter((c) => c.active).length;
  console.log(
    `\ncandidates (${candidates.length}; ${seated} in the active set, marked "active"; the others can be drawn at the next election if they sent a heartbeat this round or last):`,
  );
  for (const c of candidates) {
    const heartbeat = c.heartbeatEver ? `heartbeat round ${c.lastHeartbeatRound}` : "no heartbeat yet";
    console.log(
      `  ${c.name ? `${c.name} (${c.operator})` : c.operator}  stake ${formatEtm(c.bondedWei, 2)} ETM  commission ${commission(c)}  ${c.active ? "active" : "not in the set"}  ${statusWord(c)}  ${heartbeat}`,
    );
  }

  const a = s.account;
  const who = myIndex >= 0 ? `account ${myIndex} (${me})` : me;
  console.log(
    `\n${who}: balance ${formatEtm(a.balanceWei)} ETM, pool allowance ${a.allowanceWei === MAX_UINT256 ? "unlimited" : `${formatEtm(a.allowanceWei)} ETM`}`,
  );
  console.log(
    `  votes ${formatEtm(a.votesWei)} (voting units ${formatEtm(a.votingUnitsWei)}; ${
      a.delegatee === ZERO
        ? "not delegated: run etm:delegate to vote with your stake"
        : a.delegatee === me
          ? "delegated to yourself"
          : `delegated to ${a.delegatee}`
    })`,
  );
  if (a.isOperator) {
    console.log(
      `  your validator: ${statusWord(a.operatorValidator)}, ${a.operatorValidator.active ? "in the active set" : "not in the active set"}, ` +
        `commission ${commission(a.operatorValidator)}, commission owed ${formatEtm(a.pendingCommissionWei)} ETM`,
    );
  }
  // The compounding mode is the pool's (the lens predates it): one call per position, at the same block.
  const compounding = await Promise.all(
    positions.map((p) => system.pool.isCompounding(me, p.validator, { blockTag })),
  );
  positions.forEach((p, i) =>
    console.log(
      compounding[i]
        ? `  at ${p.validator}: staked ${formatEtm(p.stakedWei)} ETM, compounding (rewards bonded at each settlement of the validator; etm:compound-mode --off to have them paid)`
        : `  at ${p.validator}: staked ${formatEtm(p.stakedWei)} ETM, rewards ${formatEtm(p.pendingRewardWei)} ETM`,
    ),
  );
  for (const u of a.unbonding)
    console.log(
      `  unbonding ${formatEtm(u.amountWei)} ETM from ${u.validator}, ${
        u.matured
          ? "matured: etm:withdraw releases it"
          : `withdrawable at block ${u.maturityBlock} (~${Number(u.maturityBlock - s.blockNumber) * SECONDS_PER_BLOCK} s)`
      }`,
    );
  // Redelegations are the pool's (the lens predates them): one more call, at the same block.
  for (const r of await redelegationsOf(system.pool, me, blockTag)) {
    const owed = r.owedWei === 0n ? "" : `; ${formatEtm(r.owedWei)} ETM of it slashed, burned when settled`;
    console.log(
      `  redelegated ${formatEtm(r.amountWei)} ETM from ${r.source} to ${r.destination}: ${formatEtm(r.slashableWei)} ETM ` +
        `still slashable for the source's past, locked at the destination until block ${r.maturityBlock} ` +
        `(~${Number(r.maturityBlock - s.blockNumber) * SECONDS_PER_BLOCK} s)${owed}`,
    );
  }
  if (positions.length === 0 && a.unbonding.length === 0) {
    console.log(
      `  no positions${a.balanceWei === 0n ? " and no ETM" : ""}. Show another account with --account <index or address>` +
        (system.network === "localhost"
          ? ": on the devnet (npm start) accounts 1-30 run the candidates (e.g. --account 1) and 31-79 are delegators with positions at 1-3 of them (e.g. --account 40)"
          : ""),
    );
  }
}).addOptionalParam("account", "whose positions to show: index or address");
