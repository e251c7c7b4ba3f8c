/** EIP-2612 permit on ETMToken, signed with ethers v6 `signTypedData` over the token's own domain. */
import { expect } from "chai";
import hre from "hardhat";
import { MaxUint256, TypedDataEncoder, ZeroAddress, verifyTypedData } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deploySystem } from "../../scripts/deploy";
import { ETM, tokenFixture } from "../shared/fixtures";
import type { TokenFixture } from "../shared/fixtures";
import {
  EIP712_FIELDS_NAME_VERSION_CHAIN_CONTRACT,
  PERMIT_TYPES,
  signPermit,
  tokenDomain,
} from "../shared/permit";
import type { SignedPermit } from "../shared/permit";

const VALUE = 250n * ETM;

/** Submits `permit` from `relayer` (anyone may submit a signed permit). */
function submit(
  { token }: TokenFixture,
  relayer: TokenFixture["alice"],
  { message, signature }: SignedPermit,
) {
  return token
    .connect(relayer)
    .permit(
      message.owner,
      message.spender,
      message.value,
      message.deadline,
      signature.v,
      signature.r,
      signature.s,
    );
}

/** The address `ecrecover` yields for `permit` against the token's current nonce of the owner. */
async function recoveredOnChain({ token }: TokenFixture, { message, signature }: SignedPermit) {
  const nonce = await token.nonces(message.owner);
  return verifyTypedData(await tokenDomain(token), PERMIT_TYPES, { ...message, nonce }, signature);
}

async function inAnHour() {
  return BigInt(await time.latest()) + 3600n;
}

