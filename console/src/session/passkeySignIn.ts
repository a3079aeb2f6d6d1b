import type { ConsoleSessionReply, EnrolOptionsBody } from '@pkc/shared';
import type { ConsoleApi } from '../api/consoleApi.ts';
import { createPasskey, getPasskey } from '../webauthn/passkeyCeremonies.ts';

type CeremonyApi = Pick<ConsoleApi, 'signInOptions' | 'signInFinish' | 'enrolOptions' | 'enrolFinish'>;

/** Sign in with a discoverable console passkey: the person picks it, no name is typed. */
export async function signInWithPasskey(api: CeremonyApi): Promise<ConsoleSessionReply> {
  const { ceremonyId, options } = await api.signInOptions();
  const response = await getPasskey(options);
  return api.signInFinish({ ceremonyId, response });
}

/**
 * A new console passkey, and with it a new owner: of the invite's site, or (self-service, no
 * invite) of no site yet. The reply is a signed-in session.
 */
export async function enrolWithPasskey(api: CeremonyApi, body: EnrolOptionsBody): Promise<ConsoleSessionReply> {
  const { ceremonyId, options } = await api.enrolOptions(body);
  const response = await createPasskey(options);
  return api.enrolFinish({ ceremonyId, response });
}
