// Values test/global-setup.ts provides to every test file (vitest `inject`).
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    pgWsProxy: string;
    upstashUrl: string;
    upstashToken: string;
    authJwtKeys: string;
    encryptionKeys: string;
    redisBackend: string;
    webhookReceiverUrl: string;
    /** The fake GitHub/Google OAuth provider (test/fakes/oauth-provider.ts) and its client credentials. */
    oauthUrl: string;
    oauthGithubClientSecret: string;
    oauthGoogleClientSecret: string;
    /** Uncaught exceptions workerd logged so far: GET ?from=n → {faults, next} (test/workerd-faults.ts). */
    faultsUrl: string;
  }
}

export {};
