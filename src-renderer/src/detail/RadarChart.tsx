import { DIMENSION_GROUPS, type DimensionGroup, type DimensionKey, type DimensionScores } from '../../../src-preload/contract/rating-result.js';
import { humanize } from '../common/format.ts';
import { TEST_IDS } from '../test-ids.ts';

const GROUP_ORDER: DimensionGroup[] = ['face', 'appearance', 'photography'];
const GROUP_TITLES: Record<DimensionGroup, string> = { face: 'Face', appearance: 'Appearance', photography: 'Photography' };
const AXES: Array<{ key: DimensionKey; group: DimensionGroup }> = GROUP_ORDER.flatMap((group) => DIMENSION_GROUPS[group].map((key) => ({ key, group })));

// Wider than tall: labels run sideways off the left and right axes.
const WIDTH = 540;
const HEIGHT = 380;
const CENTER_X = WIDTH / 2;
const CENTER_Y = HEIGHT / 2;
const RADIUS = 128;
const RINGS = [2, 4, 6, 8, 10];

function angleOf(index: number, count: number): number {
  return -Math.PI / 2 + (index * 2 * Math.PI) / count;
}

function pointAt(index: number, value: number, count: number): [number, number] {
  const angle = angleOf(index, count);
  const distance = (value / 10) * RADIUS;
  return [CENTER_X + Math.cos(angle) * distance, CENTER_Y + Math.sin(angle) * distance];
}

/** "facial_skin_tone" → "skin tone": the group already says "face". */
function axisLabel(key: DimensionKey): string {
  return humanize(key.replace(/^facial_/, '')).toLowerCase();
}

/** An annular sector behind one group's axes, so the three groups read as regions. */
function groupSector(group: DimensionGroup, axes: typeof AXES): string | null {
  const indices = axes.flatMap((axis, index) => (axis.group === group ? [index] : []));
  if (indices.length === 0) return null;
  const half = Math.PI / axes.length;
  const start = angleOf(indices[0]!, axes.length) - half;
  const end = angleOf(indices[indices.length - 1]!, axes.length) + half;
  const outer = RADIUS + 6;
  const large = end - start > Math.PI ? 1 : 0;
  const p = (angle: number, r: number) => `${(CENTER_X + Math.cos(angle) * r).toFixed(1)} ${(CENTER_Y + Math.sin(angle) * r).toFixed(1)}`;
  return `M ${CENTER_X} ${CENTER_Y} L ${p(start, outer)} A ${outer} ${outer} 0 ${large} 1 ${p(end, outer)} Z`;
}

/**
 * The 18 dimension scores on one radar, grouped Face / Appearance / Photography. A missing (null)
 * dimension is never drawn as zero: its axis is dashed, its marker hollow at the rim with "n/a",
 * and the outline breaks around it instead of dipping to the centre.
 */
export function RadarChart({ scores, showMissing = true }: { scores: DimensionScores; showMissing?: boolean }) {
  // Measured axes only, unless asked (or too few are measured to make a polygon).
  const measured = AXES.filter(({ key }) => scores[key] !== null && scores[key] !== undefined);
  const axes = showMissing || measured.length < 3 ? AXES : measured;
  const count = axes.length;
  const values = axes.map(({ key }) => scores[key]);
  const wedges: string[] = [];
  const edges: Array<[number, number]> = [];
  values.forEach((value, index) => {
    const nextIndex = (index + 1) % count;
    const next = values[nextIndex];
    if (value === null || value === undefined || next === null || next === undefined) return;
    const [x1, y1] = pointAt(index, value, count);
    const [x2, y2] = pointAt(nextIndex, next, count);
    wedges.push(`M ${CENTER_X} ${CENTER_Y} L ${x1.toFixed(1)} ${y1.toFixed(1)} L ${x2.toFixed(1)} ${y2.toFixed(1)} Z`);
    edges.push([index, nextIndex]);
  });

  return (
    <svg className="radar-chart" data-testid={TEST_IDS.radarChart} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Dimension scores radar chart">
      {GROUP_ORDER.map((group) => {
        const sector = groupSector(group, axes);
        return sector && <path key={group} d={sector} className={`radar-sector radar-sector-${group}`} />;
      })}
      {RINGS.map((ring) => (
        <circle key={ring} cx={CENTER_X} cy={CENTER_Y} r={(ring / 10) * RADIUS} className="radar-ring" />
      ))}
      {axes.map(({ key }, index) => {
        const [x, y] = pointAt(index, 10, count);
        return <line key={key} x1={CENTER_X} y1={CENTER_Y} x2={x} y2={y} className={values[index] === null ? 'radar-axis radar-axis-missing' : 'radar-axis'} />;
      })}
      <path d={wedges.join(' ')} className="radar-area" />
      {edges.map(([from, to]) => {
        const [x1, y1] = pointAt(from, values[from]!, count);
        const [x2, y2] = pointAt(to, values[to]!, count);
        return <line key={`${from}-${to}`} x1={x1} y1={y1} x2={x2} y2={y2} className="radar-edge" />;
      })}
      {axes.map(({ key, group }, index) => {
        const value = values[index] ?? null;
        const missing = value === null;
        const [x, y] = missing ? pointAt(index, 10, count) : pointAt(index, value, count);
        const [labelX, labelY] = pointAt(index, 11.3, count);
        const anchor = Math.abs(labelX - CENTER_X) < 8 ? 'middle' : labelX > CENTER_X ? 'start' : 'end';
        // Two lines (name, then value) keep the side labels inside the frame; top and bottom
        // labels grow away from the chart.
        const nameY = labelY < CENTER_Y - RADIUS ? labelY - 14 : labelY > CENTER_Y + RADIUS ? labelY : labelY - 7;
        return (
          <g key={key} data-testid={TEST_IDS.radarPoint} data-dimension={key} data-missing={missing} data-value={value ?? ''} className={`radar-point radar-point-${group}`}>
            <circle cx={x} cy={y} r={missing ? 4.5 : 4} className={missing ? 'radar-dot radar-dot-missing' : 'radar-dot'} />
            <text x={labelX} y={nameY} textAnchor={anchor} dominantBaseline="middle" className={missing ? 'radar-label radar-label-missing' : 'radar-label'}>
              <tspan>{axisLabel(key)}</tspan>
              <tspan x={labelX} dy={14} className="radar-value">
                {missing ? 'n/a' : value.toFixed(1)}
              </tspan>
            </text>
            <title>{`${humanize(key)} (${GROUP_TITLES[group]}): ${missing ? 'not measured' : `${value.toFixed(1)} / 10`}`}</title>
          </g>
        );
      })}
      {GROUP_ORDER.map((group, groupIndex) => (
        <text key={group} x={16} y={HEIGHT - 46 + groupIndex * 16} className={`radar-legend radar-legend-${group}`}>
          ■ {GROUP_TITLES[group]}
        </text>
      ))}
    </svg>
  );
}

export { AXES as RADAR_AXES, GROUP_ORDER, GROUP_TITLES };
