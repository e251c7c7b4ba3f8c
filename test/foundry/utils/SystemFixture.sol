// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {ETMToken} from "../../../contracts/token/ETMToken.sol";
import {IStakingPool} from "../../../contracts/interfaces/IStakingPool.sol";
import {IValidatorElection} from "../../../contracts/interfaces/IValidatorElection.sol";
import {IValidatorRegistry} from "../../../contracts/interfaces/IValidatorRegistry.sol";
import {StakeVotes} from "../../../contracts/staking/StakeVotes.sol";
import {StakingPool} from "../../../contracts/staking/StakingPool.sol";
import {StakingPoolExtension} from "../../../contracts/staking/StakingPoolExtension.sol";
import {ValidatorElection} from "../../../contracts/election/ValidatorElection.sol";
import {DoubleSignEvidence} from "../../../contracts/evidence/DoubleSignEvidence.sol";
import {VM} from "./Vm.sol";

/// @title SystemFixture
/// @notice Deploys the system as production does (scripts/deploy.ts, scripts/deploy/proxies.ts): the
/// token, the pool's extension and implementation (forge deploys and links the logic libraries) behind
/// an ERC-1967 proxy initialized in its constructor (which deploys the StakeVotes proxy), the token's
/// minter set to the pool, the election (implementation + proxy) with the pool's JAILER and COLLECTOR
/// roles. Parameters are the production defaults except a short round, so that elections happen
/// within a run, and delta = 10%, so that the validators' share is exercised from the start.
library SystemFixture {
    uint256 internal constant ETM = 1e18;
    uint256 internal constant INITIAL_SUPPLY = 1_000_000_000 * ETM;
    uint256 internal constant INITIAL_INFLATION = 0.1e18;
    uint256 internal constant DELTA = 0.1e18;
    uint256 internal constant UNBONDING_BLOCKS = 403_200;
    uint256 internal constant MIN_STAKE = 1 * ETM;
    uint256 internal constant MIN_SELF_STAKE = 10_000 * ETM;
    uint256 internal constant MAX_COMMISSION = 0.5e18;
    uint256 internal constant MAX_COMMISSION_CHANGE = 0.05e18;
    uint256 internal constant COMMISSION_DELAY = 28_800;
    uint256 internal constant JAIL_BLOCKS = 86_400;
    uint256 internal constant CANDIDATE_CAP = 1_000;
    uint256 internal constant VALIDATOR_COUNT = 4;
    uint256 internal constant ROUND_LENGTH = 200;
    uint256 internal constant MAX_CANDIDATES = 1_400;
    uint256 internal constant FEE_SHARE = 0.5e18;
    uint256 internal constant NON_REVEAL_JAIL = 86_400;
    uint256 internal constant DOUBLE_SIGN_SLASH = 0.05e18;
    uint256 internal constant REPORTER_SHARE = 0.1e18;

    struct System {
        ETMToken token;
        IStakingPool pool;
        StakeVotes votes;
        ValidatorElection election;
        DoubleSignEvidence evidence;
    }

    /// @notice Deploys the system with `admin` holding every role, `treasury` and `bank` (the initial
    /// holder), and `genesisSigners` as the set before the first election.
    function deploy(
        address admin,
        address treasury,
        address bank,
        address[] memory genesisSigners
    ) internal returns (System memory s) {
        s.token = new ETMToken(address(this), bank, INITIAL_SUPPLY);
        StakingPoolExtension extension = new StakingPoolExtension(s.token);
        StakingPool implementation = new StakingPool(extension);
        StakeVotes votesImplementation = new StakeVotes();
        IStakingPool.PoolConfig memory config = IStakingPool.PoolConfig({
            admin: admin,
            treasury: treasury,
            votesImplementation: address(votesImplementation),
            initialInflationWad: INITIAL_INFLATION,
            deltaWad: DELTA,
            minStakeWei: MIN_STAKE,
            minSelfStakeWei: MIN_SELF_STAKE,
            unbondingBlocks: UNBONDING_BLOCKS,
            jailBlocks: JAIL_BLOCKS,
            maxCommissionWad: MAX_COMMISSION,
            maxCommissionChangeWad: MAX_COMMISSION_CHANGE,
            commissionDelayBlocks: COMMISSION_DELAY,
            candidateCap: CANDIDATE_CAP
        });
        s.pool = IStakingPool(
            address(
                new ERC1967Proxy(address(implementation), abi.encodeCall(IStakingPool.initialize, (config)))
            )
        );
        s.votes = StakeVotes(s.pool.votes());
        s.token.setMinter(address(s.pool));

        ValidatorElection electionImplementation = new ValidatorElection(
            IValidatorRegistry(address(s.pool)),
            s.token
        );
        IValidatorElection.ElectionConfig memory electionConfig = IValidatorElection.ElectionConfig({
            admin: admin,
            treasury: treasury,
            validatorCount: VALIDATOR_COUNT,
            roundLengthBlocks: ROUND_LENGTH,
            maxCandidates: MAX_CANDIDATES,
            feeShareWad: FEE_SHARE,
            nonRevealJailBlocks: NON_REVEAL_JAIL,
            initialValidators: genesisSigners
        });
        s.election = ValidatorElection(
            payable(
                address(
                    new ERC1967Proxy(
                        address(electionImplementation),
                        abi.encodeCall(ValidatorElection.initialize, (electionConfig))
                    )
                )
            )
        );
        // the double-sign evidence contract, with the deployment's defaults (5% slashed, 10% reported)
        s.evidence = new DoubleSignEvidence(s.pool, s.election, admin, DOUBLE_SIGN_SLASH, REPORTER_SHARE);
        VM.startPrank(admin);
        s.pool.grantRole(s.pool.JAILER_ROLE(), address(s.election));
        s.pool.grantRole(s.pool.COLLECTOR_ROLE(), address(s.election));
        s.pool.grantRole(s.pool.SLASHER_ROLE(), address(s.evidence));
        VM.stopPrank();
    }
}
