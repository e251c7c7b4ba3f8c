// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IETMToken} from "../interfaces/IETMToken.sol";
import {StakingPool} from "../staking/StakingPool.sol";

/// @notice A next version of the pool for the upgrade tests: the same code plus `version()`.
/// @custom:oz-upgrades-unsafe-allow external-library-linking
contract StakingPoolV2Mock is StakingPool {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(IETMToken token_) StakingPool(token_) {}

    function version() external pure returns (string memory) {
        return "pool v2 (test)";
    }
}
