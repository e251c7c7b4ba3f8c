/**
 * Validator profiles: a name (unique among listed candidates, case-insensitive), a website and a
 * description, checked on-chain and shown instead of bare addresses.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ETM, SIGNERS, validatorsFixture } from "../shared/fixtures";
import { Parameter } from "../shared/poolHelpers";
import { registerValidator } from "../shared/signerProof";

const field = (name: string) => ethers.encodeBytes32String(name);

describe("StakingPool: validator profiles", () => {
  it("an operator sets its profile; profileOf returns it and ProfileSet carries it", async () => {
    const { pool, op0 } = await loadFixture(validatorsFixture);
    await expect(
      pool.connect(op0).setProfile("Zero Labs", "https://zero.example", "Run since 2026. Ünïcode ok."),
    )
      .to.emit(pool, "ProfileSet")
      .withArgs(op0.address, "Zero Labs", "https://zero.example", "Run since 2026. Ünïcode ok.");
    expect(await pool.profileOf(op0.address)).to.deep.equal([
      "Zero Labs",
      "https://zero.example",
      "Run since 2026. Ünïcode ok.",
    ]);
    // Replacing it releases the old name for others.
    await pool.connect(op0).setProfile("Zero Labs 2", "", "");
    expect(await pool.profileOf(op0.address)).to.deep.equal(["Zero Labs 2", "", ""]);
  });

  it("refuses names that are too short, too long, padded or with other characters, naming the name", async () => {
    const { pool, op0 } = await loadFixture(validatorsFixture);
    const bad = [
      "ab",
      "x".repeat(33),
      " Lead",
      "Trail ",
      "Ze\u0301ro",
      "tab\tname",
      "semi;colon",
      "Zero/Labs",
    ];
    for (const name of bad) {
      await expect(pool.connect(op0).setProfile(name, "", ""))
        .to.be.revertedWithCustomError(pool, "InvalidProfileName")
        .withArgs(name);
    }
    // The bounds themselves are accepted.
    await pool.connect(op0).setProfile("abc", "", "");
    await pool.connect(op0).setProfile("A-b_c.d 9".padEnd(32, "z"), "", "");
    expect((await pool.profileOf(op0.address))[0]).to.have.length(32);
  });

  it("refuses a website over 140 bytes or not printable ASCII, and a description over 280 bytes", async () => {
    const { pool, op0 } = await loadFixture(validatorsFixture);
    expect(await pool.MAX_NAME_BYTES()).to.equal(32n);
    expect(await pool.MAX_WEBSITE_BYTES()).to.equal(140n);
    expect(await pool.MAX_DESCRIPTION_BYTES()).to.equal(280n);
    await expect(pool.connect(op0).setProfile("Zero", "h".repeat(141), ""))
      .to.be.revertedWithCustomError(pool, "InvalidProfileField")
      .withArgs(field("website"), 141n, 140n);
    await expect(pool.connect(op0).setProfile("Zero", "https://zé.example", ""))
      .to.be.revertedWithCustomError(pool, "InvalidProfileField")
      .withArgs(field("website"), 9n, 140n);
    await expect(pool.connect(op0).setProfile("Zero", "https://a\nb", ""))
      .to.be.revertedWithCustomError(pool, "InvalidProfileField")
      .withArgs(field("website"), 9n, 140n);
    // 280 bytes of UTF-8 (140 two-byte characters) pass; one more byte does not.
    await pool.connect(op0).setProfile("Zero", "h".repeat(140), "é".repeat(140));
    await expect(pool.connect(op0).setProfile("Zero", "", "é".repeat(140) + "!"))
      .to.be.revertedWithCustomError(pool, "InvalidProfileField")
      .withArgs(field("description"), 281n, 280n);
    expect(await pool.profileOf(op0.address)).to.deep.equal(["Zero", "h".repeat(140), "é".repeat(140)]);
  });

  it("a name is unique among listed candidates, whatever the case; released names can be taken", async () => {
    const { pool, op0, op1 } = await loadFixture(validatorsFixture);
    await pool.connect(op0).setProfile("Zero Labs", "", "");
    for (const name of ["Zero Labs", "zero labs", "ZERO LABS", "zEro lAbs"]) {
      await expect(pool.connect(op1).setProfile(name, "", ""))
        .to.be.revertedWithCustomError(pool, "ProfileNameTaken")
        .withArgs(name, op0.address);
    }
    expect(await pool.profileOf(op1.address)).to.deep.equal(["", "", ""]);
    // op0 renames itself: its old name is free again.
    await pool.connect(op0).setProfile("Zero", "", "");
    await pool.connect(op1).setProfile("ZERO labs", "", "");
    expect((await pool.profileOf(op1.address))[0]).to.equal("ZERO labs");
    // Setting one's own name again (another case) is fine.
    await pool.connect(op1).setProfile("Zero Labs", "", "");
    expect((await pool.profileOf(op1.address))[0]).to.equal("Zero Labs");
  });

  it("a deregistered validator's name can be taken; it cannot set a profile any more", async () => {
    const { pool, op0, op1, alice } = await loadFixture(validatorsFixture);
    await pool.connect(op0).setProfile("Zero Labs", "https://zero.example", "");
    await pool.connect(op0).deregisterValidator();
    await expect(pool.connect(op0).setProfile("Zero Labs", "", ""))
      .to.be.revertedWithCustomError(pool, "ValidatorNotActive")
      .withArgs(op0.address, 2n);
    await pool.connect(op1).setProfile("zero labs", "", "");
    // The name now belongs to op1: op0's profile shows no name (its other fields stay).
    expect(await pool.profileOf(op0.address)).to.deep.equal(["", "https://zero.example", ""]);
    expect((await pool.profileOf(op1.address))[0]).to.equal("zero labs");
    // namesOf answers a list in one call, as profileOf's names.
    expect(await pool.namesOf([op0.address, op1.address, alice.address])).to.deep.equal([
      "",
      "zero labs",
      "",
    ]);
  });

  it("a displaced candidate's name can be taken while it is off the list, and it shows none after", async () => {
    const { pool, operators, admin, op0 } = await loadFixture(validatorsFixture);
    await pool.connect(op0).setProfile("Zero Labs", "", "");
    // Fill the list to a cap of 4 (op0 and op1 are listed), then displace op0 (1,800 ETM bonded).
    await pool.connect(admin).setParameter(Parameter.CandidateCap, 4);
    await registerValidator(pool, operators[2]!, SIGNERS[2]!, 0n, 5_000n * ETM);
    await registerValidator(pool, operators[3]!, SIGNERS[3]!, 0n, 5_000n * ETM);
    await expect(registerValidator(pool, operators[4]!, SIGNERS[4]!, 0n, 5_000n * ETM))
      .to.emit(pool, "ValidatorDisplaced")
      .withArgs(op0.address, operators[4]!.address, 1_800n * ETM);
    await pool.connect(operators[4]!).setProfile("ZERO LABS", "", "");
    expect((await pool.profileOf(operators[4]!.address))[0]).to.equal("ZERO LABS");
    expect((await pool.profileOf(op0.address))[0]).to.equal("");
  });

  it("a non-operator is refused", async () => {
    const { pool, alice } = await loadFixture(validatorsFixture);
    await expect(pool.connect(alice).setProfile("Alice", "", ""))
      .to.be.revertedWithCustomError(pool, "UnknownValidator")
      .withArgs(alice.address);
  });
});
