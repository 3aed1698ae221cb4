// The Zendesk Apps Framework SDK (npm `zendesk_app_framework_sdk`, CommonJS, no types of its own): what we use.
declare module 'zendesk_app_framework_sdk' {
  import type { ZafClient } from './zaf.js';
  const ZAFClient: { init(callback?: (context: unknown) => void): ZafClient | false };
  export default ZAFClient;
}
