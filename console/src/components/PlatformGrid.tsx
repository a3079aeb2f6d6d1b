import type { Platform } from '@pkc/shared';
import { OPERATING_SYSTEMS, OS_LABELS, hasPlatform, platformKey, platformLabel, togglePlatform } from '../forms/platforms.ts';
import { FieldError } from './Field.tsx';

interface PlatformGridProps {
  /** The policy path ("rollout.loginPlatforms"): error and test ids derive from it. */
  name: string;
  legend: string;
  testIdPrefix: string;
  value: readonly Platform[];
  onChange: (value: Platform[]) => void;
  error: string | undefined;
  disabled?: boolean;
}

const FORM_FACTORS = [false, true] as const;

/** Operating systems × desktop/mobile as checkboxes; none ticked means every platform. */
export function PlatformGrid({ name, legend, testIdPrefix, value, onChange, error, disabled = false }: PlatformGridProps) {
  return (
    <fieldset class="platforms" disabled={disabled}>
      <legend>{legend}</legend>
      <p class="hint" role="status">
        {value.length === 0 ? 'All platforms (none ticked).' : `Only: ${value.map(platformLabel).join(', ')}.`}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">System</th>
            <th scope="col">Desktop</th>
            <th scope="col">Mobile</th>
          </tr>
        </thead>
        <tbody>
          {OPERATING_SYSTEMS.map((os) => (
            <tr key={os}>
              <th scope="row">{OS_LABELS[os]}</th>
              {FORM_FACTORS.map((mobile) => {
                const platform = { os, mobile };
                return (
                  <td key={String(mobile)}>
                    <input
                      type="checkbox"
                      aria-label={platformLabel(platform)}
                      checked={hasPlatform(value, platform)}
                      data-testid={`${testIdPrefix}-${platformKey(platform)}`}
                      onChange={(event) => onChange(togglePlatform(value, platform, event.currentTarget.checked))}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <FieldError name={name} error={error} />
    </fieldset>
  );
}
