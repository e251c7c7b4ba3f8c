// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IValidatorElection} from "../interfaces/IValidatorElection.sol";

/// @title ElectionCaller
/// @notice A contract operator or treasury for election tests: it can refuse native coins, or try
/// to re-enter `claim()` while being paid (and record what happened).
contract ElectionCaller {
    enum Mode {
        Accept,
        Reject,
        Reenter, // re-enters claim()
        ReenterRelease // re-enters releaseTreasuryFees()
    }

    IValidatorElection public election;
    Mode public mode;
    bytes public reentryError;
    uint256 public payments;

    error Refused();

    /// @notice Points the caller at the election (set after deployment: the caller's address can be
    /// one of the election's initial validators).
    function setElection(IValidatorElection election_) external {
        election = election_;
    }

    function setMode(Mode mode_) external {
        mode = mode_;
    }

    function claim() external returns (uint256 nativeWei, uint256 tokenWei) {
        return election.claim();
    }

    function heartbeat() external {
        election.heartbeat();
    }

    function commit(bytes32 commitment) external {
        election.commit(commitment);
    }

    function reveal(bytes32 secret) external {
        election.reveal(secret);
    }

    // Complex on purpose: the re-entrancy probe runs while the election pays this contract.
    // solhint-disable-next-line no-complex-fallback
    receive() external payable {
        if (mode == Mode.Reject) revert Refused();
        if (mode == Mode.Reenter) {
            try election.claim() {
                reentryError = "";
            } catch (bytes memory reason) {
                reentryError = reason;
            }
        } else if (mode == Mode.ReenterRelease) {
            try election.releaseTreasuryFees() {
                reentryError = "";
            } catch (bytes memory reason) {
                reentryError = reason;
            }
        }
        ++payments;
    }
}
