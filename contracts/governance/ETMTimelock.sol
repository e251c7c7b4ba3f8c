// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title ETMTimelock
/// @notice The executor of ETM governance: OpenZeppelin's TimelockController, unchanged. It holds every
/// parameter, slasher and admin role of the staking pool and the election, is the treasury of both, and
/// runs a proposal only after the governor approved it and `minDelay` seconds have passed.
/// @dev After `deploySystem({ governance: true })` the governor is its only proposer, canceller and
/// executor, and the timelock is its own only admin (no externally owned account holds any role).
contract ETMTimelock is TimelockController {
    /// @param minDelaySeconds Seconds between queueing and executing a proposal (TimelockController's clock is time).
    /// @param proposers Accounts that may schedule (and cancel) operations: the governor.
    /// @param executors Accounts that may execute ready operations: the governor.
    /// @param admin Temporary admin that wires the roles and then renounces; zero for none.
    constructor(
        uint256 minDelaySeconds,
        address[] memory proposers,
        address[] memory executors,
        address admin
    ) TimelockController(minDelaySeconds, proposers, executors, admin) {}
}
