/** Every vendor's gallery states, in the order the gallery shows them. */
import type { VendorId } from '../../../src/domain/model.js';
import { catixStates } from './catix.js';
import { dgphoneStates } from './dgphone.js';
import { interactStates } from './interact.js';
import { neonStates } from './neon.js';
import { tactiumStates } from './tactium.js';
import type { GalleryState } from './types.js';

export const GALLERY: Readonly<Record<VendorId, readonly GalleryState[]>> = {
  interact: interactStates,
  neon: neonStates,
  catix: catixStates,
  dgphone: dgphoneStates,
  tactium: tactiumStates,
};
export const VENDOR_NAMES: Readonly<Record<VendorId, string>> = {
  interact: 'Dígitro Interact CTI',
  neon: 'InWise NEON',
  catix: 'Catix',
  dgphone: 'Intelix DGPhone',
  tactium: 'Tactium IP',
};
export type { GalleryState, GalleryElement } from './types.js';
export { ALL_ELEMENTS } from './types.js';
