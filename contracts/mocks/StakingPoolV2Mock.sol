// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {StakingPool} from "../staking/StakingPool.sol";
import {StakingPoolExtension} from "../staking/StakingPoolExtension.sol";

/// @notice A next version of the pool for the upgrade tests: the same code plus `version()`.
/// @custom:oz-upgrades-unsafe-allow external-library-linking delegatecall
contract StakingPoolV2Mock is StakingPool {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(StakingPoolExtension extension_) StakingPool(extension_) {}

    function version() external pure returns (string memory) {
        return "pool v2 (test)";
    }
}
