// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Shuffle} from "../libraries/Shuffle.sol";
import {WeightedSampling} from "../libraries/WeightedSampling.sol";

/// @title SamplingHarness
/// @notice Exposes WeightedSampling and Shuffle to tests, and batches draws for the on-chain statistics.
contract SamplingHarness {
    function sample(
        uint256[] calldata weights,
        uint256 count,
        bytes32 seed
    ) external pure returns (uint256[] memory) {
        return WeightedSampling.sampleWithoutReplacement(weights, count, seed);
    }

    /// @notice The first draw for each seed (how the statistics test reads many draws in one call).
    function firstDraws(
        uint256[] calldata weights,
        bytes32[] calldata seeds
    ) external pure returns (uint256[] memory firsts) {
        firsts = new uint256[](seeds.length);
        for (uint256 i = 0; i < seeds.length; ++i) {
            firsts[i] = WeightedSampling.sampleWithoutReplacement(weights, 1, seeds[i])[0];
        }
    }

    function topThreshold(
        uint256[] calldata values,
        uint256 k
    ) external pure returns (uint256 threshold, uint256 quotaAtThreshold) {
        return WeightedSampling.topThreshold(values, k);
    }

    // solhint-disable-next-line gas-calldata-parameters
    function shuffle(uint256[] memory items, bytes32 seed) external pure returns (uint256[] memory) {
        Shuffle.shuffle(items, seed);
        return items;
    }

    /// @notice Gas used by a draw of `count` from `weights` (for the benchmark's growth curve).
    function sampleGas(
        uint256[] calldata weights,
        uint256 count,
        bytes32 seed
    ) external view returns (uint256 gasUsed) {
        uint256 before = gasleft();
        WeightedSampling.sampleWithoutReplacement(weights, count, seed);
        gasUsed = before - gasleft();
    }
}
