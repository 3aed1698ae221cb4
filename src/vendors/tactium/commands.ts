/**
 * The commands of seed section 4, as sent: `import * as TactiumCommand from './commands.js'` and
 * `TactiumCommand.bind(login)`. Functions of a module rather than members of an object: the bundle then names
 * each by its place, not by its word (the words stay here, for the reader).
 */
import { encodeMessage } from './codec.js';

/** 4.1 bind the connection to the agent's events (`<ADMSOCKET>`: every agent's, 4.12). */
export const bind = (login: string): string => encodeMessage([login, 'L', 'ON']);
/** 4.2 log the agent off. */
export const logoff = (login: string): string => encodeMessage([login, 'L', 'OFF']);
/** 4.3 pause with the reason's external code. */
export const pause = (login: string, code: string): string => encodeMessage([login, 'P', 'ON', code]);
/** 4.4 leave pause or after-call work. */
export const resume = (login: string): string => encodeMessage([login, 'P', 'OFF']);
/** 4.5 leave after-call work. */
export const endAfterCall = (login: string): string => encodeMessage([login, 'POS', 'OFF']);
/** 4.6 status. */
export const status = (login: string): string => encodeMessage([login, 'S']);
/** 4.7 schedule a callback: `when` is `dd/mm/yyyy hh:mm`. */
export const callback = (login: string, when: string, phone: string, agent: string): string => encodeMessage([login, 'TR', when, phone, agent]);
/** 4.8 dialer call outcome. */
export const outcome = (login: string, state: string): string => encodeMessage([login, 'C', 'S', state]);
/** 4.9 dial. */
export const dial = (login: string, ddd: string, phone: string, service: string): string => encodeMessage([login, 'A', ddd, phone, service]);
/** 4.10 hang up. */
export const hangup = (login: string): string => encodeMessage([login, 'D']);
/** 4.11 current call. */
export const currentCall = (login: string): string => encodeMessage([login, 'AC']);
