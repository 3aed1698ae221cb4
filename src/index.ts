/**
 * cti-elements: the ESM entry. Importing it registers `<cti-provider>`, `<cti-agent-status>`,
 * `<cti-phone>` and `<cti-queue>`, and exports the element classes, events, context and public types.
 */
export { CtiProvider, type CtiProviderConfig, type CtiSessionFactory } from './elements/cti-provider/cti-provider.js';
export { CtiAgentStatus } from './elements/cti-agent-status/cti-agent-status.js';
export { CtiPhone, normalizeNumber } from './elements/cti-phone/cti-phone.js';
export { CtiQueue } from './elements/cti-queue/cti-queue.js';
export { CtiElement } from './elements/shared/cti-element.js';

export * from './events/index.js';
export { ctiLocaleContext, ctiSessionContext, SessionController } from './client/context.js';
export { diffSnapshots, toDomEvent, type HostEvent } from './client/host-events.js';
export type { CtiSessionHandle } from './client/types.js';

export {
  DEFAULT_LOCALE,
  SUPPORTED_LOCALES,
  errorMessage,
  formatDuration,
  isLocaleLoaded,
  loadLocale,
  matchLocale,
  onLocaleLoaded,
  resolveLocale,
  t,
  translator,
  type Catalog,
  type MessageKey,
  type MessageParams,
  type SupportedLocale,
  type Translate,
} from './i18n/index.js';

export type { Command, CommandType } from './domain/commands.js';
export type {
  AgentPhase,
  AgentState,
  Call,
  CallActions,
  CallState,
  Capabilities,
  ConnectionInfo,
  ConnectionStatus,
  CtiError,
  ErrorCode,
  Line,
  Notice,
  Party,
  PauseReason,
  QueueStats,
  SessionSnapshot,
  TeamMember,
  TransferTarget,
  VendorId,
} from './domain/model.js';
export type { SessionConfig } from './vendors/adapter.js';
