import { EVENTS_PER_USER, type EventRecord } from './records.ts';

/** The history with `event` appended, bounded to EVENTS_PER_USER (a new array; the old one is shared with readers). */
export function appendToHistory(history: readonly EventRecord[], event: EventRecord): EventRecord[] {
  const next = [...history, event];
  if (next.length > EVENTS_PER_USER) next.splice(eventToDrop(next), 1);
  return next;
}

/**
 * Which event a full history gives up (its index). Decisions read only a device's events since
 * its latest fresh start, a passkey success or a new passkey (intelligence/history.ts), so an
 * event before its device's latest fresh start goes first: nothing reads it. Next, the oldest
 * failure report from a device that never signed in with a passkey nor created one here:
 * anyone can send those for a known username, claiming any device, and a flood of them must
 * not push out the person's own failures on her own device, or her repeated failures would
 * never reach the fallback (seed 003; security review round 2, finding 7). Then the oldest
 * event of the kind the history holds most of, never a device's latest fresh start: counts
 * that decisions need keep growing, and a flood of one kind ends up pushing out only its own
 * kind, not a "not on this device" (F6).
 */
export function eventToDrop(events: readonly EventRecord[]): number {
  const latestStart = new Map<string, number>();
  events.forEach((event, i) => {
    if (event.type === 'login-success' || event.type === 'append-create') latestStart.set(event.devicePseudonym, i);
  });
  const superseded = events.findIndex((event, i) => i < (latestStart.get(event.devicePseudonym) ?? -1));
  if (superseded !== -1) return superseded;
  const unproven = events.findIndex((event) => event.type === 'login-failure' && !latestStart.has(event.devicePseudonym));
  if (unproven !== -1) return unproven;
  const kept = new Set(latestStart.values());
  const counts = new Map<string, number>();
  events.forEach((event, i) => {
    if (!kept.has(i)) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
  });
  let commonest: string | undefined;
  let most = 0;
  // In history order, so a tie goes to the kind whose oldest event is oldest.
  events.forEach((event, i) => {
    const count = counts.get(event.type) ?? 0;
    if (!kept.has(i) && count > most) {
      most = count;
      commonest = event.type;
    }
  });
  return Math.max(
    0,
    events.findIndex((event, i) => event.type === commonest && !kept.has(i)),
  );
}
