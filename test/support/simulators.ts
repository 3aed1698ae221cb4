/** Browser-side helpers to start and stop vendor simulators through the test server's `/__sim` route. */
export interface SimulatorHandle {
  readonly id: string;
  /** Base URL of the simulated vendor server. */
  readonly url: string;
  /** Base URL of the simulator's control API. */
  readonly control: string;
  stop(): Promise<void>;
}

export async function startSimulator(vendor: string, options: Record<string, unknown> = {}): Promise<SimulatorHandle> {
  const res = await fetch(`/__sim/${vendor}`, { method: 'POST', body: JSON.stringify(options) });
  if (!res.ok) throw new Error(`could not start the ${vendor} simulator: ${res.status} ${await res.text()}`);
  const info = (await res.json()) as { id: string; url: string; control: string };
  return {
    ...info,
    async stop() {
      await fetch(`/__sim/${info.id}`, { method: 'DELETE' });
    },
  };
}
