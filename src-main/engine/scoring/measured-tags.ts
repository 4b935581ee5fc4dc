import type { DetectedFace, QualityResult, Tag } from '../../../src-preload/contract/rating-result.js';
import { ramp, round3 } from './shapes.js';

/**
 * Tags from measured facts only, never guessed: frame orientation, how faces fill the frame,
 * black-and-white, high- and low-key. Each comes with the fact behind it.
 */
export const MAX_TAGS = 7;

export type MeasuredTag = Tag & { because: string };

/** How many people are in the picture, smallest count first: one photo carries one of them. */
const PEOPLE_COUNT_TAGS = ['1 person', 'duo', 'group'];

/** `measured` are tags other analyzers measured (the body's framing, the scene's objects), ranked with these. */
export function measuredTags(quality: QualityResult, faces: DetectedFace[] | null, measured: MeasuredTag[] = []): MeasuredTag[] {
  const tags: MeasuredTag[] = [...measured];
  const { width, height, exposure } = quality;
  const aspect = width / height;
  if (aspect > 1.05) tags.push({ tag: 'horizontal', confidence: 1, because: `${width}×${height}` });
  else if (aspect < 0.95) tags.push({ tag: 'vertical', confidence: 1, because: `${width}×${height}` });
  else tags.push({ tag: 'square', confidence: 1, because: `${width}×${height}` });

  if (faces && faces.length > 0) {
    const area = (face: DetectedFace): number => (face.box.width * face.box.height) / (width * height);
    const largest = faces.reduce((best, face) => (area(face) > area(best) ? face : best));
    if (faces.length <= 2 && area(largest) >= 0.01) {
      tags.push({ tag: 'portrait', confidence: round3(largest.score), because: `${faces.length} face(s), the largest ${(area(largest) * 100).toFixed(1)} % of the frame` });
    }
    if (area(largest) >= 0.12) tags.push({ tag: 'close-up', confidence: round3(largest.score * ramp(area(largest), 0.12, 0.25)), because: `face covers ${(area(largest) * 100).toFixed(1)} % of the frame` });
    if (faces.length === 2) tags.push({ tag: 'duo', confidence: round3(Math.min(...faces.map((face) => face.score))), because: '2 faces' });
    if (faces.length >= 3) tags.push({ tag: 'group', confidence: round3(faces[2]!.score), because: `${faces.length} faces` });
  }
  if (exposure.neutral_fraction >= 0.97) {
    tags.push({ tag: 'black-and-white', confidence: round3(ramp(exposure.neutral_fraction, 0.97, 1)), because: `${(exposure.neutral_fraction * 100).toFixed(1)} % of pixels without colour` });
  }
  if (exposure.midtone_mean >= 0.62 && exposure.clipped_shadows < 0.02) {
    tags.push({ tag: 'high-key', confidence: round3(ramp(exposure.midtone_mean, 0.62, 0.75)), because: `midtones at ${exposure.midtone_mean}, almost no deep shadow` });
  }
  if (exposure.mean_luminance <= 0.28 && exposure.contrast >= 0.15 && exposure.clipped_highlights < 0.05) {
    tags.push({ tag: 'low-key', confidence: round3(ramp(exposure.mean_luminance, 0.28, 0.15)), because: `mean luma ${exposure.mean_luminance} with contrast ${exposure.contrast}` });
  }
  // Two analyzers may measure the same tag (faces and object detection both count a duo): once, at its best.
  const best = new Map<string, MeasuredTag>();
  for (const tag of tags) if (tag.confidence > 0 && (best.get(tag.tag)?.confidence ?? -1) < tag.confidence) best.set(tag.tag, tag);
  // Faces and object detection may count differently (a child's face beside two people the
  // detector sees): the larger count is the one a witness saw; detectors miss people far more
  // often than they invent them (faces on animals are already dropped).
  const counted = PEOPLE_COUNT_TAGS.filter((tag) => best.has(tag));
  for (const smaller of counted.slice(0, -1)) best.delete(smaller);
  return [...best.values()].sort((a, b) => b.confidence - a.confidence).slice(0, MAX_TAGS);
}
