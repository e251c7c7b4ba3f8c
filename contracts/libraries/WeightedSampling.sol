// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// The tree walks compare prefix sums with `<=` by definition (an item is drawn when the target falls
// in its half-open interval), so the rule preferring strict inequalities does not apply here.
/* solhint-disable gas-strict-inequalities */

import {Panic} from "@openzeppelin/contracts/utils/Panic.sol";

/// @title WeightedSampling
/// @notice Weighted sampling without replacement over an in-memory Fenwick (binary indexed) tree,
/// and the selection of the `k` largest weights. Pure functions over memory; nothing is stored.
/// @dev Cost: building the tree is O(N); each draw and its removal is O(log N), so `k` draws from `N`
/// weights cost O(N + k log N), against O(N * k) for a linear scan per draw.
///
/// The draw is defined exactly (test/model/election.ts reproduces it with a linear scan): the draw
/// with counter `d` (0, 1, 2, ... over the tree's life) takes
/// `r = uint256(keccak256(abi.encode(seed, d))) % remaining`, where `remaining` is the total weight
/// of the items not drawn yet, and picks the item `i` (in array order, over the items not drawn yet)
/// whose cumulative interval `[before_i, before_i + w_i)` contains `r`. Items of weight 0 are never
/// drawn. The modulo bias is at most `remaining / 2**256` (below 2**-160 for any realistic stake
/// total), which the statistics ignore.
///
/// Drawing from all items and discarding the drawn items that turn out ineligible gives each
/// eligible item exactly the probability it would have when drawing among the eligible items only
/// (rejection sampling); the election relies on this to check liveness for drawn candidates only.
library WeightedSampling {
    /// @notice A Fenwick tree over a weight array, in memory.
    struct Tree {
        uint256[] nodes; // 1-based, nodes[0] unused: nodes[i] = sum of weights[i - lowbit(i) .. i - 1] not drawn
        uint256[] weights; // the weights the tree was built from (read only)
        uint256 total; // sum of the weights not drawn yet
        uint256 topStep; // highest power of two <= weights.length (1 if the array is empty)
        uint256 draws; // draws made so far: the counter of the next draw
    }

    /// @notice Builds the tree over `weights` in O(N). Their sum must fit in 256 bits (else it reverts
    /// with the arithmetic-overflow panic). The tree keeps a reference to `weights`: drawing zeroes
    /// the drawn item's weight there.
    function build(uint256[] memory weights) internal pure returns (Tree memory tree) {
        uint256 n = weights.length;
        uint256[] memory nodes = new uint256[](n + 1); // zero-filled
        uint256 topStep = 1;
        while (topStep <= n >> 1) topStep <<= 1;
        tree = Tree({
            nodes: nodes,
            weights: weights,
            total: _fill(nodes, weights),
            topStep: topStep,
            draws: 0
        });
    }

    /// @notice Rebuilds the tree in O(N) from its weights array, after the caller has zeroed some
    /// weights (items taken out without a draw). The draw counter carries on.
    function rebuild(Tree memory tree) internal pure {
        uint256[] memory nodes = tree.nodes;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // Zero nodes[0..n] by copying from past the end of calldata (which reads as zeros).
            calldatacopy(add(nodes, 0x20), calldatasize(), shl(5, mload(nodes)))
        }
        tree.total = _fill(nodes, tree.weights);
    }

    /// @notice Draws one item not drawn yet, with probability proportional to its weight, removes it
    /// (and zeroes its weight in the weights array), and returns its index. Requires
    /// `tree.total != 0` (the caller checks; 0 reverts with the division panic).
    function drawAndRemove(Tree memory tree, bytes32 seed) internal pure returns (uint256 index) {
        uint256[] memory nodes = tree.nodes;
        uint256[] memory weights = tree.weights;
        uint256 n = weights.length;
        uint256 total = tree.total;
        uint256 target = _randomWord(seed, tree.draws) % total;
        uint256 step = tree.topStep;
        uint256 weight;
        // The descent and the removal run once per draw; without bounds checks every index stays in
        // [1, n] for `nodes` and the drawn position in [0, n - 1] for `weights`.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let nodeAt := add(nodes, 0x20) // nodes[i] at nodeAt + 32 i
            let position := 0
            // Find the largest position whose prefix sum is <= target; the item after it is drawn.
            for {} step {
                step := shr(1, step)
            } {
                let next := add(position, step)
                if iszero(gt(next, n)) {
                    let value := mload(add(nodeAt, shl(5, next)))
                    if iszero(gt(value, target)) {
                        position := next
                        target := sub(target, value)
                    }
                }
            }
            // position < n: the prefix sum over all n items is total > target.
            index := position
            let weightSlot := add(add(weights, 0x20), shl(5, position))
            weight := mload(weightSlot)
            mstore(weightSlot, 0)
            // Remove the item: every node covering it holds a sum that includes `weight`.
            for {
                let i := add(position, 1)
            } iszero(gt(i, n)) {
                i := add(i, and(i, sub(0, i)))
            } {
                let slot := add(nodeAt, shl(5, i))
                mstore(slot, sub(mload(slot), weight))
            }
        }
        unchecked {
            tree.total = total - weight; // total includes weight
            ++tree.draws; // far below 2**256
        }
    }

    /// @notice Draws up to `count` distinct indices of `weights`, one after another, each draw choosing
    /// among the indices not drawn yet with probability proportional to their weight. The drawn
    /// items' weights are zeroed in `weights` (pass a copy to keep them).
    /// @return drawn The drawn indices in draw order: `min(count, number of non-zero weights)` of them.
    function sampleWithoutReplacement(
        uint256[] memory weights,
        uint256 count,
        bytes32 seed
    ) internal pure returns (uint256[] memory drawn) {
        Tree memory tree = build(weights);
        uint256 draws = count < weights.length ? count : weights.length;
        drawn = new uint256[](draws);
        uint256 made = 0;
        while (made < draws && tree.total != 0) {
            drawn[made] = drawAndRemove(tree, seed);
            unchecked {
                ++made; // made < draws
            }
        }
        // Fewer non-zero weights than requested: shorten the array in place.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(drawn, made)
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

    /// @dev Adds every weight into `nodes` (zero on entry) in O(N) and returns the total.
    function _fill(uint256[] memory nodes, uint256[] memory weights) private pure returns (uint256 total) {
        uint256 n = weights.length;
        bool overflow = false;
        // The hot loop of an election (once per candidate), written without bounds checks: every
        // index stays in [1, n] for `nodes` and [0, n - 1] for `weights`.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let weightAt := add(weights, 0x20) // weights[i - 1] at weightAt + 32 (i - 1)
            let nodeAt := add(nodes, 0x20) // nodes[i] at nodeAt + 32 i
            for {
                let i := 1
            } iszero(gt(i, n)) {
                i := add(i, 1)
            } {
                let weight := mload(add(weightAt, shl(5, sub(i, 1))))
                let slot := add(nodeAt, shl(5, i))
                // Children (added before, at lower indices) plus the item itself; <= total, checked below.
                let node := add(mload(slot), weight)
                mstore(slot, node)
                let newTotal := add(total, weight)
                overflow := or(overflow, lt(newTotal, total))
                total := newTotal
                let parent := add(i, and(i, sub(0, i))) // i + lowbit(i) <= 2n: no overflow
                if iszero(gt(parent, n)) {
                    let parentSlot := add(nodeAt, shl(5, parent))
                    mstore(parentSlot, add(mload(parentSlot), node)) // a partial sum <= total
                }
            }
        }
        if (overflow) Panic.panic(Panic.UNDER_OVERFLOW);
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
