/**
 * config/: where the localhost network is (ETM_DEVNET_PORT, as npm start takes it) and the one
 * compiler warning that is not printed (OpenZeppelin's transient storage, and only that).
 */
import { expect } from "chai";
import { withoutKnownWarnings } from "../../config/compilerWarnings";
import { localhostUrl } from "../../config/localhost";

describe("config: localhost and compiler warnings", () => {
  it("localhost follows ETM_DEVNET_PORT; ETM_LOCALHOST_URL wins; 8545 otherwise", () => {
    expect(localhostUrl({})).to.equal("http://127.0.0.1:8545");
    expect(localhostUrl({ ETM_DEVNET_PORT: "8546" })).to.equal("http://127.0.0.1:8546");
    expect(localhostUrl({ ETM_DEVNET_PORT: "8546", ETM_LOCALHOST_URL: "http://10.0.0.5:8545" })).to.equal(
      "http://10.0.0.5:8545",
    );
  });

  it("drops OpenZeppelin's transient-storage warning and keeps every other message", () => {
    const transient =
      "Transient storage as defined by EIP-1153 can break the composability of smart contracts";
    const errors = [
      {
        severity: "warning",
        message: transient,
        sourceLocation: { file: "@openzeppelin/contracts/utils/TransientSlot.sol" },
      },
      {
        severity: "warning",
        message: transient,
        sourceLocation: { file: "contracts/staking/StakingPool.sol" },
      },
      {
        severity: "warning",
        message: "Unused local variable.",
        sourceLocation: { file: "@openzeppelin/x.sol" },
      },
      { severity: "error", message: transient, sourceLocation: { file: "@openzeppelin/y.sol" } },
    ];
    const kept = (withoutKnownWarnings({ errors, sources: {} }) as { errors: unknown[] }).errors;
    expect(kept).to.deep.equal(errors.slice(1));
    expect(withoutKnownWarnings(undefined)).to.equal(undefined);
  });
});
