// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {VM} from "./Vm.sol";

/// @title QbftBlocks
/// @notice Builds sealed Besu QBFT headers for the handler's double signs: pre-London headers (15
/// fields) whose extraData is RLP([vanity, validators, vote, round, seals]), each seal a signature by
/// a signer key over keccak256 of the header with the seals left out and the round kept (Besu's
/// `calculateDataHashForCommittedSeal`, as contracts/evidence/QbftHeader.sol reads it).
library QbftBlocks {
    /// @notice The header at `number` committed in `round` with state root `stateRoot`, sealed by `key`.
    function sealedHeader(
        uint256 number,
        uint256 round,
        bytes32 stateRoot,
        uint256 key
    ) internal pure returns (bytes memory) {
        bytes32 digest = keccak256(_header(number, round, stateRoot, new bytes[](0)));
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(key, digest);
        bytes[] memory seals = new bytes[](1);
        seals[0] = abi.encodePacked(r, s, v - 27);
        return _header(number, round, stateRoot, seals);
    }

    function _header(
        uint256 number,
        uint256 round,
        bytes32 stateRoot,
        bytes[] memory seals
    ) private pure returns (bytes memory) {
        bytes[] memory sealItems = new bytes[](seals.length);
        for (uint256 i = 0; i < seals.length; ++i) sealItems[i] = encodeBytes(seals[i]);
        bytes[] memory extra = new bytes[](5);
        extra[0] = encodeBytes(abi.encodePacked(bytes32(0))); // vanity
        extra[1] = encodeList(new bytes[](0)); // validators: none in contract mode
        extra[2] = encodeList(new bytes[](0)); // no vote
        extra[3] = encodeUint(round);
        extra[4] = encodeList(sealItems);
        bytes[] memory fields = new bytes[](15);
        fields[0] = encodeBytes(abi.encodePacked(keccak256(abi.encode("parent", number))));
        fields[1] = encodeBytes(abi.encodePacked(keccak256(hex"c0"))); // ommersHash of no ommers
        fields[2] = encodeBytes(abi.encodePacked(address(0)));
        fields[3] = encodeBytes(abi.encodePacked(stateRoot));
        fields[4] = encodeBytes(abi.encodePacked(bytes32(0)));
        fields[5] = encodeBytes(abi.encodePacked(bytes32(0)));
        fields[6] = encodeBytes(new bytes(256)); // logsBloom
        fields[7] = encodeUint(1); // difficulty
        fields[8] = encodeUint(number);
        fields[9] = encodeUint(30_000_000); // gasLimit
        fields[10] = encodeUint(0); // gasUsed
        fields[11] = encodeUint(1_700_000_000 + 3 * number); // timestamp
        fields[12] = encodeBytes(encodeList(extra));
        fields[13] = encodeBytes(abi.encodePacked(bytes32(0))); // mixHash
        fields[14] = encodeBytes(new bytes(8)); // nonce
        return encodeList(fields);
    }

    /// @notice RLP of a byte string.
    function encodeBytes(bytes memory data) internal pure returns (bytes memory) {
        if (data.length == 1 && uint8(data[0]) < 0x80) return data;
        return bytes.concat(_prefix(data.length, 0x80), data);
    }

    /// @notice RLP of an unsigned integer (big-endian, no leading zeros; 0 is the empty string).
    function encodeUint(uint256 value) internal pure returns (bytes memory) {
        uint256 length = 0;
        for (uint256 rest = value; rest != 0; rest >>= 8) ++length;
        bytes memory data = new bytes(length);
        for (uint256 i = 0; i < length; ++i) data[length - 1 - i] = bytes1(uint8(value >> (8 * i)));
        return encodeBytes(data);
    }

    /// @notice RLP of a list of already encoded items.
    function encodeList(bytes[] memory items) internal pure returns (bytes memory payload) {
        for (uint256 i = 0; i < items.length; ++i) payload = bytes.concat(payload, items[i]);
        return bytes.concat(_prefix(payload.length, 0xc0), payload);
    }

    function _prefix(uint256 length, uint256 base) private pure returns (bytes memory) {
        if (length < 56) return abi.encodePacked(uint8(base + length));
        uint256 lengthBytes = 0;
        for (uint256 rest = length; rest != 0; rest >>= 8) ++lengthBytes;
        bytes memory out = new bytes(1 + lengthBytes);
        out[0] = bytes1(uint8(base + 55 + lengthBytes));
        for (uint256 i = 0; i < lengthBytes; ++i) out[lengthBytes - i] = bytes1(uint8(length >> (8 * i)));
        return out;
    }
}
