// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {VM, Vm} from "./Vm.sol";

/// @title TestBase
/// @notice The minimum of forge-std's Test this suite needs: the cheatcodes, assertions that print
/// both sides, `bound`, and the target selectors of invariant tests.
abstract contract TestBase {
    Vm internal constant vm = VM;

    /// @dev forge reads this to mark a test contract (forge-std's `IS_TEST`).
    bool public IS_TEST = true;

    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetContracts;
    FuzzSelector[] private _targetSelectors;

    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetSelectors;
    }

    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    function targetSelector(FuzzSelector memory selector) internal {
        _targetSelectors.push(selector);
    }

    error AssertionFailed(string message, uint256 left, uint256 right);
    error AssertionFailedBool(string message);

    function assertEq(uint256 left, uint256 right, string memory message) internal pure {
        if (left != right) revert AssertionFailed(string.concat(message, " (==)"), left, right);
    }

    function assertLe(uint256 left, uint256 right, string memory message) internal pure {
        if (left > right) revert AssertionFailed(string.concat(message, " (<=)"), left, right);
    }

    function assertGe(uint256 left, uint256 right, string memory message) internal pure {
        if (left < right) revert AssertionFailed(string.concat(message, " (>=)"), left, right);
    }

    function assertLt(uint256 left, uint256 right, string memory message) internal pure {
        if (left >= right) revert AssertionFailed(string.concat(message, " (<)"), left, right);
    }

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) revert AssertionFailedBool(message);
    }

    /// @dev `x` mapped into [min, max] (forge-std's `bound`, without the log).
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        return BoundLib.bound(x, min, max);
    }
}

library BoundLib {
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1;
        if (size == 0) return x; // full range
        return min + (x % size);
    }
}
