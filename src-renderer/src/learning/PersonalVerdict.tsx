import type { PersonalWhy } from '../../../src-preload/contract/rating-result.js';
import { formatNumber, formatPercent, formatScore, humanize } from '../common/format.ts';
import { Fact } from '../detail/Fact.tsx';
import { TEST_IDS } from '../test-ids.ts';

const VERDICTS: Record<PersonalWhy['verdict'], string> = { keep: 'keep', review: 'unsure: review', reject: 'reject' };

/** What the personal model made of this photo, which version, why, and the built-in values it replaced. */
export function PersonalVerdict({ personal }: { personal: PersonalWhy }) {
  return (
    <section className="personal-verdict" data-testid={TEST_IDS.personalVerdict}>
      <h4>Your model (v{personal.version})</h4>
      <dl>
        <Fact label="Verdict" value={<strong>{VERDICTS[personal.verdict]}</strong>} />
        <Fact label="Keep probability" value={formatPercent(personal.probability)} />
        <Fact label="Score" value={personal.blend.formula} />
        <Fact
          label="Pulled by"
          value={personal.because.map((entry) => `${humanize(entry.feature)} ${entry.contribution >= 0 ? '+' : '−'}${formatNumber(Math.abs(entry.contribution), 2)}`).join(', ')}
        />
        <Fact
          label="Built-in"
          value={`score ${personal.builtin.score === null ? '—' : formatScore(personal.builtin.score)}, portfolio ${personal.builtin.portfolio_prob === null ? '—' : formatPercent(personal.builtin.portfolio_prob)}, review ${personal.builtin.needs_review ? 'yes' : 'no'}`}
        />
      </dl>
    </section>
  );
}
