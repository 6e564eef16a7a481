// The encryption context (AES-GCM additional data) of each secret column: a ciphertext decrypts
// only in the row and column it was written for. Writers, readers and key rotation share these.
export const identitySecretContext = (projectId: string) => `projects.identity_secret:${projectId}`;
export const totpSecretContext = (userId: string) => `user_mfa.secret:${userId}`;
