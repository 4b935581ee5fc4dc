import type { ReactNode } from 'react';
import type { UnavailableField } from '../../../src-preload/contract/rating-result.js';
import { unavailableReason } from './unavailable.ts';

type FactProps = {
  label: string;
  /** null renders as "not measured", with the reason `unavailable` gives for `field`. */
  value: ReactNode | null;
  field?: string;
  unavailable?: UnavailableField[];
};

/** One label/value row; a missing value says so and why, instead of showing a blank or a zero. */
export function Fact({ label, value, field, unavailable }: FactProps) {
  const reason = value === null && field && unavailable ? unavailableReason(unavailable, field) : null;
  return (
    <>
      <dt>{label}</dt>
      <dd className={value === null ? 'missing' : undefined}>
        {value === null ? (
          <>
            not measured{reason && <span className="missing-reason"> — {reason}</span>}
          </>
        ) : (
          value
        )}
      </dd>
    </>
  );
}

export function yesNo(value: boolean | null): string | null {
  return value === null ? null : value ? 'yes' : 'no';
}
