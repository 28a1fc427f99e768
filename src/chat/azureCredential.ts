/**
 * VS Code's Microsoft sign-in as an Azure TokenCredential for the Foundry cloud provider. Tokens are fetched
 * silently on each request (VS Code caches and refreshes them); signing in is an explicit command, never a prompt
 * in the middle of a request. A missing session surfaces as a CredentialUnavailableError, which the provider
 * maps to an `auth` failure whose message says to run "Hybrid Agent: Sign in to Azure".
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type * as vscode from 'vscode';

export const MICROSOFT_AUTH_PROVIDER = 'microsoft';
export const FOUNDRY_SCOPE = 'https://ai.azure.com/.default';

type AuthApi = Pick<typeof vscode.authentication, 'getSession'>;

/** Named like @azure/identity's error so the provider's auth mapping recognises it. */
export class CredentialUnavailableError extends Error {
  override readonly name = 'CredentialUnavailableError';
}

// VS Code does not tell us when a session token expires; Entra access tokens live at least an hour, and we
// ask VS Code again on every request anyway, so a short horizon is safe.
const ASSUMED_LIFETIME_MS = 5 * 60 * 1000;

export class VsCodeAzureCredential implements TokenCredential {
  constructor(private readonly auth: AuthApi, private readonly now: () => number = Date.now) {}

  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> {
    const wanted = Array.isArray(scopes) ? scopes : [scopes];
    const session = await this.auth.getSession(MICROSOFT_AUTH_PROVIDER, wanted.length ? wanted : [FOUNDRY_SCOPE], { silent: true });
    if (!session) {
      throw new CredentialUnavailableError('Not signed in to Azure in VS Code: run "Hybrid Agent: Sign in to Azure" (or set hybridAgent.cloud.auth to defaultAzureCredential).');
    }
    return { token: session.accessToken, expiresOnTimestamp: this.now() + ASSUMED_LIFETIME_MS };
  }
}

/** The interactive sign-in behind the "Sign in to Azure" command. Returns the account label, or undefined if dismissed. */
export async function signInToAzure(auth: AuthApi): Promise<string | undefined> {
  const session = await auth.getSession(MICROSOFT_AUTH_PROVIDER, [FOUNDRY_SCOPE], { createIfNone: true });
  return session?.account.label;
}
