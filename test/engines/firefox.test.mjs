// The hub cases and one end-to-end scenario per vendor in firefox (see suite.mjs and harness.mjs).
import { engineSuite } from './suite.mjs';

engineSuite('firefox');
