/** The shared ERC-20 and burnable behaviours, run against every way an ETM balance comes to be. */
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { ERC20Burnable__factory, ERC20__factory } from "../../typechain-types";
import type { ERC20, ERC20Burnable } from "../../typechain-types";
import { MINTED_BALANCE, mintedHolderFixture, tokenFixture } from "../shared/fixtures";
import type { TokenFixture } from "../shared/fixtures";
import { shouldBehaveLikeERC20, shouldBehaveLikeERC20Burnable } from "./ERC20.behavior";
import type { ERC20BehaviorContext } from "./ERC20.behavior";

type Variant = (fixture: TokenFixture) => Omit<ERC20BehaviorContext, "token">;

/** Runs both behaviours on the fixture's token, seen through the OpenZeppelin ABIs. */
function behavesLikeAnOpenZeppelinToken(fixture: () => Promise<TokenFixture>, variant: Variant) {
  async function erc20Context(): Promise<ERC20BehaviorContext<ERC20>> {
    const loaded = await loadFixture(fixture);
    const token = ERC20__factory.connect(await loaded.token.getAddress(), loaded.deployer);
    return { token, ...variant(loaded) };
  }
  async function burnableContext(): Promise<ERC20BehaviorContext<ERC20Burnable>> {
    const loaded = await loadFixture(fixture);
    const token = ERC20Burnable__factory.connect(await loaded.token.getAddress(), loaded.deployer);
    return { token, ...variant(loaded) };
  }
  describe("ERC-20", () => shouldBehaveLikeERC20(erc20Context));
  describe("ERC20Burnable", () => shouldBehaveLikeERC20Burnable(burnableContext));
}

describe("ETMToken as an ERC-20", () => {
  describe("balance of the initial holder, minted at deployment", () => {
    behavesLikeAnOpenZeppelinToken(tokenFixture, ({ holder, alice, bob, options }) => ({
      holder,
      recipient: alice,
      spender: bob,
      holderBalance: options.initialSupply,
      totalSupply: options.initialSupply,
    }));
  });

  describe("balance minted later by the minter", () => {
    behavesLikeAnOpenZeppelinToken(mintedHolderFixture, ({ alice, bob, carol, options }) => ({
      holder: alice,
      recipient: bob,
      spender: carol,
      holderBalance: MINTED_BALANCE,
      totalSupply: options.initialSupply + MINTED_BALANCE,
    }));
  });
});
