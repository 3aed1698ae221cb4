// dist/salesforce/: the Salesforce Open CTI softphone (docs/salesforce.md). Run by scripts/build.mjs after the
// library builds (the page loads the drop-in from ../cti-elements.js).
//   softphone.html + softphone.css   the adapter page Salesforce opens in its softphone panel (reqAdapterUrl)
//   softphone.js                     its script (src/hosts/salesforce/softphone.ts): origin check, Open CTI, wiring
//   callcenter.xml                   the call center definition file the administrator imports
// CTI_SALESFORCE_ADAPTER_URL sets reqAdapterUrl in the XML (default: a placeholder the administrator edits).
import { build } from 'vite';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = `${root}src/hosts/salesforce/`;
const out = `${root}dist/salesforce/`;

const xmlText = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The call center definition file (Open CTI developer guide, "Call Center Definition Files"). */
export function callCenterXml({ adapterUrl = 'https://widgets.example.com/cti/salesforce/softphone.html' } = {}) {
  const item = (order, name, label, value) => `    <item sortOrder="${order}" name="${name}" label="${xmlText(label)}">${xmlText(value)}</item>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!--
  cti-elements softphone for Salesforce Lightning Experience (Open CTI). Import it in Setup > Call Centers > Import,
  then edit the values in Salesforce (or here, before importing). docs/salesforce.md has the whole installation.
  - reqAdapterUrl: where you serve dist/salesforce/softphone.html (https).
  - ctiWidget: the widget's configuration, read with getCallCenterSettings when the softphone starts.
    vendor: interact, neon, catix, dgphone or tactium; server: the vendor server or websockify relay URL;
    format: Interact json (default) or xml; options: a JSON object (README "Configuration reference");
    locale: pt-BR (default), en or es; ringtone: off to never ring in Salesforce; credentialsApex: Class.method of
    an Apex web service method returning {"user":…,"password":…} for NEON / Catix integration accounts.
  Never put a password here: call center settings are readable by every user of the call center. Agents sign in
  in the softphone.
-->
<callCenter>
  <section sortOrder="0" name="reqGeneralInfo" label="General Information">
${item(0, 'reqInternalName', 'InternalName', 'CtiElementsSoftphone')}
${item(1, 'reqDisplayName', 'Display Name', 'cti-elements softphone')}
${item(2, 'reqAdapterUrl', 'CTI Adapter URL', adapterUrl)}
${item(3, 'reqUseApi', 'Use CTI API', 'true')}
${item(4, 'reqSoftphoneHeight', 'Softphone Height', '560')}
${item(5, 'reqSoftphoneWidth', 'Softphone Width', '360')}
${item(6, 'reqSalesforceCompatibilityMode', 'Salesforce Compatibility Mode', 'Lightning')}
  </section>
  <section sortOrder="1" name="ctiWidget" label="cti-elements">
${item(0, 'vendor', 'Vendor (interact, neon, catix, dgphone, tactium)', 'interact')}
${item(1, 'server', 'Server URL', 'https://cti.example.com:8582/interact_cti/v1.0')}
${item(2, 'format', 'Interact format (json, xml)', 'json')}
${item(3, 'options', 'Options (JSON object)', '{}')}
${item(4, 'locale', 'Language (pt-BR, en, es)', 'pt-BR')}
${item(5, 'ringtone', 'Ringtone (off: never ring here)', '')}
${item(6, 'credentialsApex', 'Integration credentials from Apex (Class.method; NEON, Catix)', '')}
  </section>
</callCenter>
`;
}

export async function buildHost() {
  mkdirSync(out, { recursive: true });
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    base: './',
    build: {
      outDir: out,
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: true,
      minify: true,
      reportCompressedSize: false,
      lib: { entry: `${src}softphone.ts`, formats: ['es'], fileName: () => 'softphone.js' },
      rolldownOptions: { output: { minify: true, comments: { annotation: false } } },
    },
  });
  copyFileSync(`${src}softphone.html`, `${out}softphone.html`);
  copyFileSync(`${src}softphone.css`, `${out}softphone.css`);
  writeFileSync(`${out}callcenter.xml`, callCenterXml(process.env.CTI_SALESFORCE_ADAPTER_URL ? { adapterUrl: process.env.CTI_SALESFORCE_ADAPTER_URL } : {}));
}
