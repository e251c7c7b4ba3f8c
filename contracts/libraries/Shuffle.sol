// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Shuffle
/// @notice In-place Fisher–Yates shuffle driven by a seed.
/// @dev Exact definition (reproduced by test/model/election.ts): for `i` from `n - 1` down to 1,
/// `j = uint256(keccak256(abi.encode(seed, i))) % (i + 1)`, then swap items `i` and `j`. Every
/// permutation is equally likely up to the modulo bias of at most `n / 2**256`.
library Shuffle {
    /// @notice Permutes `items` in place; the same seed always gives the same permutation.
    function shuffle(uint256[] memory items, bytes32 seed) internal pure {
        for (uint256 i = items.length; i > 1; ) {
            unchecked {
                --i; // i > 1 before, so i >= 1 after
            }
            uint256 j;
            // keccak256(abi.encode(seed, i)) % (i + 1), hashed in scratch space (no allocation per step).
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                mstore(0x00, seed)
                mstore(0x20, i)
                j := mod(keccak256(0x00, 0x40), add(i, 1))
            }
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
