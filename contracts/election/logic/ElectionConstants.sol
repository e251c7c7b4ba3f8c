// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ElectionConstants
/// @notice The election's constants, in one place for the election and its libraries (the election
/// exposes each as a public getter of the same name).
library ElectionConstants {
    uint256 internal constant WAD = 1e18;
    /// @dev Fewest eligible candidates for which an election installs a new set (BFT: n >= 3f + 1, f >= 1).
    uint256 internal constant MIN_ELECTED = 4;
    /// @dev Largest `validatorCount`.
    uint256 internal constant MAX_VALIDATOR_COUNT = 100;
    /// @dev Shortest round, in blocks (two blocks of commit phase, two of reveal phase).
    uint256 internal constant MIN_ROUND_LENGTH = 4;
    /// @dev Longest round, in blocks (one year of 3-second blocks).
    uint256 internal constant MAX_ROUND_LENGTH = 10_512_000;
    /// @dev Largest `maxCandidates`; `elect()` gas at this cap is measured by bench/election.ts.
    uint256 internal constant MAX_CANDIDATE_CAP = 2_000;
    /// @dev Offline candidates an election draws and sets aside before it reads the liveness of
    /// every remaining candidate instead (see `_drawLive`).
    uint256 internal constant MAX_OFFLINE_DRAWS = 64;
    /// @dev Longest jail for not revealing, in blocks (one year).
    uint256 internal constant MAX_JAIL_BLOCKS = 10_512_000;
    /// @dev The reveal mix restarts at 1 rather than 0 so that the first reveal of a round rewrites a
    /// non-zero slot (5,000 gas instead of 22,100).
    bytes32 internal constant REVEAL_MIX_START = bytes32(uint256(1));
}
