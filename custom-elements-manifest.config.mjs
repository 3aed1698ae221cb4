// custom-elements-manifest analyzer configuration: the manifest is generated from the elements' JSDoc.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts', 'src/**/test-support/**', 'src/vendors/**', 'src/hub/**', 'src/domain/**', 'src/hosts/**'],
  outdir: '.',
  litelement: true,
  packagejson: false,
};
