// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";

/// @notice A namespaced layout, version 1, for the test that the upgrades tooling catches a layout change.
contract NamespacedLayoutV1Mock is Initializable, UUPSUpgradeable {
    /// @custom:storage-location erc7201:etm.test.Layout
    struct Layout {
        uint128 totalStakedWei;
        uint128 rewardPerTokenRay;
        uint256 treasuryWei;
    }

    // solhint-disable-next-line no-empty-blocks
    function _authorizeUpgrade(address) internal override {} // anyone: a layout fixture, never deployed
}
