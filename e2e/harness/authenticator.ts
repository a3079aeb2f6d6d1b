import type { CDPSession, Page, Protocol } from 'puppeteer-core';

export interface AuthenticatorProfile {
  /** 'internal' = this device's platform authenticator; 'cable' = a phone reached over hybrid. */
  transport: 'internal' | 'cable' | 'usb';
  /** Synced passkeys (iCloud Keychain, Google Password Manager) are backup eligible; Windows Hello's are not. */
  synced?: boolean;
}

export type VirtualCredential = Protocol.WebAuthn.Credential;

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
    const synced = profile.synced ?? false;
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: profile.transport,
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
        defaultBackupEligibility: synced,
        defaultBackupState: synced,
      },
    });
    return new VirtualAuthenticator(cdp, authenticatorId);
  }

  async credentials(): Promise<VirtualCredential[]> {
    const { credentials } = await this.cdp.send('WebAuthn.getCredentials', { authenticatorId: this.authenticatorId });
    return credentials;
  }

  /**
   * Puts a credential (private key included) exported from another authenticator into this
   * one: how a tab "reaches" the phone that holds a passkey.
   */
  async addCredential(credential: VirtualCredential): Promise<void> {
    await this.cdp.send('WebAuthn.addCredential', { authenticatorId: this.authenticatorId, credential });
  }

  /** Simulates the passkey being deleted on the device. CDP ids are standard base64. */
  async removeCredential(credentialId: string): Promise<void> {
    await this.cdp.send('WebAuthn.removeCredential', { authenticatorId: this.authenticatorId, credentialId });
  }

  /**
   * Off: the authenticator waits for a touch that never comes, so a ceremony stays in flight
   * (the passkey spinner stays up) until the page aborts it or it times out.
   */
  async setAutomaticPresence(enabled: boolean): Promise<void> {
    await this.cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId: this.authenticatorId, enabled });
  }

  async setUserVerified(isUserVerified: boolean): Promise<void> {
    await this.cdp.send('WebAuthn.setUserVerified', { authenticatorId: this.authenticatorId, isUserVerified });
  }

  /** The authenticator leaves the tab (the phone walks away). */
  async detach(): Promise<void> {
    await this.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: this.authenticatorId });
  }
}
