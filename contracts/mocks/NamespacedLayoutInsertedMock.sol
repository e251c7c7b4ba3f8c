// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";

/// @notice Version 2 of the same namespace with a field inserted before others: an unsafe upgrade.
contract NamespacedLayoutInsertedMock is Initializable, UUPSUpgradeable {
    /// @custom:storage-location erc7201:etm.test.Layout
    struct Layout {
        uint128 totalStakedWei;
        uint64 insertedField;
        uint128 rewardPerTokenRay;
        uint256 treasuryWei;
    }

    // solhint-disable-next-line no-empty-blocks
    function _authorizeUpgrade(address) internal override {} // anyone: a layout fixture, never deployed
}
