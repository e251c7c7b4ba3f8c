/**
 * The dApp's decoding of contract refusals (app/src/errors.ts) against real reverts of the deployed
 * system: each custom error in plain words, with its values in ETM and blocks.
 */
import { expect } from "chai";
import { registerValidator, signerProofFor } from "../shared/signerProof";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { describeError, describeRevert } from "../../app/src/errors";
import { deploySystem } from "../../scripts/deploy";
import { ETM } from "../shared/units";
import { nextBlock } from "../shared/poolHelpers";

describe("dApp error messages", function () {
  async function deployed() {
    const [admin, operator, user, stranger] = await ethers.getSigners();
    const system = await deploySystem({
      admin: admin.address,
      minStake: ETM,
      minSelfStake: 1_000n * ETM,
      initialValidators: [operator.address],
    });
    const poolAddress = await system.pool.getAddress();
    await system.token.transfer(operator.address, 10_000n * ETM);
    await system.token.transfer(user.address, 100n * ETM);
    await system.token.connect(operator).approve(poolAddress, ethers.MaxUint256);
    await system.token.connect(user).approve(poolAddress, ethers.MaxUint256);
    await registerValidator(system.pool, operator, operator.address, 5n * 10n ** 16n, 1_000n * ETM);
    await system.pool.connect(user).stake(operator.address, 10n * ETM);
    return { ...system, operator, user, stranger };
  }

  async function refusal(call: Promise<unknown>): Promise<unknown> {
    try {
      await call;
    } catch (error) {
      return error;
    }
    throw new Error("the call did not revert");
  }

  it("PositionBelowMinimum: the remaining position and the minimum, in ETM", async function () {
    const { pool, operator, user } = await loadFixture(deployed);
    const error = await refusal(pool.connect(user).unstake.staticCall(operator.address, 95n * 10n ** 17n));
    expect(describeRevert(error)).to.equal(
      `The contract refused: your position at ${operator.address} would be 0.5 ETM, below the minimum of 1 ETM; ` +
        "unstake all of it or leave at least the minimum (PositionBelowMinimum).",
    );
  });

  it("InvalidSignerProof and SignerReserved: who signed, who holds the signer, until when", async function () {
    const { pool, operator, stranger } = await loadFixture(deployed);
    const [admin] = await ethers.getSigners();
    const squatter = await signerProofFor(pool, stranger.address, stranger);
    const forged = await refusal(
      pool
        .connect(stranger)
        .registerValidator.staticCall(operator.address, 0n, 1_000n * ETM, squatter.r, squatter.vs),
    );
    const recovered = /recovers to (0x[0-9a-fA-F]{40})/.exec(describeRevert(forged) ?? "")?.[1];
    expect(describeRevert(forged)).to.equal(
      `The contract refused: the signer proof is not a signature by the key of signer ${operator.address} for this operator, pool and chain ` +
        `(it recovers to ${recovered}); sign SignerProof(signer, operator) with the signer key (etm:register does it from ETM_SIGNER_KEY) (InvalidSignerProof).`,
    );
    const reason = ethers.encodeBytes32String("test");
    const slash = await (
      await pool.connect(admin).slash(operator.address, 10n ** 17n, await nextBlock(), reason)
    ).wait();
    await pool.connect(operator).deregisterValidator();
    const proof = await signerProofFor(pool, stranger.address, operator);
    const jailed = await refusal(
      pool
        .connect(stranger)
        .registerValidator.staticCall(operator.address, 0n, 1_000n * ETM, proof.r, proof.vs),
    );
    const until = (await pool.validatorInfo(operator.address)).jailedUntilBlock;
    expect(until).to.be.greaterThan(BigInt(slash!.blockNumber));
    expect(describeRevert(jailed)).to.equal(
      `The contract refused: signer ${operator.address} is reserved while its last validator ${operator.address} is jailed, until block ${until}; wait, or use a new signer key (SignerReserved).`,
    );
    await pool.connect(admin).slash(operator.address, 10n ** 18n, await nextBlock(), reason);
    const tombstoned = await refusal(
      pool
        .connect(stranger)
        .registerValidator.staticCall(operator.address, 0n, 1_000n * ETM, proof.r, proof.vs),
    );
    expect(describeRevert(tombstoned)).to.equal(
      `The contract refused: signer ${operator.address} was used by validator ${operator.address}, which was tombstoned: the signer is reserved forever; use a new signer key (SignerReserved).`,
    );
  });

  it("NothingToWithdraw: with no entries, and with the block the next one matures at", async function () {
    const { pool, operator, user, stranger } = await loadFixture(deployed);
    expect(describeRevert(await refusal(pool.connect(stranger).withdraw.staticCall()))).to.equal(
      "The contract refused: nothing to withdraw: you have no unbonding entries (NothingToWithdraw).",
    );
    await pool.connect(user).unstake(operator.address, 10n * ETM);
    const [, maturities] = await pool.unbondingOf(user.address);
    expect(describeRevert(await refusal(pool.connect(user).withdraw.staticCall()))).to.equal(
      `The contract refused: nothing to withdraw yet: your next unbonding entry matures at block ${maturities[0]} (NothingToWithdraw).`,
    );
  });

  it("InsufficientStake, UnknownValidator and the token's ERC20InsufficientBalance", async function () {
    const { pool, operator, user, stranger } = await loadFixture(deployed);
    expect(
      describeRevert(await refusal(pool.connect(user).unstake.staticCall(operator.address, 11n * ETM))),
    ).to.equal(
      `The contract refused: you have 10 ETM staked at ${operator.address}, less than the 11 ETM asked (InsufficientStake).`,
    );
    expect(
      describeRevert(await refusal(pool.connect(user).stake.staticCall(stranger.address, ETM))),
    ).to.equal(
      `The contract refused: ${stranger.address} is not a registered validator; see \`etm:status\` or the dApp's candidate list (UnknownValidator).`,
    );
    expect(
      describeRevert(await refusal(pool.connect(user).stake.staticCall(operator.address, 91n * ETM))),
    ).to.equal(
      `The contract refused: your balance is 90 ETM, less than the 91 ETM needed (ERC20InsufficientBalance).`,
    );
  });

  it("the election's NotACandidate; an error without revert data is described by its message", async function () {
    const { election, stranger } = await loadFixture(deployed);
    expect(describeRevert(await refusal(election.connect(stranger).heartbeat.staticCall()))).to.equal(
      `The contract refused: ${stranger.address} is not a registered candidate's operator or signer (NotACandidate).`,
    );
    expect(describeError({ code: "ACTION_REJECTED", message: "user rejected action" })).to.equal(
      "You rejected the request in your wallet.",
    );
    expect(describeError(new Error("could not coalesce error"))).to.equal("could not coalesce error");
  });
});
