/**
 * Gas of governance: deploying the governor and the timelock, proposing, voting, queueing and
 * executing, on the in-process Hardhat chain. Part of `npm run bench`; writes bench/governance-baseline.json.
 */
import { mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { encodeSettings } from "../lib/governanceSettings";
import { GOVERNED_OPTIONS, governedFixture } from "../test/governance/governanceFixture";
import { assertInProcessChain, benchWallet, gasOf, reportAndWriteBaseline } from "./lib";
import type { Measurement } from "./lib";
import { ETM } from "../test/shared/units";

export async function benchGovernance(): Promise<void> {
  assertInProcessChain();
  const f = await governedFixture();
  const { governor, timelock, votes } = f.system;
  const measurements: Measurement[] = [];
  const measure = async (operation: string, conditions: string, sent: Parameters<typeof gasOf>[0]) => {
    measurements.push({ operation, conditions, gasUsed: await gasOf(sent) });
  };
  await measure(
    "deploy timelock",
    "ETMTimelock, deployer as temporary admin",
    timelock.deploymentTransaction(),
  );
  await measure("deploy governor", "ETMGovernor", governor.deploymentTransaction());

  const one = encodeSettings(["delta=0.05"], f.addresses);
  const three = encodeSettings(["inflation:2=0.08", "delta=0.04", "validatorCount=15"], f.addresses);
  const args = (calls: typeof one, description: string) =>
    [
      calls.map((c) => c.target),
      calls.map((c) => c.value),
      calls.map((c) => c.calldata),
      description,
    ] as const;
  const description = "Pay the active set 5% of each mint";
  await measure(
    "propose (1 change)",
    "delta=0.05, 34-byte description",
    governor.connect(f.alice).propose(...args(one, description)),
  );
  await measure(
    "propose (3 changes)",
    "inflation:2, delta, validatorCount",
    governor.connect(f.alice).propose(...args(three, "three changes")),
  );
  const id = await governor.hashProposal(
    ...(args(one, description).slice(0, 3) as [string[], bigint[], string[]]),
    (await import("ethers")).id(description),
  );
  await mine(GOVERNED_OPTIONS.votingDelay + 1);
  await measure(
    "castVote (first voter)",
    "for, bonded stake delegated to self",
    governor.connect(f.alice).castVote(id, 1),
  );
  await measure("castVote (second voter)", "abstain", governor.connect(f.bob).castVote(id, 2));
  await measure(
    "castVoteWithReason",
    "against, 22-byte reason",
    governor.connect(f.carol).castVoteWithReason(id, 0, "too early for a change"),
  );
  await mine(GOVERNED_OPTIONS.votingPeriod);
  const [targets, values, calldatas] = args(one, description);
  const descriptionHash = (await import("ethers")).id(description);
  await measure(
    "queue",
    "1 call into the timelock",
    governor["queue(address[],uint256[],bytes[],bytes32)"](targets, values, calldatas, descriptionHash),
  );
  await time.increase(GOVERNED_OPTIONS.timelockDelay);
  await measure(
    "execute",
    "1 call: pool.setParameter(delta), accrues the pool first",
    governor["execute(address[],uint256[],bytes[],bytes32)"](targets, values, calldatas, descriptionHash),
  );
  await (await f.system.pool.connect(f.dave).stake(f.operator.address, 1_000n * ETM)).wait();
  await measure(
    "delegate votes (first)",
    "StakeVotes.delegate to self with 1,000 ETM bonded: first checkpoints of the account and the total",
    votes.connect(f.dave).delegate(f.dave.address),
  );
  await benchSixteenSlots(f, measure, args);
  reportAndWriteBaseline("governance", "Gas of governance (ETMGovernor + ETMTimelock).", measurements);
}

/**
 * The bound of StakeVotes' slots: an account with positions at 16 validators delegates to eve (16
 * slots opened), eve votes (16 slots read at the snapshot), and stake at a 17th validator evicts the
 * smallest slot.
 */
async function benchSixteenSlots(
  f: Awaited<ReturnType<typeof governedFixture>>,
  measure: (operation: string, conditions: string, sent: Parameters<typeof gasOf>[0]) => Promise<void>,
  args: (
    calls: ReturnType<typeof encodeSettings>,
    description: string,
  ) => readonly [string[], bigint[], string[], string],
): Promise<void> {
  const { ethers } = await import("hardhat");
  const { setBalance } = await import("@nomicfoundation/hardhat-network-helpers");
  const { registerValidator } = await import("../test/shared/signerProof");
  const { pool, token, votes, governor } = f.system;
  const validators: string[] = [f.operator.address];
  for (let i = 0; i < 16; i++) {
    const operator = benchWallet(`governance operator ${i}`);
    await setBalance(operator.address, ETM);
    await (await token.transfer(operator.address, 10_000n * ETM)).wait();
    await (await token.connect(operator).approve(await pool.getAddress(), ethers.MaxUint256)).wait();
    await (
      await registerValidator(pool, operator, benchWallet(`governance signer ${i}`), 0n, 10_000n * ETM)
    ).wait();
    validators.push(operator.address);
  }
  // dave holds 1,000 ETM at the first validator; 15 more positions of 100 ETM each.
  for (const validator of validators.slice(1, 16))
    await (await pool.connect(f.dave).stake(validator, 100n * ETM)).wait();
  await measure(
    "delegate votes (16 positions)",
    "StakeVotes.delegate to another account: 16 positions, 16 slots opened at the delegatee",
    votes.connect(f.dave).delegate(f.eve.address),
  );
  await measure(
    "stake (delegatee's 16 slots full)",
    "dave's 17th validator: evicts the delegatee's smallest slot (his positions are 16; a new account stakes instead)",
    (async () => {
      const [, , , , , , , newcomer] = await ethers.getSigners();
      await (await token.transfer(newcomer!.address, 1_000n * ETM)).wait();
      await (await token.connect(newcomer!).approve(await pool.getAddress(), ethers.MaxUint256)).wait();
      await (await votes.connect(newcomer!).delegate(f.eve.address)).wait();
      return pool.connect(newcomer!).stake(validators[16]!, 500n * ETM);
    })(),
  );
  const calls = encodeSettings(["delta=0.04"], f.addresses);
  const description = "sixteen slots";
  await (await governor.connect(f.alice).propose(...args(calls, description))).wait();
  const id = await governor.hashProposal(
    ...(args(calls, description).slice(0, 3) as [string[], bigint[], string[]]),
    (await import("ethers")).id(description),
  );
  await mine(GOVERNED_OPTIONS.votingDelay + 1);
  await measure(
    "castVote (delegatee with 16 slots)",
    "eve votes with 16 validators' stake: 16 slots, each validator's slash index, read at the snapshot",
    governor.connect(f.eve).castVote(id, 1),
  );
}
