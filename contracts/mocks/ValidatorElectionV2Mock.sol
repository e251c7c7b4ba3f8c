// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IValidatorRegistry} from "../interfaces/IValidatorRegistry.sol";
import {ValidatorElection} from "../election/ValidatorElection.sol";

/// @notice A next version of the election for the upgrade tests: the same code plus `version()`.
/// @custom:oz-upgrades-unsafe-allow external-library-linking
contract ValidatorElectionV2Mock is ValidatorElection {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(
        IValidatorRegistry registry_,
        IERC20 rewardToken_
    ) ValidatorElection(registry_, rewardToken_) {}

    function version() external pure returns (string memory) {
        return "election v2 (test)";
    }
}
