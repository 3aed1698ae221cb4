/**
 * What every vendor's simulator panel shares: the simulator's control API (`npm start` runs one per vendor;
 * `GET /state`, `POST /inbound`, … under the vendor's `control` URL), the status line, the caller pickers,
 * the call list items, and the one poll of the shown panel's simulator.
 *
 * A vendor's panel (`panels/<vendor>.ts`) wires its own form in the page (`#sim-<vendor>`) and implements
 * `SimPanel`: draw itself from its last state, and take a new state from the simulator. The page shell
 * (`demo.ts`) shows one panel at a time with `showPanel`.
 */
import { comparable, customers, digits, formatPhone } from '../crm.js';
import type { Customer } from '../crm.js';
import { $, el } from '../dom.js';
import { isKey, tr } from '../text.js';
import type { Key } from '../text.js';

export interface SimPanel {
  /** Draw the panel again from its last known state (the panel was shown, the language changed). */
  render(): void;
  /** The simulator answered `GET /state`. */
  update(state: unknown): void;
}

/** The shown panel's simulator control URL ('' while the page has no config: nothing is polled). */
let control = '';
let current: SimPanel | undefined;
/** Bumped by every action and panel switch: a state poll that started before is stale. */
let simGeneration = 0;
/** What the shown call list was drawn from: the list is redrawn only when it changes. */
let lastCallsKey = '';

/** Show `panel`, whose simulator answers at `controlUrl`, and ask its simulator for its state. */
export function showPanel(panel: SimPanel, controlUrl: string): void {
  current = panel;
  control = controlUrl;
  simGeneration++;
  renderSimPanel();
  void refreshSimState();
}

export async function sim<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${control}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const json = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new Error(json.error ?? `HTTP ${response.status}`);
  return json;
}

export function simStatus(text: string, error = false): void {
  const status = $('sim-status');
  status.textContent = text;
  status.classList.toggle('error', error);
  status.classList.remove('unreachable');
}

export function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

/**
 * Send a control request and say how it went. `refused` may put a simulator refusal in better words
 * (from the state just fetched); by default the simulator's own message is shown.
 */
export async function simAction<T>(
  path: string,
  body: unknown,
  done: (result: T) => string,
  refused?: () => string | undefined,
): Promise<void> {
  simGeneration++;
  let failure: string | undefined;
  try {
    const result = await sim<T>(path, body);
    simStatus(done(result));
  } catch (reason) {
    failure = tr('sim.failed', { error: reasonText(reason) });
  }
  lastCallsKey = '';
  await refreshSimState();
  if (failure !== undefined) simStatus(refused?.() ?? failure, true);
}

/** After requests of a panel's own (not through `simAction`): forget older polls and redraw from a fresh state. */
export async function refreshAfterChange(): Promise<void> {
  simGeneration++;
  lastCallsKey = '';
  await refreshSimState();
}

export function renderSimPanel(): void {
  lastCallsKey = '';
  current?.render();
}

export async function refreshSimState(): Promise<void> {
  if (!control) return;
  const generation = simGeneration;
  const polled = current;
  try {
    const state = await sim<unknown>('/state');
    if (generation !== simGeneration || polled !== current) return;
    polled?.update(state);
    if ($('sim-status').classList.contains('unreachable')) simStatus('');
  } catch (reason) {
    if (generation !== simGeneration || polled !== current) return;
    simStatus(tr('sim.unreachable', { error: reasonText(reason) }), true);
    $('sim-status').classList.add('unreachable');
  }
}

let polling: ReturnType<typeof setTimeout> | undefined;

export function poll(): void {
  if (polling !== undefined) clearTimeout(polling);
  polling = setTimeout(() => {
    void refreshSimState().finally(poll);
  }, 1500);
}

/* ---- the caller pickers of the inbound forms: a customer (number read-only) or another number */

export interface CallerPicker {
  readonly select: HTMLSelectElement;
  readonly number: HTMLInputElement;
  /** Fill the form's other fields for the customer picked (or none). */
  readonly picked: (customer: Customer | undefined) => void;
}

const pickers: CallerPicker[] = [];

/** A caller picker on the `<select id=selectId>` and `<input id=numberId>` of a panel's inbound form. */
export function callerPicker(selectId: string, numberId: string, picked: (customer: Customer | undefined) => void = () => undefined): CallerPicker {
  const picker: CallerPicker = { select: $<HTMLSelectElement>(selectId), number: $<HTMLInputElement>(numberId), picked };
  picker.select.addEventListener('change', () => syncFrom(picker, true));
  pickers.push(picker);
  return picker;
}

/** Fill every caller picker with the customers (in the page's language). */
export function renderSimFromOptions(): void {
  for (const picker of pickers) {
    const { select } = picker;
    const current = select.value;
    select.replaceChildren(
      ...customers.map((c) => el('option', { text: `${c.name} · ${formatPhone(c.phone)}`, attrs: { value: c.id } })),
      el('option', { text: tr('sim.other'), attrs: { value: 'other' } }),
    );
    select.value = current && [...select.options].some((o) => o.value === current) ? current : (customers[0]?.id ?? 'other');
    if (!current) syncFrom(picker, false);
  }
}

