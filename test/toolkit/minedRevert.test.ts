/**
 * A transaction whose dry run passed and that then reverted in its block (the chain changed in
 * between; on the 3-second devnet a block or more passes between the two). The node's receipt has no
 * reason: the tasks' runner says so and what the step's dry run says now. The chain here mines only
 * when told (automine off), as a real node mines on its own clock.
 */
import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import type { Step } from "../../lib/actions/step";
import { runSteps } from "../../tasks/lib/send";
import { stakingTasksFixture } from "../shared/deployments";
import { ETM } from "../shared/units";

describe("Toolkit: a transaction that reverts in its block after its dry run passed", () => {
  afterEach(() => hre.network.provider.send("evm_setAutomine", [true]));

  /** `alice` has 10 ETM at the operator; the step unstakes 20 (reverts when mined); `check` as given. */
  async function world(check: (refuse: () => Promise<unknown>) => () => Promise<unknown>) {
    const { pool, token, operator, alice } = await loadFixture(stakingTasksFixture);
    await token.connect(alice).approve(await pool.getAddress(), 10n * ETM);
    await pool.connect(alice).stake(operator.address, 10n * ETM);
    const asAlice = pool.connect(alice);
    const refuse = () => asAlice.unstake.staticCall(operator.address, 20n * ETM);
    await hre.network.provider.send("evm_setAutomine", [false]);
    const sent: string[] = [];
    const step: Step = {
      label: "Unstake 20 ETM from the operator",
      action: "unstake",
      check: check(refuse),
      // sent with its own gas limit (no estimate, which would refuse it), then mined in a block of its own
      send: async () => {
        const tx = await asAlice.unstake(operator.address, 20n * ETM, { gasLimit: 600_000n });
        sent.push(tx.hash);
        await hre.network.provider.send("evm_mine");
        return tx;
      },
    };
    return { step, sent, pool, operator, alice };
  }

  it("says the block, and the contract's refusal as its dry run gives it now", async () => {
    let dryRuns = 0;
    // The first dry run passed (the chain as it was then); from the second on, the chain as it is.
    const { step, sent, pool, operator, alice } = await world((refuse) => async () => {
      if (dryRuns++ > 0) await refuse();
    });
    const failure = await runSteps([step]).then(
      () => undefined,
      (error: Error) => error.message,
    );
    const block = await hre.ethers.provider.getBlockNumber();
    expect(failure).to.equal(
      `Unstake 20 ETM from the operator (tx ${sent[0]}): mined in block ${block} ` +
        `but reverted: the chain changed between the dry run and that block; sent now, the contract would ` +
        `refuse it: you have 10 ETM staked at ${operator.address}, less than the 20 ETM asked (InsufficientStake).`,
    );
    expect(sent).to.have.length(1);
    expect(dryRuns).to.equal(2);
    expect(await pool.stakeOf(alice.address, operator.address)).to.equal(10n * ETM);
  });

  it("or that its dry run passes now: try again", async () => {
    const { step } = await world(() => async () => undefined);
    const block = (await hre.ethers.provider.getBlockNumber()) + 1;
    await expect(runSteps([step])).to.be.rejectedWith(
      new RegExp(
        `^Unstake 20 ETM from the operator \\(tx 0x[0-9a-f]{64}\\): mined in block ${block} but reverted: ` +
          "the chain changed between the dry run and that block; its dry run passes now: try again[.]$",
      ),
    );
  });
});
