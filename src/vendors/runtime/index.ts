/**
 * The connection runtime (issue #13 §1): the lifecycle every vendor adapter shares, written and tested once.
 *
 * - `connection.ts`: the state machine (connecting → authenticating → synchronising → connected → waiting →
 *   …, refused, closed), outage reported once, fail fast while down, resync after every reconnect, watchdog.
 * - `requests.ts`: request correlation as data, every wait bounded: by id, by order, by confirming event,
 *   by command name (`by-name.ts`), fire-and-forget.
 * - `relay-link.ts`: the link of the raw-TCP vendors (relay socket + decoder + framer, new for every link).
 * - `testing/fake-relay-socket.ts`: the one fake websockify socket for the relay adapters' tests.
 * - `testing/wait.ts`: `flush` and `rejection` for the vendor tests.
 * Tests: `runtime.test.ts` (fake link, `ManualClock`). Tactium runs on it (`../tactium/adapter.ts`).
 * NEON runs on it too (`../neon/adapter.ts`): its late refusal stays in the adapter (`#sent` remembers the
 * last 32 commands taken without an answer; `requests.answer` returns `false` for them); `lifecycle-edges.test.ts`.
 * DGPhone runs on it (`../dgphone/adapter.ts`) with two additions: `Connection.suspend` (UserLogoff, or a Login
 * refused after a success: keep the link, `server-down`, sign in again on it with backoff) and `reopen` (the
 * server closes the link after a logoff: a new link now, nothing shown); `suspend.test.ts`. Its correlation is
 * the runtime's too: `by: 'name'` (`by-name.ts`, installed with `requests.correlateByName` so that only DGPhone
 * bundles it; `requests.answerByName` for a DGPhoneResponse, which names a
 * command, not an id: first in first out per name, narrowed by `Line:`; its confirming line event through
 * `requests.match`; a command settled by its event, once written or by its bound keeps its own late answer for
 * one bound more; `by-name.test.ts`); `../dgphone/window.ts` is only the table of what confirms each command.
 * Its DGTimeStamp watchdog is a `SilenceWatch` given a `KeepAlive` filter (`heard(m)` for every message: armed by
 * the first DGTimeStamp, re-armed only by DGTimeStamp, `only: true`; `keep-alive.test.ts`).
 * Catix runs on it (`../catix/adapter.ts`) with one addition: `silence-watch.ts`, a silence watchdog the adapter
 * starts itself (on the first KEEP_ALIVE; any line re-arms it) and stops in `lost`; `silence-watch.test.ts`.
 * Interact runs on it (`../interact/adapter.ts`): a monitor channel (`EventSource`) is its link and `subscribe`
 * its sign-in (`../interact/channel.ts`); the heartbeat is the `silence` watchdog; REST stays HTTP request/response
 * (the transport's timeout). Its two gaps are filled: `serverDown` + `backoff.serverDownBaseMs` (a 503: wait with
 * status `server-down` from its own base; `server-down.test.ts`) and `suspend` for `on_server_state_change`; two
 * links are two `Connection`s (the supervisor's host only logs).
 *
 * MAP FOR MOVING THE OTHER FOUR (line numbers as of commit c4eaedc, before their migration). Each adapter
 * wrote the same lifecycle by hand; what to delete and what the runtime gives instead:
 *
 * | lifecycle piece              | NEON (neon/adapter.ts)        | Catix (catix/adapter.ts)        | DGPhone (dgphone/adapter.ts)      | Interact (interact/adapter.ts)          |
 * |------------------------------|-------------------------------|---------------------------------|-----------------------------------|-----------------------------------------|
 * | connect / open link          | #connect 221                  | #connect 204                    | #connect 245                      | #boot 548, MonitorChannel.open 169      |
 * | authenticate                 | #onOpen 231 (authenticate)    | #onOpen 226 (login + PIN)       | #onOpen 262, #login 268, 279, 290 | #boot 548 (login), #connected 599       |
 * | resync after every reconnect | #restore 296, #reauthenticate 275 | #resync 660–872             | #startResync 552–627              | #resync 639, #statusSnapshot 616        |
 * | link closed → outage         | #onClose 321                  | #onClose 268                    | #onClose 309                      | MonitorChannel #streamFailed 322, #lost 365, #agentDown 703 |
 * | outage reported once         | (per attempt, no memory)      | #outageOnce 289, #outage 144    | #reportOnce 1062                  | #reportServerDown 1218                  |
 * | backoff with jitter          | #scheduleReconnect 352        | #scheduleReconnect 296          | #scheduleRetry 332                | #agentDown 721, #openSupervisor 752, #scheduleServerProbe 843 |
 * | drop and retry               | #retryLater 362               | #retryLater 306, #dropConnection 324 | #dropAndRetry 341            | #agentDown 703                          |
 * | give up on bad credentials   | #giveUp 370 (235, 249, 288)   | #giveUp 316 (230, 240, 253)     | #giveUp 348 (222, 298)            | #agentDown 'fatal' 706                  |
 * | refresh while down           | #retryNow 380                 | #retryNow 335                   | #retryNow 360 (641)               | execute 'refresh' ~1031                 |
 * | fail fast while down         | #send 400 (not-connected)     | #execute 914                    | #request 939–945, #requireReady 1017 | call 524, execute 1034               |
 * | request correlation          | by id: #pending 182, #send 390–430, #settle 442 (confirming event), #taken 431 (silence = taken) | by id (messageId): #pending 146, #request 872, #onAnswer 419 | by confirming event: #request 943, #expire 970, #settle 984, #forget 992 | HTTP request/response (transport.request timeoutMs) |
 * | fail pending on drop         | #failPending 450              | #failPending 892                | #failPending 1006                 | (fetch aborts)                          |
 * | watchdog                     | none (socket close only)      | silence: #armWatchdog 348 (only once a KEEP_ALIVE was seen) | silence: #armWatchdog 536 (DGTimeStamp) | silence: MonitorChannel #armWatchdog 374 (heartbeat) |
 * | connection status events     | #setStatus 860                | #setStatus 1080                 | #setStatus 1041                   | #setStatus 1224                         |
 *
 * Runtime mapping: `ConnectionSpec.open` (+ `openRelayLink` for Catix/DGPhone), `authenticate` (throw
 * `auth-failed` to refuse), `synchronise`, `closeError`, `receive` (call `connection.requests.match(m)` or
 * `requests.answer(id, m)` first), `lost` (mark calls unconfirmed), `watchdog` (`silence` for Catix, DGPhone,
 * Interact's heartbeat; Catix arms it only after its first KEEP_ALIVE: a `silence` watchdog started by the
 * adapter is the gap to add). NEON's "no answer documented → taken after ackWaitMs, a late refusal still
 * reported" is `silence: 'resolve'` plus a by-id late-answer hook (not in the runtime yet: `answer` returns
 * `false` for it today). Interact needs two more things: a `server-down` waiting status with its own base
 * delay (503 / on_server_state_change), and two links (agent + supervisor channel) — one `Connection` each.
 *
 * Size: with Tactium alone on the runtime, its chunk went from 8449 to 9673 B gzip (the runtime is ~2.3 kB gzip
 * minified; Tactium's own lifecycle code was ~1.2 kB). The runtime pays for itself only once the other adapters
 * drop their lifecycle code and share its chunk: measure `hub worker with all 5 adapters` after each move.
 */
export { Connection, type ConnectionSpec, type Link, type LinkEvents, type LinkState, type Watchdog } from './connection.js';
export { Requests, type CorrelateBy, type Match, type RequestSpec, type Silence } from './requests.js';
export { type NamedAnswer, type NamedMatch } from './by-name.js';
export { openRelayLink, type RelayLinkOptions } from './relay-link.js';
export { SilenceWatch, type KeepAlive } from './silence-watch.js';
