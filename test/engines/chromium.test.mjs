// Chromium runs every scenario in the @web/test-runner suites; here only the engine facts, measured the same
// way as in Firefox and WebKit, for the README browser table's Chromium column.
import { engineSuite } from './suite.mjs';

engineSuite('chromium', { only: 'facts' });
