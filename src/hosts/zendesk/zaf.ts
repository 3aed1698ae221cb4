/** The part of the ZAF client (`ZAFClient.init()`) the Zendesk bridge uses, as documented for framework 2.0. */
export interface ZafRequestOptions {
  readonly url: string;
  readonly type?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly contentType?: string;
  readonly data?: string;
}

export interface ZafContext {
  readonly location: string;
  readonly instanceGuid?: string;
  readonly product?: string;
  readonly account?: { readonly subdomain?: string };
}

export interface ZafMetadata {
  readonly appId?: number;
  readonly installationId?: number;
  readonly settings: Readonly<Record<string, unknown>>;
}

export interface ZafClient {
  get(path: string | string[]): Promise<Record<string, unknown>>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  request(options: ZafRequestOptions | string): Promise<unknown>;
  on(event: string, handler: (data: any) => void): void;
  metadata(): Promise<ZafMetadata>;
  context(): Promise<ZafContext>;
  instance(instanceGuid: string): ZafClient;
}
