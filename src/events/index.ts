export * from './cti-agent-state-changed.js';
export * from './cti-call-answered.js';
export * from './cti-call-ended.js';
export * from './cti-connection-changed.js';
export * from './cti-dial-request.js';
export * from './cti-error.js';
export * from './cti-incoming-call.js';
