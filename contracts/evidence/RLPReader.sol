// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title RLPReader
/// @notice A strict decoder of Recursive Length Prefix encoding (the Ethereum Yellow Paper, appendix B),
/// reading in place from a `bytes memory` buffer. It accepts only the canonical encoding — the one
/// encoder writes and Besu's strict decoder reads — and refuses everything else with an error that
/// names the offset: an item running past its end, a long form for a length under 56, a length
/// with a leading zero byte, a single byte below 0x80 written with a prefix, trailing bytes.
/// @dev An item is kept as offsets into the buffer, never copied. Every offset is relative to the
/// start of the buffer's data (not its length word). Offsets stay below 2^64 plus the buffer's
/// length, so no sum here can overflow.
library RLPReader {
    /// @notice An item inside a buffer: `[start, end)` is its whole encoding, `[payloadStart, end)`
    /// its payload (the string's bytes, or the list's encoded items).
    struct Item {
        uint256 start;
        uint256 payloadStart;
        uint256 end;
        bool isList;
    }

    /// @notice The item at `offset` ends at `itemEnd`, past `limit` (the end of the input or of its list).
    error RLPItemPastEnd(uint256 offset, uint256 itemEnd, uint256 limit);
    /// @notice The item at `offset` uses the long form for a length under 56, or its length has a leading zero.
    error RLPNonCanonicalLength(uint256 offset);
    /// @notice The item at `offset` is a single byte below 0x80 written with a prefix (it is its own encoding).
    error RLPNonCanonicalByte(uint256 offset);
    /// @notice The item ends at `itemEnd` but the input (or the enclosing string) ends at `inputEnd`.
    error RLPTrailingBytes(uint256 itemEnd, uint256 inputEnd);
    /// @notice The item at `offset` is a string where a list is required.
    error RLPNotList(uint256 offset);
    /// @notice The item at `offset` is a list where a string is required.
    error RLPNotString(uint256 offset);
    /// @notice The string at `offset` holds `length` bytes; `expectedLength` are required.
    error RLPUnexpectedLength(uint256 offset, uint256 length, uint256 expectedLength);
    /// @notice The scalar at `offset` holds `length` bytes, more than `maxLength`.
    error RLPScalarTooLong(uint256 offset, uint256 length, uint256 maxLength);
    /// @notice The scalar at `offset` starts with a zero byte (zero is the empty string).
    error RLPScalarLeadingZero(uint256 offset);

    /// @notice The single item that `data` holds, with nothing after it.
    function toItem(bytes memory data) internal pure returns (Item memory) {
        return readExactly(data, 0, data.length);
    }

    /// @notice The item at `offset` that must end exactly at `end` (`end` at most `data.length`).
    function readExactly(
        bytes memory data,
        uint256 offset,
        uint256 end
    ) internal pure returns (Item memory item) {
        item = readItem(data, offset, end);
        if (item.end != end) revert RLPTrailingBytes(item.end, end);
    }

    /// @notice The item at `offset`, which must end by `limit` (`limit` at most `data.length`).
    function readItem(bytes memory data, uint256 offset, uint256 limit) internal pure returns (Item memory) {
        (uint256 payloadStart, uint256 end, bool isList) = _parse(data, offset, limit);
        return Item({start: offset, payloadStart: payloadStart, end: end, isList: isList});
    }

    /// @notice The items of the list `list`, in order; each must end inside the list.
    function children(bytes memory data, Item memory list) internal pure returns (Item[] memory items) {
        if (!list.isList) revert RLPNotList(list.start);
        uint256 count;
        // First pass: count (and check) the items without building them.
        for (uint256 offset = list.payloadStart; offset < list.end; ++count) {
            (, offset, ) = _parse(data, offset, list.end);
        }
        items = new Item[](count);
        uint256 next = list.payloadStart;
        for (uint256 i; i < count; ++i) {
            items[i] = readItem(data, next, list.end);
            next = items[i].end;
        }
    }

    /// @notice Refuses `item` unless it is a string of exactly `expectedLength` bytes.
    function requireLength(Item memory item, uint256 expectedLength) internal pure {
        uint256 length = payloadLength(item);
        if (length != expectedLength) revert RLPUnexpectedLength(item.start, length, expectedLength);
    }

    /// @notice Refuses `item` unless it is a canonical scalar (a string of at most `maxLength` bytes
    /// without a leading zero byte).
    function requireScalar(bytes memory data, Item memory item, uint256 maxLength) internal pure {
        uint256 length = payloadLength(item);
        if (length > maxLength) revert RLPScalarTooLong(item.start, length, maxLength);
        if (length > 0 && _byteAt(data, item.payloadStart) == 0) revert RLPScalarLeadingZero(item.start);
    }

    /// @notice The number of payload bytes of the string `item`.
    function payloadLength(Item memory item) internal pure returns (uint256) {
        if (item.isList) revert RLPNotString(item.start);
        return item.end - item.payloadStart;
    }

    /// @notice The string `item` (checked with `requireScalar` or `requireLength`, at most 32 bytes)
    /// read as a big-endian unsigned integer.
    function toUint(bytes memory data, Item memory item) internal pure returns (uint256) {
        // A shift by 256 (the empty string) gives 0 in the EVM.
        return _word(data, item.payloadStart) >> (256 - 8 * (item.end - item.payloadStart));
    }

    /// @notice The 32 bytes of `data` from `offset` (bytes past the buffer are whatever memory holds
    /// there: callers use only the bytes they checked are inside).
    function word(bytes memory data, uint256 offset) internal pure returns (bytes32 value) {
        value = bytes32(_word(data, offset));
    }

    /// @notice A copy of `data[from:to]` (`from <= to <= data.length`).
    function slice(bytes memory data, uint256 from, uint256 to) internal pure returns (bytes memory copy) {
        copy = new bytes(to - from);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mcopy(add(copy, 0x20), add(add(data, 0x20), from), sub(to, from))
        }
    }

    /// @notice The prefix of a list (`base` 0xc0) or a string (`base` 0x80, for a string that is not a
    /// single byte below 0x80) whose payload is `length` bytes.
    function prefix(uint256 length, uint256 base) internal pure returns (bytes memory) {
        // The casts keep values below 256: base + length < 0xc0 + 56, and a length of at most
        // 2^64 - 1 bytes takes at most 8 bytes, so base + 55 + lengthBytes <= 0xff.
        if (length < 56) return abi.encodePacked(uint8(base + length));
        uint256 lengthBytes;
        for (uint256 rest = length; rest > 0; rest >>= 8) ++lengthBytes;
        bytes memory encoded = new bytes(1 + lengthBytes);
        encoded[0] = bytes1(uint8(base + 55 + lengthBytes));
        for (uint256 i; i < lengthBytes; ++i) {
            encoded[lengthBytes - i] = bytes1(uint8(length >> (8 * i)));
        }
        return encoded;
    }

    /// @dev Where the payload of the item at `offset` starts, where the item ends, whether it is a list.
    function _parse(
        bytes memory data,
        uint256 offset,
        uint256 limit
    ) private pure returns (uint256 payloadStart, uint256 end, bool isList) {
        if (offset >= limit) revert RLPItemPastEnd(offset, offset + 1, limit);
        uint256 first = _byteAt(data, offset);
        if (first < 0x80) return (offset, offset + 1, false);
        isList = first >= 0xc0;
        uint256 shortLength = first - (isList ? 0xc0 : 0x80);
        uint256 length;
        if (shortLength < 56) {
            payloadStart = offset + 1;
            length = shortLength;
        } else {
            // 0xb8..0xbf and 0xf8..0xff: the next 1 to 8 bytes hold the length, so it is below 2^64.
            uint256 lengthBytes = shortLength - 55;
            payloadStart = offset + 1 + lengthBytes;
            if (payloadStart > limit) revert RLPItemPastEnd(offset, payloadStart, limit);
            length = _word(data, offset + 1) >> (256 - 8 * lengthBytes);
            if (_byteAt(data, offset + 1) == 0 || length < 56) revert RLPNonCanonicalLength(offset);
        }
        end = payloadStart + length;
        if (end > limit) revert RLPItemPastEnd(offset, end, limit);
        // A one-byte string can only come from the short form (the long form holds 56 bytes or more).
        if (!isList && length == 1 && _byteAt(data, payloadStart) < 0x80) revert RLPNonCanonicalByte(offset);
    }

    function _byteAt(bytes memory data, uint256 offset) private pure returns (uint256 value) {
        value = _word(data, offset) >> 248;
    }

    function _word(bytes memory data, uint256 offset) private pure returns (uint256 value) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            value := mload(add(add(data, 0x20), offset))
        }
    }
}