describe("ETMToken permit (EIP-2612)", () => {
  describe("domain", () => {
    it("eip712Domain() reports name ETM, version 1, this chain and this contract, no salt", async () => {
      const { token } = await loadFixture(tokenFixture);
      const { chainId } = await hre.ethers.provider.getNetwork();
      const domain = await token.eip712Domain();
      expect(domain.fields).to.equal(EIP712_FIELDS_NAME_VERSION_CHAIN_CONTRACT);
      expect(domain.name).to.equal("ETM");
      expect(domain.version).to.equal("1");
      expect(domain.chainId).to.equal(chainId);
      expect(domain.verifyingContract).to.equal(await token.getAddress());
      expect(domain.salt).to.equal(`0x${"00".repeat(32)}`);
      expect(domain.extensions).to.deep.equal([]);
    });

    it("DOMAIN_SEPARATOR() is the EIP-712 hash of (ETM, 1, chain id, contract address)", async () => {
      const { token } = await loadFixture(tokenFixture);
      const { chainId } = await hre.ethers.provider.getNetwork();
      const expected = TypedDataEncoder.hashDomain({
        name: "ETM",
        version: "1",
        chainId,
        verifyingContract: await token.getAddress(),
      });
      expect(await token.DOMAIN_SEPARATOR()).to.equal(expected);
    });

    it("DOMAIN_SEPARATOR() differs between two deployments on the same chain", async () => {
      const { token, admin, holder } = await loadFixture(tokenFixture);
      const other = await deploySystem({ admin: admin.address, initialHolder: holder.address });
      expect(await other.token.DOMAIN_SEPARATOR()).not.to.equal(await token.DOMAIN_SEPARATOR());
    });
  });

  describe("a valid permit", () => {
    it("sets the allowance, emits Approval and increments the owner's nonce", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, holder, alice, bob } = fixture;
      const permit = await signPermit(token, holder, {
        spender: alice.address,
        value: VALUE,
        deadline: await inAnHour(),
      });
      expect(permit.message.nonce).to.equal(0n);
      await expect(submit(fixture, bob, permit))
        .to.emit(token, "Approval")
        .withArgs(holder.address, alice.address, VALUE);
      expect(await token.allowance(holder.address, alice.address)).to.equal(VALUE);
      expect(await token.nonces(holder.address)).to.equal(1n);
      expect(await token.nonces(alice.address)).to.equal(0n);
    });

    it("then lets the spender transferFrom within it", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, holder, alice, bob } = fixture;
      const permit = await signPermit(token, holder, {
        spender: alice.address,
        value: VALUE,
        deadline: await inAnHour(),
      });
      await submit(fixture, alice, permit);
      await expect(
        token.connect(alice).transferFrom(holder.address, bob.address, VALUE),
      ).to.changeTokenBalances(token, [holder, bob], [-VALUE, VALUE]);
      expect(await token.allowance(holder.address, alice.address)).to.equal(0n);
      await expect(token.connect(alice).transferFrom(holder.address, bob.address, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(alice.address, 0n, 1n);
    });

    it("overwrites an existing allowance, like approve", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, holder, alice } = fixture;
      await token.connect(holder).approve(alice.address, 5n * VALUE);
      const permit = await signPermit(token, holder, {
        spender: alice.address,
        value: VALUE,
        deadline: await inAnHour(),
      });
      await submit(fixture, alice, permit);
      expect(await token.allowance(holder.address, alice.address)).to.equal(VALUE);
    });

    it("may grant the infinite allowance, which transferFrom then leaves untouched", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, holder, alice, bob } = fixture;
      const permit = await signPermit(token, holder, {
        spender: alice.address,
        value: MaxUint256,
        deadline: await inAnHour(),
      });
      await submit(fixture, alice, permit);
      await token.connect(alice).transferFrom(holder.address, bob.address, VALUE);
      expect(await token.allowance(holder.address, alice.address)).to.equal(MaxUint256);
    });

    it("is accepted in the block whose timestamp equals the deadline", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, holder, alice } = fixture;
      const deadline = await inAnHour();
      const permit = await signPermit(token, holder, { spender: alice.address, value: VALUE, deadline });
      await time.setNextBlockTimestamp(deadline);
      await submit(fixture, alice, permit);
      expect(await token.allowance(holder.address, alice.address)).to.equal(VALUE);
    });

    it("consumes nonces in order: the permit signed for nonce 1 works after the one for nonce 0", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, holder, alice } = fixture;
      const deadline = await inAnHour();
      const first = await signPermit(token, holder, {
        spender: alice.address,
        value: 1n,
        deadline,
        nonce: 0n,
      });
      const second = await signPermit(token, holder, {
        spender: alice.address,
        value: 2n,
        deadline,
        nonce: 1n,
      });
      await submit(fixture, alice, first);
      await submit(fixture, alice, second);
      expect(await token.allowance(holder.address, alice.address)).to.equal(2n);
      expect(await token.nonces(holder.address)).to.equal(2n);
    });
  });

  describe("an invalid permit", () => {
    it("past its deadline reverts with ERC2612ExpiredSignature(deadline)", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, holder, alice } = fixture;
      const deadline = await inAnHour();
      const permit = await signPermit(token, holder, { spender: alice.address, value: VALUE, deadline });
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(submit(fixture, alice, permit))
        .to.be.revertedWithCustomError(token, "ERC2612ExpiredSignature")
        .withArgs(deadline);
      expect(await token.nonces(holder.address)).to.equal(0n);
    });

    it("replayed reverts with ERC2612InvalidSigner(recovered, owner): the nonce has moved on", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, holder, alice } = fixture;
      const permit = await signPermit(token, holder, {
        spender: alice.address,
        value: VALUE,
        deadline: await inAnHour(),
      });
      await submit(fixture, alice, permit);
      await token.connect(alice).transferFrom(holder.address, alice.address, VALUE);
      const recovered = await recoveredOnChain(fixture, permit);
      expect(recovered).not.to.equal(holder.address);
      await expect(submit(fixture, alice, permit))
        .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
        .withArgs(recovered, holder.address);
      expect(await token.allowance(holder.address, alice.address)).to.equal(0n);
    });

    it("signed by someone other than the owner reverts with ERC2612InvalidSigner(signer, owner)", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, holder, alice } = fixture;
      const forged = await signPermit(token, alice, {
        owner: holder.address,
        spender: alice.address,
        value: VALUE,
        deadline: await inAnHour(),
      });
      await expect(submit(fixture, alice, forged))
        .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
        .withArgs(alice.address, holder.address);
    });

    it("signed for a future nonce reverts with ERC2612InvalidSigner(recovered, owner)", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, holder, alice } = fixture;
      const permit = await signPermit(token, holder, {
        spender: alice.address,
        value: VALUE,
        deadline: await inAnHour(),
        nonce: 1n,
      });
      const recovered = await recoveredOnChain(fixture, permit);
      expect(recovered).not.to.equal(holder.address);
      await expect(submit(fixture, alice, permit))
        .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
        .withArgs(recovered, holder.address);
      expect(await token.nonces(holder.address)).to.equal(0n);
    });

    it("submitted with another value, spender or deadline than signed reverts with ERC2612InvalidSigner", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, holder, alice, bob } = fixture;
      const permit = await signPermit(token, holder, {
        spender: alice.address,
        value: VALUE,
        deadline: await inAnHour(),
      });
      const altered: SignedPermit["message"][] = [
        { ...permit.message, value: VALUE + 1n },
        { ...permit.message, spender: bob.address },
        { ...permit.message, deadline: permit.message.deadline + 1n },
      ];
      for (const message of altered) {
        const recovered = await recoveredOnChain(fixture, { message, signature: permit.signature });
        await expect(submit(fixture, alice, { message, signature: permit.signature }))
          .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
          .withArgs(recovered, holder.address);
      }
      await submit(fixture, alice, permit);
      expect(await token.allowance(holder.address, alice.address)).to.equal(VALUE);
    });

    it("signed for another chain id reverts with ERC2612InvalidSigner", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, holder, alice } = fixture;
      const domain = { ...(await tokenDomain(token)), chainId: 1n };
      const permit = await signPermit(
        token,
        holder,
        { spender: alice.address, value: VALUE, deadline: await inAnHour() },
        domain,
      );
      const recovered = await recoveredOnChain(fixture, permit);
      expect(recovered).not.to.equal(holder.address);
      await expect(submit(fixture, alice, permit))
        .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
        .withArgs(recovered, holder.address);
    });

    it("signed for another deployment of the token reverts with ERC2612InvalidSigner", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, admin, holder, alice } = fixture;
      const other = await deploySystem({ admin: admin.address, initialHolder: holder.address });
      const permit = await signPermit(other.token, holder, {
        spender: alice.address,
        value: VALUE,
        deadline: await inAnHour(),
      });
      const recovered = await recoveredOnChain(fixture, permit);
      await expect(submit(fixture, alice, permit))
        .to.be.revertedWithCustomError(token, "ERC2612InvalidSigner")
        .withArgs(recovered, holder.address);
      await submit({ ...fixture, token: other.token }, alice, permit);
      expect(await other.token.allowance(holder.address, alice.address)).to.equal(VALUE);
    });

    it("for the zero address as spender reverts with ERC20InvalidSpender(0) even when correctly signed", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, holder, alice } = fixture;
      const permit = await signPermit(token, holder, {
        spender: ZeroAddress,
        value: VALUE,
        deadline: await inAnHour(),
      });
      await expect(submit(fixture, alice, permit))
        .to.be.revertedWithCustomError(token, "ERC20InvalidSpender")
        .withArgs(ZeroAddress);
    });

    it("with a malformed signature (s in the upper half) reverts with ECDSAInvalidSignatureS", async () => {
      const fixture = await loadFixture(tokenFixture);
      const { token, holder, alice } = fixture;
      const permit = await signPermit(token, holder, {
        spender: alice.address,
        value: VALUE,
        deadline: await inAnHour(),
      });
      const secp256k1Order = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
      const highS = `0x${(secp256k1Order - BigInt(permit.signature.s)).toString(16).padStart(64, "0")}`;
      const { message, signature } = permit;
      await expect(
        token
          .connect(alice)
          .permit(
            message.owner,
            message.spender,
            message.value,
            message.deadline,
            signature.v === 27 ? 28 : 27,
            signature.r,
            highS,
          ),
      )
        .to.be.revertedWithCustomError(token, "ECDSAInvalidSignatureS")
        .withArgs(highS);
    });
  });
});
