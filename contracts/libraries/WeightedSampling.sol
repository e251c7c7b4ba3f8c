// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// The tree walks compare prefix sums with `<=` by definition (an item is drawn when the target falls
// in its half-open interval), so the rule preferring strict inequalities does not apply here.
/* solhint-disable gas-strict-inequalities */

/// @title WeightedSampling
/// @notice Weighted sampling without replacement over an in-memory Fenwick (binary indexed) tree,
/// and the selection of the `k` largest weights. Pure functions over memory arrays; nothing is stored.
/// @dev Cost: building the tree is O(N); each draw and its removal is O(log N), so `k` draws from `N`
/// weights cost O(N + k log N), against O(N * k) for a linear scan per draw.
///
/// The draw is defined exactly (the TypeScript model in test/model/election.ts reproduces it):
/// draw number `d` (0, 1, 2, ...) takes `r = uint256(keccak256(abi.encode(seed, d))) % remaining`,
/// where `remaining` is the total weight of the items not drawn yet, and picks the item `i` (in array
/// order, over the items not drawn yet) whose cumulative weight interval `[before_i, before_i + w_i)`
/// contains `r`. Items of weight 0 are never drawn. The modulo bias is at most `remaining / 2**256`
/// (below 2**-160 for any realistic stake total), which the statistics ignore.
library WeightedSampling {
    /// @notice Draws up to `count` distinct indices of `weights`, one after another, each draw choosing
    /// among the indices not drawn yet with probability proportional to their weight.
    /// @param weights The weights (e.g. bonded stake in wei); read only. Their sum must fit in 256 bits.
    /// @param count How many indices to draw at most.
    /// @param seed The randomness; the same seed and weights always give the same draw.
    /// @return drawn The drawn indices in draw order: `min(count, number of non-zero weights)` of them.
    function sampleWithoutReplacement(
        uint256[] memory weights,
        uint256 count,
        bytes32 seed
    ) internal pure returns (uint256[] memory drawn) {
        uint256 n = weights.length;
        (uint256[] memory tree, uint256 total) = _build(weights);

        uint256 topStep = 1;
        while (topStep <= n >> 1) topStep <<= 1; // highest power of two <= n (1 when n <= 1)

        uint256 draws = count < n ? count : n;
        drawn = new uint256[](draws);
        uint256 made = 0;
        while (made < draws && total != 0) {
            uint256 target = _randomWord(seed, made) % total;
            // Descend: find the largest position whose prefix sum is <= target; the item after it is drawn.
            uint256 position = 0;
            for (uint256 step = topStep; step != 0; step >>= 1) {
                uint256 next = position + step;
                if (next <= n && tree[next] <= target) {
                    position = next;
                    unchecked {
                        target -= tree[next]; // tree[next] <= target just checked
                    }
                }
            }
            // position < n: the prefix sum over all n items is total > target.
            uint256 weight = weights[position];
            drawn[made] = position;
            unchecked {
                // Remove the item: every node covering it holds a sum that includes `weight`.
                for (uint256 i = position + 1; i <= n; i += i & (~i + 1)) tree[i] -= weight;
                total -= weight; // total includes weight
                ++made; // made < draws
            }
        }
        // Fewer non-zero weights than requested: shorten the array in place.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(drawn, made)
        }
    }

    /// @dev The Fenwick tree of `weights` in O(N): `tree[i]` (1-based, `tree[0]` unused) holds the sum
    /// of `weights[i - lowbit(i) .. i - 1]`; `total` is the sum of all weights.
    function _build(uint256[] memory weights) private pure returns (uint256[] memory tree, uint256 total) {
        uint256 n = weights.length;
        tree = new uint256[](n + 1);
        for (uint256 i = 1; i <= n; ) {
            uint256 weight = weights[i - 1];
            uint256 node = tree[i] + weight; // checked: a sum of weights beyond 2**256 reverts
            tree[i] = node;
            total += weight;
            uint256 parent;
            unchecked {
                // i <= n, and n is a memory array length (far below 2**255), so no overflow.
                parent = i + (i & (~i + 1));
            }
            if (parent <= n) tree[parent] += node; // children are complete before their parent
            unchecked {
                ++i; // i <= n
            }
        }
    }

    /// @notice The `k`-th largest value of `values`, and how many values equal to it belong among the
    /// `k` largest. Keeping every value above `threshold`, plus the first `quotaAtThreshold` values
    /// equal to it (in array order), keeps exactly the `k` largest, ties broken by lower index.
    /// @dev A min-heap of size `k`: O(N log k) in the worst case whatever the input order.
    /// Requires 0 < k <= values.length (the caller checks).
    function topThreshold(
        uint256[] memory values,
        uint256 k
    ) internal pure returns (uint256 threshold, uint256 quotaAtThreshold) {
        uint256 n = values.length;
        uint256[] memory heap = new uint256[](k);
        for (uint256 i = 0; i < k; ++i) heap[i] = values[i];
        for (uint256 i = k >> 1; i > 0; ) {
            unchecked {
                --i; // i > 0
            }
            _siftDown(heap, i);
        }
        for (uint256 i = k; i < n; ++i) {
            if (values[i] > heap[0]) {
                heap[0] = values[i];
                _siftDown(heap, 0);
            }
        }
        threshold = heap[0];
        uint256 above = 0;
        for (uint256 i = 0; i < n; ++i) {
            if (values[i] > threshold) ++above;
        }
        quotaAtThreshold = k - above; // at most k - 1 values are strictly above the k-th largest
    }

    /// @dev Restores the min-heap property below `index`.
    function _siftDown(uint256[] memory heap, uint256 index) private pure {
        uint256 size = heap.length;
        uint256 value = heap[index];
        while (true) {
            uint256 child = 2 * index + 1;
            if (child >= size) break;
            if (child + 1 < size && heap[child + 1] < heap[child]) ++child;
            if (heap[child] >= value) break;
            heap[index] = heap[child];
            index = child;
        }
        heap[index] = value;
    }

    /// @dev `keccak256(abi.encode(seed, counter))`, computed in scratch space.
    function _randomWord(bytes32 seed, uint256 counter) private pure returns (uint256 word) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, seed)
            mstore(0x20, counter)
            word := keccak256(0x00, 0x40)
        }
    }
}
