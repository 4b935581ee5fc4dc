import type { ApiServerSettings, ApiServerStatus } from '../../src-preload/contract/library-types.js';

export type RunningApiServer = { url: string; close(): Promise<void> };

/**
 * The desktop settings' "local API server" switch: starts, restarts (new address) or stops the
 * rating API server. A failure to start (port taken, address not on this machine) is a status the
 * settings screen shows, not an exception.
 */
export class ApiServerSwitch {
  private running: RunningApiServer | null = null;
  private lastError: string | null = null;
  private applying: Promise<ApiServerStatus> = Promise.resolve(this.status());

  constructor(private readonly start: (settings: ApiServerSettings) => Promise<RunningApiServer>) {}

  status(): ApiServerStatus {
    return { running: this.running !== null, url: this.running?.url ?? null, error: this.lastError };
  }

  /** Serialised: a second change waits for the first to finish, so two servers never race for a port. */
  apply(settings: ApiServerSettings): Promise<ApiServerStatus> {
    this.applying = this.applying.then(() => this.applyNow(settings));
    return this.applying;
  }

  async close(): Promise<void> {
    await this.apply({ enabled: false, host: '127.0.0.1', port: 0 });
  }

  private async applyNow(settings: ApiServerSettings): Promise<ApiServerStatus> {
    if (this.running) {
      await this.running.close();
      this.running = null;
    }
    this.lastError = null;
    if (!settings.enabled) return this.status();
    try {
      this.running = await this.start(settings);
    } catch (error) {
      this.lastError = `the API server could not start on ${settings.host}:${settings.port}: ${error instanceof Error ? error.message : String(error)}`;
    }
    return this.status();
  }
}
