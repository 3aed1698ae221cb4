/**
 * Vendor adapter registry: one lazily loaded module per vendor, so a page (or the hub worker)
 * only downloads the vendors it uses.
 *
 * Tests (and hosts with their own adapters) register a factory under a vendor id with
 * `registerAdapterFactory`; a registered factory wins over the built-in dynamic import.
 */
import type { CtiError, VendorId } from '../domain/model.js';
import type { AdapterFactory } from './adapter.js';

const registered = new Map<string, AdapterFactory>();

/** Built-in loaders. Each is a literal dynamic import so bundlers emit one chunk per vendor. */
const builtIn: Readonly<Record<string, () => Promise<AdapterFactory>>> = {
  interact: () => import('./interact/adapter.js').then((m) => m.createInteractAdapter),
  neon: () => import('./neon/adapter.js').then((m) => m.createNeonAdapter),
  catix: () => import('./catix/adapter.js').then((m) => m.createCatixAdapter),
  dgphone: () => import('./dgphone/adapter.js').then((m) => m.createDGPhoneAdapter),
  tactium: () => import('./tactium/adapter.js').then((m) => m.createTactiumAdapter),
};

/** Register (or replace) the factory for a vendor id. Returns a function that unregisters it. */
export function registerAdapterFactory(vendor: VendorId | string, factory: AdapterFactory): () => void {
  registered.set(vendor, factory);
  return () => {
    if (registered.get(vendor) === factory) registered.delete(vendor);
  };
}

/** The adapter factory for `vendor`. Rejects with a `CtiError` `unsupported` for an unknown vendor. */
export async function loadAdapterFactory(vendor: VendorId | string): Promise<AdapterFactory> {
  const own = registered.get(vendor);
  if (own) return own;
  const load = Object.prototype.hasOwnProperty.call(builtIn, vendor) ? builtIn[vendor] : undefined;
  if (!load) throw unsupported(vendor, 'no adapter for this vendor');
  try {
    return await load();
  } catch (err) {
    throw unsupported(vendor, `adapter failed to load: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function unsupported(vendor: string, detail: string): CtiError {
  return { code: 'unsupported', at: Date.now(), operation: `load-adapter:${vendor}`, detail };
}
