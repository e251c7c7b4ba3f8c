// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {RLPReader} from "../evidence/RLPReader.sol";

/// @notice Exposes the RLPReader library for its tests.
contract RLPReaderHarness {
    /// @notice The single item `data` holds: whether it is a list, where its payload starts, its length.
    function item(
        bytes calldata data
    ) external pure returns (bool isList, uint256 payloadStart, uint256 payloadLength) {
        RLPReader.Item memory decoded = RLPReader.toItem(data);
        return (decoded.isList, decoded.payloadStart, decoded.end - decoded.payloadStart);
    }

    /// @notice The start offset of each item of the list `data` holds.
    function children(bytes calldata data) external pure returns (uint256[] memory starts) {
        bytes memory buffer = data;
        RLPReader.Item[] memory items = RLPReader.children(buffer, RLPReader.toItem(buffer));
        starts = new uint256[](items.length);
        for (uint256 i; i < items.length; ++i) starts[i] = items[i].start;
    }

    /// @notice The scalar `data` holds, at most `maxLength` bytes.
    function scalar(bytes calldata data, uint256 maxLength) external pure returns (uint256) {
        bytes memory buffer = data;
        RLPReader.Item memory decoded = RLPReader.toItem(buffer);
        RLPReader.requireScalar(buffer, decoded, maxLength);
        return RLPReader.toUint(buffer, decoded);
    }

    /// @notice The prefix of a payload of `length` bytes (`base` 0x80 for a string, 0xc0 for a list).
    function prefix(uint256 length, uint256 base) external pure returns (bytes memory) {
        return RLPReader.prefix(length, base);
    }
}
