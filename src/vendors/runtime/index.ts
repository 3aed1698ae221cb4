/**
 * The connection runtime (issue #13 §1): the lifecycle every vendor adapter shares, written and tested once. All
 * five adapters run on it; each keeps only its protocol mapping (wire ↔ domain) and its vendor quirks.
 *
 * - `connection.ts`, `Connection`: the state machine (connecting → authenticating → synchronising → connected →
 *   waiting (backoff with jitter) → …; refused, suspended, closed), the outage shown once, commands failing fast
 *   with `not-connected` while down (never queued), a resync after every reconnect, a `poll` or `silence`
 *   watchdog; clock, link and random source injected. What no adapter writes again:
 *   - a handler bug costs one message: an exception thrown by the adapter's `receive` is one `internal` error
 *     (detail `handler`), its message in the log; the link, its other messages and its waits go on;
 *   - an unknown event (`unknownEvent`): a typed `unknown-event` the first time a name is heard on a link, then
 *     a debug log only (at most 50 names a link), the same rule for all five;
 *   - the errors: `Connection.error` (`errorAt` where there is no connection) builds every typed error, and
 *     `refusal` every refusal of the adapter's own (a code or the field as detail, the sentence in the log);
 *   - `suspend` (the service behind a live link went: DGPhone's UserLogoff, Interact's on_server_state_change),
 *     `reopen` (a new link, nothing shown: DGPhone after a logoff), `serverDown` + `backoff.serverDownBaseMs`
 *     (Interact's 503).
 * - `requests.ts`, `Requests`: correlation as data, every wait bounded: by id (NEON `id`, Catix `messageId`), by
 *   order (Tactium), by confirming event, by command name (`by-name.ts`, DGPhone's responses: installed with
 *   `requests.correlateByName` so that only DGPhone bundles it), fire-and-forget; silence fails, resolves (an
 *   answer no seed documents: NEON's commands, Tactium's ADMSOCKET bind) or drops the link (a watchdog probe).
 * - `relay-link.ts`: `openRelayLink`, the link of the raw-TCP vendors (Catix, DGPhone, Tactium: websockify socket
 *   + decoder + framer, new for every link), and `relayCloseError`, their one close mapping (never opened →
 *   relay-unavailable, 1011 → vendor-unreachable, any other close → connection-lost; the websockify and seed
 *   reading behind it is written there).
 * - `silence-watch.ts`, `SilenceWatch`: a silence watchdog the adapter starts itself (Catix once the server has shown
 *   its KEEP_ALIVE rhythm, 4c33b22, and, until then, its status poll on a quiet link, eeed381; DGPhone re-armed by
 *   DGTimeStamp only, a `KeepAlive` filter).
 * - `options.ts`, `numberOption` / `finiteNumber`: the one reader of a numeric `config.options` value (a number or its
 *   trimmed text, clamped; anything else the default), for Catix, DGPhone, Tactium, NEON and the hub's
 *   `reloadGraceMs` (imported from `options.ts` itself: the hub takes nothing else of the runtime).
 * - `testing/` (tests only): the one fake websockify socket, a scripted `Requests`, `flush` and `rejection`.
 *
 * The links: Interact, an SSE monitor channel with `subscribe` as its sign-in and the heartbeat as the `silence`
 * watchdog (REST stays HTTP request/response; agent and supervisor are two `Connection`s); NEON, a WebSocket
 * (its late refusal stays in the adapter: `#sent` keeps the last 32 commands taken without an answer); Catix,
 * DGPhone and Tactium, relay links (Tactium's status poll is the `poll` watchdog).
 *
 * Tests: `runtime.test.ts` (fake link, `ManualClock`: correlation, the state machine, a handler bug, the watchdogs,
 * the relay link and its close mapping, unknown events), `by-name`, `keep-alive`, `lifecycle-edges`, `server-down`,
 * `silence-watch`, `suspend`, `suspend-during-sync` (`*.test.ts`).
 */
export { Connection, errorAt, refusal, type ConnectionSpec, type Link, type LinkEvents, type LinkState, type Watchdog } from './connection.js';
export { Requests, type CorrelateBy, type Match, type RequestSpec, type Silence } from './requests.js';
export { type NamedAnswer, type NamedMatch } from './by-name.js';
export { openRelayLink, relayCloseError, type RelayLinkOptions } from './relay-link.js';
export { SilenceWatch, type KeepAlive } from './silence-watch.js';
