// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ViewBatch
/// @notice Test scaffolding (never deployed): reads many view functions in one `eth_call`. The
/// property campaign (test/property/) compares the chain with its model through hundreds of views
/// a step; batched, they skip the node's and ethers' per-request work (test/shared/viewBatch.ts).
/// The campaign installs this code at an address of its own with `hardhat_setCode` (no transaction,
/// no block), so the chain it compares is the one it would compare without it.
contract ViewBatch {
    struct Call {
        address target;
        bytes data;
    }

    /// @notice Static-calls each target with its calldata, in order, against the same state.
    /// @return ok whether each call succeeded
    /// @return results each call's return data (its revert data when it failed)
    function read(Call[] calldata calls) external view returns (bool[] memory ok, bytes[] memory results) {
        ok = new bool[](calls.length);
        results = new bytes[](calls.length);
        for (uint256 i = 0; i < calls.length; ++i) {
            (ok[i], results[i]) = calls[i].target.staticcall(calls[i].data);
        }
    }
}
