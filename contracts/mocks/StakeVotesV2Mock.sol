// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {StakeVotes} from "../staking/StakeVotes.sol";

/// @notice A next version of the voting-units module for the upgrade tests. Nothing new to
/// initialize: the proxy keeps the state `StakeVotes.initialize` wrote.
/// @custom:oz-upgrades-unsafe-allow missing-initializer
contract StakeVotesV2Mock is StakeVotes {
    function version() external pure returns (string memory) {
        return "votes v2 (test)";
    }
}
