/**
 * What each vendor can do, as data. Pure: no DOM, no Lit, no comlink.
 *
 * A capability a vendor lacks is absent from the UI, never faked. The sets follow the capability table
 * in the protocol digests (`shared/protocols/README.md`):
 *
 * ```
 *              Interact        NEON      Catix     DGPhone   Tactium
 * agent states    yes           -         yes        -         yes
 * pause reasons   yes           -         yes        -         yes
 * after-call end  yes           -          -         -         yes  (<POS><OFF>)
 * classify        yes           -          -         -          -
 * answer      when-required   always     never     always     never
 * reject          yes          yes         -        yes         -
 * hold            yes          yes         -        yes         -
 * consult         yes           -          -         -          -
 * transfer        yes          yes        yes        -          -
 * conference      yes           -          -         -          -
 * dtmf             -           yes         -        yes         -
 * associate data  yes           -          -         -          -
 * lines            1            1          1         6          1
 * max calls        3            2          1         6          1
 * queues          yes           -         yes        -          -
 * redial           -            -         yes        -          -   (REDISCAR)
 * transfer list    -            -         yes        -          -   (BUSCAR_OPCOES_TRANSFERENCIA)
 * dial service  optional        -          -         -       required (<A><ddd><phone><service>)
 * dialer outcome   -            -          -         -         yes  (<C><S>…, <TR> callback)
 * team (superv.)   -            -         yes        -         yes  (multi-user / ADMSOCKET)
 * ```
 *
 * Each vendor's table is its own module next to its adapter (`vendors/<vendor>/capabilities.ts`), imported by
 * that adapter alone, so the hub's shared chunk (every module under src/domain/) carries only the helpers
 * (`domain/capabilities/shared.ts`: `NO_ACTIONS`, `supervisorCapabilities`). This module (in src/vendors/, since
 * it imports every vendor's table: src/domain/ depends on no vendor) gathers all five
 * (`capabilitiesFor`), for the page's lazy paths (`client/unavailable-snapshot.ts`) and tests; nothing the hub
 * runs imports it (an adapter or the call machine would put all five tables back in the hub's chunk).
 */
import { CATIX_CAPABILITIES } from './catix/capabilities.js';
import { DGPHONE_CAPABILITIES } from './dgphone/capabilities.js';
import { INTERACT_CAPABILITIES } from './interact/capabilities.js';
import { NEON_CAPABILITIES } from './neon/capabilities.js';
import { TACTIUM_CAPABILITIES } from './tactium/capabilities.js';
import { Vendor } from '../domain/model.js';
import type { Capabilities, VendorId } from '../domain/model.js';

export { NO_ACTIONS, supervisorCapabilities } from '../domain/capabilities/shared.js';

const CAPABILITIES: Readonly<Record<VendorId, Capabilities>> = {
  [Vendor.Interact]: INTERACT_CAPABILITIES,
  [Vendor.Neon]: NEON_CAPABILITIES,
  [Vendor.Catix]: CATIX_CAPABILITIES,
  [Vendor.DGPhone]: DGPHONE_CAPABILITIES,
  [Vendor.Tactium]: TACTIUM_CAPABILITIES,
};

/** The capability set of a vendor. The returned object is shared and frozen: do not mutate. */
export function capabilitiesFor(vendor: VendorId): Capabilities {
  const caps = CAPABILITIES[vendor];
  if (!caps) throw new Error(`Unknown vendor: ${String(vendor)}`);
  return caps;
}
