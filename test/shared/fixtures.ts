/** Shared fixtures: one per scenario, composed, loaded through `loadFixture`. */
import { deploySystem } from "../../scripts/deploy";

/** The system with default options. */
export async function systemFixture() {
  return deploySystem();
}
