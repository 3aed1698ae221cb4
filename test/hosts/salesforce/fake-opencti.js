/*
 * A fake of Salesforce's `opencti_min.js` (Open CTI for Lightning Experience), written from the Open CTI
 * Developer Guide. Served by the test server (and the demo) as `/support/api/<version>/lightning/opencti_min.js`
 * of the "org" origin, and loaded by the softphone page inside Salesforce's softphone iframe.
 *
 * As the guide describes the real one: every method takes one object argument; the softphone's request goes to
 * the Salesforce window (the parent) by `window.postMessage`, to the org origin only, and the answer comes back
 * the same way to the optional `callback` as `{ success, returnValue, errors }`. Listener methods
 * (`onClickToDial`, `onNavigationChange`) register a `listener` that Salesforce calls later with a payload.
 * The Salesforce side (the container: test/hosts/salesforce/fake-salesforce.ts) validates, records and answers.
 * Not a copy of Salesforce code: only the documented surface.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var ORG = script && script.src ? new URL(script.src).origin : '';
  var TAG = 'fake-opencti';
  var nextId = 1;
  var callbacks = {};
  var listeners = {};
  var throwNext = {};

  function send(method, args) {
    var id = nextId++;
    var copy = {};
    for (var k in args) if (Object.prototype.hasOwnProperty.call(args, k) && typeof args[k] !== 'function') copy[k] = args[k];
    if (typeof args.callback === 'function') callbacks[id] = args.callback;
    window.parent.postMessage({ tag: TAG, id: id, method: method, args: copy, hasCallback: typeof args.callback === 'function' }, ORG);
    return undefined;
  }

  function method(name) {
    return function (args) {
      if (throwNext[name]) {
        delete throwNext[name];
        throw new Error('fake Open CTI: ' + name + ' threw');
      }
      if (args !== undefined && (args === null || typeof args !== 'object')) throw new TypeError(name + ' takes one object argument');
      return send(name, args || {});
    };
  }

  function listen(name) {
    return function (args) {
      if (!args || typeof args.listener !== 'function') throw new TypeError(name + ' needs { listener: function }');
      listeners[name] = args.listener;
      return send(name, {});
    };
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || event.origin !== ORG) return;
    var data = event.data;
    if (!data || data.tag !== TAG) return;
    if (data.throwNext) {
      throwNext[data.throwNext] = true;
      return;
    }
    if (data.event) {
      var listener = listeners[data.event];
      if (listener) listener(data.payload);
      return;
    }
    var cb = callbacks[data.id];
    delete callbacks[data.id];
    if (cb) cb(data.response);
  });

  var api = {
    CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' },
    SCREENPOP_TYPE: { SOBJECT: 'sobject', URL: 'url', OBJECTHOME: 'objecthome', LIST: 'list', SEARCH: 'search', NEW_RECORD_MODAL: 'newRecord', FLOW: 'flow' },
    onClickToDial: listen('onClickToDial'),
    onNavigationChange: listen('onNavigationChange'),
  };
  [
    'disableClickToDial', 'enableClickToDial', 'getAppViewInfo', 'getCallCenterSettings', 'getSoftphoneLayout',
    'isSoftphonePanelVisible', 'notifyInitializationComplete', 'refreshView', 'runApex', 'saveLog', 'screenPop',
    'searchAndScreenPop', 'setSoftphoneItemIcon', 'setSoftphoneItemLabel', 'setSoftphonePanelHeight',
    'setSoftphonePanelIcon', 'setSoftphonePanelLabel', 'setSoftphonePanelVisibility', 'setSoftphonePanelWidth',
  ].forEach(function (name) {
    api[name] = method(name);
  });
  window.sforce = window.sforce || {};
  window.sforce.opencti = api;
})();
