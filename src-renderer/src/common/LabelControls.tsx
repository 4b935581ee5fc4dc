import { COLOR_LABELS, type ColorLabel } from '../../../src-preload/contract/library-types.js';
import { useAppStore } from '../store/app-store.ts';
import { TEST_IDS } from '../test-ids.ts';

/** The key of each label: Lightroom's 6–9, and V (violet) for purple, which Lightroom leaves without one. */
export const LABEL_KEYS: Record<ColorLabel, string> = { red: '6', yellow: '7', green: '8', blue: '9', purple: 'V' };

export function labelName(label: ColorLabel): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** A coloured dot on a tile or beside the marks; nothing for no label. */
export function LabelBadge({ label }: { label: ColorLabel | null }) {
  if (!label) return null;
  return <span className={`label-badge label-${label}`} data-testid={TEST_IDS.labelBadge} data-label={label} title={`${labelName(label)} label`} aria-label={`${labelName(label)} label`} />;
}

/** Five label buttons; clicking the current one clears it (as pressing its key again does). */
export function LabelButtons({ photoId, label }: { photoId: number; label: ColorLabel | null }) {
  const setLabel = useAppStore((state) => state.setLabel);
  return (
    <span className="label-buttons" title="Colour label (6–9, V)">
      {COLOR_LABELS.map((value) => (
        <button
          key={value}
          type="button"
          className={`label-button label-${value} ${label === value ? 'label-on' : ''}`}
          aria-pressed={label === value}
          aria-label={`${labelName(value)} label (${LABEL_KEYS[value]})`}
          title={`${labelName(value)} (${LABEL_KEYS[value]})`}
          onClick={() => void setLabel(photoId, label === value ? null : value)}
        />
      ))}
    </span>
  );
}
