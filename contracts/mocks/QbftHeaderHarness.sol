// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {QbftHeader} from "../evidence/QbftHeader.sol";

/// @notice Exposes the QbftHeader library for its tests.
contract QbftHeaderHarness {
    function decode(
        bytes calldata rlpHeader
    )
        external
        pure
        returns (
            uint256 blockNumber,
            uint256 round,
            bytes32 blockHash,
            bytes32 sealDigest,
            address[] memory validators,
            uint256 sealCount
        )
    {
        QbftHeader.Header memory header = QbftHeader.decode(rlpHeader);
        return (
            header.blockNumber,
            header.round,
            header.blockHash,
            header.sealDigest,
            header.validators,
            header.seals.length
        );
    }

    function signers(bytes calldata rlpHeader) external pure returns (address[] memory) {
        return QbftHeader.recoverSigners(QbftHeader.decode(rlpHeader));
    }

    function doubleSigners(
        bytes calldata first,
        bytes calldata second
    ) external pure returns (uint256 blockNumber, uint256 round, address[] memory doubleSigned) {
        return QbftHeader.doubleSigners(first, second);
    }
}
