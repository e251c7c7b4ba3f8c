// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CodeStorage} from "../libraries/CodeStorage.sol";

/// @notice Exposes the CodeStorage library for its tests.
contract CodeStorageHarness {
    /// @notice The data contract written last.
    address public lastPointer;

    function write(bytes calldata data) external returns (address pointer) {
        pointer = CodeStorage.write(data);
        lastPointer = pointer;
    }

    function read(address pointer) external view returns (bytes memory) {
        return CodeStorage.read(pointer);
    }
}
