import type { PropertyDeclaration, ReactiveElement } from 'lit';

/**
 * Lit's `@customElement`, `@property` and `@state` for this project's compiler setting only (TypeScript's
 * `experimentalDecorators` on class fields: tsconfig.json), in a few bytes instead of lit/decorators.js, which also
 * carries the standard-decorator forms and their dev-mode checks (issue 13 §3: the page's initial load). Same effect:
 * `createProperty` on the class; `state` is an internal reactive property (no attribute).
 */
type FieldDecorator = (proto: object, name: PropertyKey) => void;

export const customElement =
  (tag: string) =>
  (element: CustomElementConstructor): void =>
    customElements.define(tag, element);

export const property =
  (options?: PropertyDeclaration): FieldDecorator =>
  (proto, name) =>
    (proto.constructor as typeof ReactiveElement).createProperty(name, options);

export const state = (): FieldDecorator => property({ state: true, attribute: false });
