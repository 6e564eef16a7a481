// window.Parley as a host page sees it, for code the tests run inside the page.
interface ParleyPageApi {
  (command: string, ...args: unknown[]): void;
  open(): void;
  close(): void;
  toggle(): void;
  identify(identity: { userId?: string; hash?: string; name?: string; email?: string }): void;
  setLocale(locale: string): void;
  update(data: { attributes: Record<string, unknown> }): void;
  on(event: string, fn: (data: unknown) => void): void;
  off(event: string, fn: (data: unknown) => void): void;
  shutdown(): void;
}

interface Window {
  Parley?: ParleyPageApi;
}
