// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {RLPReader} from "./RLPReader.sol";

/// @title QbftHeader
/// @notice Decodes a Besu QBFT block header (RLP), recovers the validators that sealed it, and checks
/// two headers for a double sign: the same height, the same round, two different blocks.
/// @dev The rules follow Besu (docs/evidence.md cites the files):
/// - The header is the RLP list Besu's `BlockHeader.writeTo` writes: 15 fields before London, 16 with
///   baseFeePerGas, 17 with withdrawalsRoot (Shanghai), 20 with blobGasUsed, excessBlobGas and
///   parentBeaconBlockRoot (Cancun), 21 with requestsHash (Prague).
/// - extraData (field 12) is RLP([vanity (32 bytes), validators (20-byte addresses), vote (empty
///   list, or [recipient, 0x80 (drop) or 0xff (add)]), round (scalar, at most 4 bytes), commit seals
///   (65 bytes each: r, s, then the recovery id 0 or 1)]).
/// - A commit seal signs keccak256 of the header whose extraData is re-encoded with the round and an
///   empty seal list (`calculateDataHashForCommittedSeal`); the block's hash on chain is keccak256 of
///   the header whose extraData is re-encoded with round 0 (0x80) and an empty seal list
///   (`calculateHashOfBftBlockOnchain`). The genesis header (number 0) is hashed as it is.
/// Every other field is copied as it is: the decoder accepts only the canonical encoding Besu would
/// write again, field by field.
library QbftHeader {
    /// @notice One commit seal as the header holds it.
    struct Seal {
        bytes32 r;
        bytes32 s;
        uint8 v;
    }

    /// @notice A decoded header.
    /// @param blockNumber The header's number (height).
    /// @param round The consensus round that committed it (from extraData).
    /// @param blockHash The block's hash on chain (seals and round left out).
    /// @param sealDigest What each commit seal signs (seals left out, round kept).
    /// @param validators The validator list of extraData (empty in validator-contract mode is allowed).
    /// @param seals The commit seals, in the header's order.
    struct Header {
        uint256 blockNumber;
        uint256 round;
        bytes32 blockHash;
        bytes32 sealDigest;
        address[] validators;
        Seal[] seals;
    }

    /// @notice The header list has `fieldCount` fields; 15, 16, 17, 20 or 21 are accepted.
    error QbftHeaderFieldCount(uint256 fieldCount);
    /// @notice The extraData list has `fieldCount` fields instead of 5.
    error QbftExtraDataFieldCount(uint256 fieldCount);
    /// @notice The vote at `offset` is neither an empty list nor [20-byte recipient, 0x80 or 0xff].
    error QbftInvalidVote(uint256 offset);
    /// @notice Seal `sealIndex` of block `blockHash` does not recover a signer (recovery id other than
    /// 0 or 1, r or s out of range, or no point).
    error QbftInvalidCommitSeal(bytes32 blockHash, uint256 sealIndex);
    /// @notice The two headers are at different heights: not a double sign.
    error QbftDifferentHeights(uint256 firstBlock, uint256 secondBlock);
    /// @notice The two headers were committed in different rounds: not a double sign (a validator may
    /// commit another block in a later round, or the same block again).
    error QbftDifferentRounds(uint256 firstRound, uint256 secondRound);
    /// @notice The two headers are the same block `blockHash` (they may differ in seals only).
    error QbftIdenticalBlocks(bytes32 blockHash);

    /// @dev Bit n set: a header of n fields is accepted (15, 16, 17, 20, 21).
    uint256 private constant SUPPORTED_FIELD_COUNTS =
        (1 << 15) | (1 << 16) | (1 << 17) | (1 << 20) | (1 << 21);
    uint256 private constant EXTRA_DATA_FIELD = 12;
    uint256 private constant NUMBER_FIELD = 8;
    /// @dev The rule of header field i is the 12 bits at 12 * i: bit 11 set for a scalar of at most
    /// (bits 0-9) bytes, clear for a string of exactly (bits 0-9) bytes. Field 12 (extraData) is
    /// checked apart. See `_rule`.
    uint256 private constant FIELD_RULES =
        (32 << 0) | // parentHash
            (32 << 12) | // ommersHash
            (20 << 24) | // coinbase
            (32 << 36) | // stateRoot
            (32 << 48) | // transactionsRoot
            (32 << 60) | // receiptsRoot
            (256 << 72) | // logsBloom
            ((SCALAR | 32) << 84) | // difficulty
            ((SCALAR | 8) << 96) | // number
            ((SCALAR | 8) << 108) | // gasLimit
            ((SCALAR | 8) << 120) | // gasUsed
            ((SCALAR | 8) << 132) | // timestamp
            (32 << 156) | // mixHash
            (8 << 168) | // nonce
            ((SCALAR | 32) << 180) | // baseFeePerGas
            (32 << 192) | // withdrawalsRoot
            ((SCALAR | 8) << 204) | // blobGasUsed
            ((SCALAR | 8) << 216) | // excessBlobGas
            (32 << 228) | // parentBeaconBlockRoot
            (32 << 240); // requestsHash
    uint256 private constant SCALAR = 1 << 11;
    /// @dev The order n of secp256k1 and n / 2 (the most a low s may be).
    uint256 private constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint256 private constant SECP256K1_HALF_N = SECP256K1_N >> 1;
    /// @dev The encoded vote kinds: 0x80 (drop, an empty string) and 0x81ff (add, the byte 0xff).
    uint256 private constant VOTE_DROP = 0x80;
    uint256 private constant VOTE_ADD = 0x81ff;

    /// @notice Decodes `rlpHeader`, checking every field, and computes its hash and seal digest.
    function decode(bytes memory rlpHeader) internal pure returns (Header memory header) {
        RLPReader.Item memory list = RLPReader.toItem(rlpHeader);
        RLPReader.Item[] memory fields = RLPReader.children(rlpHeader, list);
        if ((SUPPORTED_FIELD_COUNTS >> fields.length) & 1 == 0) revert QbftHeaderFieldCount(fields.length);
        for (uint256 i; i < fields.length; ++i) {
            if (i == EXTRA_DATA_FIELD) continue;
            uint256 rule = (FIELD_RULES >> (12 * i)) & 0xfff;
            if (rule & SCALAR != 0) RLPReader.requireScalar(rlpHeader, fields[i], rule & 0x3ff);
            else RLPReader.requireLength(fields[i], rule);
        }
        header.blockNumber = RLPReader.toUint(rlpHeader, fields[NUMBER_FIELD]);

        RLPReader.Item memory extraField = fields[EXTRA_DATA_FIELD];
        RLPReader.payloadLength(extraField); // a string
        RLPReader.Item memory extra = RLPReader.readExactly(
            rlpHeader,
            extraField.payloadStart,
            extraField.end
        );
        RLPReader.Item[] memory parts = RLPReader.children(rlpHeader, extra);
        if (parts.length != 5) revert QbftExtraDataFieldCount(parts.length);
        RLPReader.requireLength(parts[0], 32);
        header.validators = _addresses(rlpHeader, parts[1]);
        _checkVote(rlpHeader, parts[2]);
        RLPReader.requireScalar(rlpHeader, parts[3], 4);
        header.round = RLPReader.toUint(rlpHeader, parts[3]);
        header.seals = _seals(rlpHeader, parts[4]);

        if (header.blockNumber == 0) {
            // Besu's BftBlockHashing.serializeHeader keeps the genesis extraData as it is.
            header.blockHash = keccak256(rlpHeader);
            header.sealDigest = header.blockHash;
            return header;
        }
        bytes memory head = RLPReader.slice(rlpHeader, list.payloadStart, extraField.start);
        bytes memory tail = RLPReader.slice(rlpHeader, extraField.end, list.end);
        // vanity, validators and vote, as they are (each checked canonical above)
        bytes memory kept = RLPReader.slice(rlpHeader, parts[0].start, parts[2].end);
        bytes memory round = RLPReader.slice(rlpHeader, parts[3].start, parts[3].end);
        header.sealDigest = keccak256(_withExtraData(head, abi.encodePacked(kept, round, hex"c0"), tail));
        header.blockHash = keccak256(_withExtraData(head, abi.encodePacked(kept, hex"80c0"), tail));
    }

    /// @notice The signer of each commit seal of `header`, in the header's order. A high-s seal
    /// (which Besu accepts) is folded to its low-s twin, which recovers the same signer.
    function recoverSigners(Header memory header) internal pure returns (address[] memory signers) {
        signers = new address[](header.seals.length);
        for (uint256 i; i < signers.length; ++i) {
            Seal memory seal = header.seals[i];
            if (seal.v > 1) revert QbftInvalidCommitSeal(header.blockHash, i);
            // seal.v is 0 or 1: 27 or 28 fits a byte.
            uint8 v = seal.v + 27;
            bytes32 s = seal.s;
            if (uint256(s) > SECP256K1_HALF_N && uint256(s) < SECP256K1_N) {
                s = bytes32(SECP256K1_N - uint256(s));
                v = 55 - v; // 27 <-> 28
            }
            (address signer, ECDSA.RecoverError error_, ) = ECDSA.tryRecover(header.sealDigest, v, seal.r, s);
            if (error_ != ECDSA.RecoverError.NoError) revert QbftInvalidCommitSeal(header.blockHash, i);
            signers[i] = signer;
        }
    }

    /// @notice Checks that `first` and `second` are two different blocks at the same height committed
    /// in the same round, and returns the signers that sealed both, in ascending address order, each
    /// once. An empty list means no signer sealed both.
    function doubleSigners(
        bytes memory first,
        bytes memory second
    ) internal pure returns (uint256 blockNumber, uint256 round, address[] memory signers) {
        Header memory a = decode(first);
        Header memory b = decode(second);
        if (a.blockNumber != b.blockNumber) revert QbftDifferentHeights(a.blockNumber, b.blockNumber);
        if (a.round != b.round) revert QbftDifferentRounds(a.round, b.round);
        if (a.blockHash == b.blockHash) revert QbftIdenticalBlocks(a.blockHash);
        signers = _intersection(_sorted(recoverSigners(a)), _sorted(recoverSigners(b)));
        return (a.blockNumber, a.round, signers);
    }

    /// @dev The header list around a new extraData: `head` (fields 0-11), the extraData string
    /// holding the list of `extraPayload`, `tail` (fields 13 on).
    function _withExtraData(
        bytes memory head,
        bytes memory extraPayload,
        bytes memory tail
    ) private pure returns (bytes memory) {
        bytes memory extraData = abi.encodePacked(RLPReader.prefix(extraPayload.length, 0xc0), extraPayload);
        // extraData is at least 37 bytes (a list prefix, the 33-byte vanity, vote, round, seals), so
        // it is never a single byte and takes the string prefix.
        bytes memory payload = abi.encodePacked(
            head,
            RLPReader.prefix(extraData.length, 0x80),
            extraData,
            tail
        );
        return abi.encodePacked(RLPReader.prefix(payload.length, 0xc0), payload);
    }

    function _addresses(
        bytes memory data,
        RLPReader.Item memory list
    ) private pure returns (address[] memory out) {
        RLPReader.Item[] memory items = RLPReader.children(data, list);
        out = new address[](items.length);
        for (uint256 i; i < items.length; ++i) {
            RLPReader.requireLength(items[i], 20);
            // A 20-byte string read as an integer fits 160 bits.
            out[i] = address(uint160(RLPReader.toUint(data, items[i])));
        }
    }

    function _checkVote(bytes memory data, RLPReader.Item memory vote) private pure {
        RLPReader.Item[] memory items = RLPReader.children(data, vote);
        if (items.length == 0) return;
        if (items.length != 2) revert QbftInvalidVote(vote.start);
        RLPReader.requireLength(items[0], 20);
        // The kind's whole encoding: 0x80 (drop) or 0x81ff (add). Besu also reads a bare 0x00 as a
        // drop but writes it back as 0x80; such a header is refused here (docs/evidence.md).
        uint256 encodedLength = items[1].end - items[1].start;
        uint256 kind = encodedLength > 2
            ? 0
            : uint256(RLPReader.word(data, items[1].start)) >> (256 - 8 * encodedLength);
        if (kind != VOTE_DROP && kind != VOTE_ADD) revert QbftInvalidVote(vote.start);
    }

    function _seals(bytes memory data, RLPReader.Item memory list) private pure returns (Seal[] memory out) {
        RLPReader.Item[] memory items = RLPReader.children(data, list);
        out = new Seal[](items.length);
        for (uint256 i; i < items.length; ++i) {
            RLPReader.requireLength(items[i], 65);
            uint256 at = items[i].payloadStart;
            out[i] = Seal({
                r: RLPReader.word(data, at),
                s: RLPReader.word(data, at + 32),
                // the byte at 64: a byte
                v: uint8(uint256(RLPReader.word(data, at + 64)) >> 248)
            });
        }
    }

    /// @dev Sorts `list` in place, ascending (insertion sort: a header holds a few dozen seals).
    function _sorted(address[] memory list) private pure returns (address[] memory) {
        for (uint256 i = 1; i < list.length; ++i) {
            address value = list[i];
            uint256 j = i;
            for (; j > 0 && list[j - 1] > value; --j) list[j] = list[j - 1];
            list[j] = value;
        }
        return list;
    }

    /// @dev The addresses in both ascending lists, ascending, each once.
    function _intersection(
        address[] memory a,
        address[] memory b
    ) private pure returns (address[] memory out) {
        out = new address[](a.length < b.length ? a.length : b.length);
        uint256 count;
        uint256 i;
        uint256 j;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) ++i;
            else if (a[i] > b[j]) ++j;
            else {
                if (count == 0 || out[count - 1] != a[i]) {
                    out[count] = a[i];
                    ++count;
                }
                ++i;
                ++j;
            }
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(out, count) // shrink to the addresses found (count <= the allocated length)
        }
    }
}