function syncFrom(picker: CallerPicker, focus: boolean): void {
  const c = customers.find((x) => x.id === picker.select.value);
  const input = picker.number;
  if (c) {
    input.value = c.phone;
    input.readOnly = true;
  } else {
    input.readOnly = false;
    if (customers.some((x) => x.phone === input.value)) input.value = '11955550000';
    if (focus) {
      input.focus();
      input.select();
    }
  }
  picker.picked(c);
}

/** The number typed in a caller picker: digits, else as typed. */
export function pickedNumber(picker: CallerPicker): string {
  return digits(picker.number.value) || picker.number.value.trim();
}

/** The customer a caller picker is set to (none for "another number"). */
export function pickedCustomer(picker: CallerPicker): Customer | undefined {
  return customers.find((c) => c.id === picker.select.value);
}

/** A fictitious, well-formed CPF for a customer (the same every time). */
export function fakeCpf(c: Customer): string {
  const base = [...digits(c.phone).padEnd(9, '7').slice(-9)].map(Number);
  const check = (ds: number[]): number => {
    const sum = ds.reduce((acc, d, i) => acc + d * (ds.length + 1 - i), 0);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const d1 = check(base);
  const d2 = check([...base, d1]);
  return [...base, d1, d2].join('');
}

/* ---- the simulator's call list */

export interface SimCallAction {
  readonly text: Key;
  readonly label: Key;
  readonly className: string;
  readonly run: () => void;
}

/** Whether the call list drawn from `key` (what it shows, as JSON) differs from the one on screen. */
export function callsChanged(key: string): boolean {
  if (key === lastCallsKey) return false;
  lastCallsKey = key;
  return true;
}

/** The answer and hang-up buttons most simulators offer (`POST /answer`, `/hangup` with `body`); answer only if `canAnswer`. */
export function answerHangup(canAnswer: boolean, body: unknown): SimCallAction[] {
  const run = (path: string) => () => void simAction(path, body, () => tr('sim.done'));
  const hangup: SimCallAction = { text: 'sim.hangup', label: 'sim.hangupLabel', className: 'btn-danger', run: run('/hangup') };
  return canAnswer ? [{ text: 'sim.answer', label: 'sim.answerLabel', className: 'btn-success', run: run('/answer') }, hangup] : [hangup];
}

/** A call in a simulator's list, with its actions. */
export function simCallItem(id: string, state: string, who: string, meta: string, actions: readonly SimCallAction[]): HTMLLIElement {
  const buttons = el('div', { className: 'sim-call-actions' });
  for (const action of actions) {
    const button = el('button', {
      className: `btn btn-small ${action.className}`,
      text: tr(action.text),
      attrs: { type: 'button', 'aria-label': tr(action.label, { number: who }) },
    });
    button.addEventListener('click', action.run);
    buttons.append(button);
  }
  return el(
    'li',
    { className: 'sim-call', attrs: { 'data-state': state } },
    el(
      'div',
      { className: 'sim-call-info' },
      el('strong', { text: who }),
      el('span', { className: `state-chip state-${state}`, text: stateLabel(state) }),
      el('span', { className: 'muted small', text: meta }),
      el('span', { className: 'muted small mono', text: id }),
    ),
    buttons,
  );
}

function stateLabel(state: string): string {
  const key = `state.${state}`;
  return isKey(key) ? tr(key) : state;
}

/** "Maria Silva ((11) 98765-4321)" for a customer, else the number (and the caller's own name). */
export function describeParty(number: string, name?: string): string {
  const known = customers.find((c) => comparable(c.phone) === comparable(number));
  if (known) return `${known.name} (${formatPhone(number)})`;
  return name ? `${name} (${formatPhone(number)})` : formatPhone(number);
}

/* ---- readouts */

/** A state readout and its stop/start button for a simulator that can stop listening. */
export function renderRunning(stateId: string, toggleId: string, running: boolean): void {
  const state = $(stateId);
  state.textContent = tr(running ? 'sim.running' : 'sim.stopped');
  state.classList.toggle('down', !running);
  renderToggle(toggleId, running, 'sim.serverDown', 'sim.serverUpAction');
}

/** A two-way button: danger while the thing is on (`on` key), primary to bring it back (`off` key). */
export function renderToggle(id: string, on: boolean, onKey: Key, offKey: Key): void {
  const toggle = $(id);
  toggle.dataset['i18n'] = on ? onKey : offKey;
  toggle.textContent = tr(on ? onKey : offKey);
  toggle.classList.toggle('btn-danger', on);
  toggle.classList.toggle('btn-primary', !on);
}

/** A simulator's stop/start button (`POST /stop`, `/start`): stops it unless it is known to be stopped. */
export function serverToggle(toggleId: string, running: () => boolean | undefined): void {
  $(toggleId).addEventListener('click', () => {
    void simAction(running() === false ? '/start' : '/stop', {}, () => tr('sim.done'));
  });
}
