import type { CDPSession, Page } from 'puppeteer-core';

export interface AuthenticatorProfile {
  /** 'internal' = this device's platform authenticator; 'cable' = a phone reached over hybrid. */
  transport: 'internal' | 'cable' | 'usb';
}

export interface VirtualCredential {
  credentialId: string;
  rpId?: string;
  isResidentCredential: boolean;
  signCount: number;
  userHandle?: string;
}

/**
 * A CDP virtual authenticator attached to one tab (E2E-HARNESS.md): real WebAuthn ceremonies,
 * no UI. It survives navigation within the tab.
 */
export class VirtualAuthenticator {
  private constructor(
    private readonly cdp: CDPSession,
    readonly authenticatorId: string,
  ) {}

  static async attach(page: Page, profile: AuthenticatorProfile = { transport: 'internal' }): Promise<VirtualAuthenticator> {
    const cdp = await page.createCDPSession();
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: profile.transport,
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return new VirtualAuthenticator(cdp, authenticatorId);
  }

  async credentials(): Promise<VirtualCredential[]> {
    const { credentials } = await this.cdp.send('WebAuthn.getCredentials', { authenticatorId: this.authenticatorId });
    return credentials;
  }

  /** Simulates the passkey being deleted on the device. CDP ids are standard base64. */
  async removeCredential(credentialId: string): Promise<void> {
    await this.cdp.send('WebAuthn.removeCredential', { authenticatorId: this.authenticatorId, credentialId });
  }

  async setUserVerified(isUserVerified: boolean): Promise<void> {
    await this.cdp.send('WebAuthn.setUserVerified', { authenticatorId: this.authenticatorId, isUserVerified });
  }
}

/** CDP reports credential ids as standard base64; the server speaks base64url. */
export function base64ToBase64url(id: string): string {
  return id.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
