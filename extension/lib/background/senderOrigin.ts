import { webOriginOf } from '../webOrigin.ts';

/** What the router needs to know about a message's sender (runtime.MessageSender subset). */
export interface SenderInfo {
  id?: string;
  origin?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

/**
 * The page origin a content-script message came from, taken from what the browser says about
 * the sender — never from the message, so a page can't claim to be another partner.
 * Only our own extension's content scripts in a top-level frame qualify.
 */
export function senderPageOrigin(sender: SenderInfo, extensionId: string): string | undefined {
  if (sender.id !== extensionId) return undefined;
  if (sender.tab === undefined || sender.frameId !== 0) return undefined;
  const fromTab = webOriginOf(sender.tab.url);
  const fromSender = sender.origin ?? webOriginOf(sender.url);
  // When the browser reports both, they must agree (a navigation between send and receive).
  if (fromTab !== undefined && fromSender !== undefined && fromTab !== fromSender) return undefined;
  return fromSender ?? fromTab;
}
