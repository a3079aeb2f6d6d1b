import type { ConsoleSiteReply, SiteAuditReply } from '@pkc/shared';
import type { ConsoleApi } from '../../api/consoleApi.ts';
import { LoadFailed, Loading } from '../../components/LoadFailed.tsx';
import { formatMoment } from '../../format.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { usePageTitle } from '../../hooks/usePageTitle.ts';

type AuditAction = SiteAuditReply['entries'][number]['action'];

const ACTION_LABELS: Record<AuditAction, string> = {
  'site-added': 'Site added',
  'policy-changed': 'Policy changed',
  'secret-rotated': 'Secret rotated',
  'origins-verified': 'Origins verified',
  'settings-changed': 'Origins or login callback changed',
  'owner-invited': 'Owner invited',
  'owner-added': 'Owner added',
  'owner-removed': 'Owner removed',
};

/** Who changed what on the site, and when, newest first (never a secret). */
export function AuditPage({ api, site }: { api: ConsoleApi; site: ConsoleSiteReply }) {
  usePageTitle(`${site.name} · Audit`);
  const [audit, reload] = useLoad(() => api.siteAudit(site.siteId), [site.siteId]);
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit</h2>
      {audit.status === 'loading' && <Loading what="the audit list" />}
      {audit.status === 'failed' && <LoadFailed error={audit.error} retry={reload} />}
      {audit.status === 'ready' &&
        (audit.value.entries.length === 0 ? (
          <p>Nothing has changed yet.</p>
        ) : (
          <table class="audit">
            <caption class="visually-hidden">Changes to {site.name}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {audit.value.entries.map((entry, index) => (
                // Entries have no id; the list is replaced whole, never reordered in place.
                <tr key={index} data-testid="console-audit-entry">
                  <td>
                    <time dateTime={entry.at}>{formatMoment(entry.at)}</time>
                  </td>
                  <td>{entry.actor}</td>
                  <td>{ACTION_LABELS[entry.action]}</td>
                  <td class="detail">{entry.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
