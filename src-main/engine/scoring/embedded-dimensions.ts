import type { DetectedFace, DimensionKey, QualityResult } from '../../../src-preload/contract/rating-result.js';
import type { BodyReport } from '../body/body.analyzer.js';
import { bodyComposition, bodyProportion, trustedPose } from './body-measures.js';
import type { BackgroundMeasures, FaceMeasures } from './region-measures.js';
import { skinQualityVerdict, skinToneVerdict } from './skin-measures.js';
import { ramp, round1, round3, tent } from './shapes.js';

/**
 * The dimensions pixels and faces can honestly support, each with its formula (0–10). The others
 * (skin quality, hair, clothing, expression, …) need semantic understanding and stay null at the
 * embedded level; the AI pack scores them.
 */
export type DimensionVerdict = { value: number; formula: string; measures: Record<string, number> };

export type EmbeddedInputs = {
  quality: QualityResult;
  /** Faces, best first, in full-image pixels; null when no detector ran. */
  faces: DetectedFace[] | null;
  /** Measures of the largest face; null without faces. */
  face: FaceMeasures | null;
  background: BackgroundMeasures | null;
  /** The body analyzer's report (person mask and pose); null or absent when it did not run. */
  body?: BodyReport | null;
};

function largestFace(faces: DetectedFace[]): DetectedFace {
  return faces.reduce((best, face) => (face.box.width * face.box.height > best.box.width * best.box.height ? face : best));
}

export function embeddedDimensions(inputs: EmbeddedInputs): Partial<Record<DimensionKey, DimensionVerdict>> {
  const { quality, faces, face, background } = inputs;
  const body = inputs.body ?? null;
  const { exposure } = quality;
  const out: Partial<Record<DimensionKey, DimensionVerdict>> = {};

  // Lighting: start from 10 and take off for clipped highlights, crushed shadows, midtones far
  // from middle grey and flat contrast.
  const penalties = {
    highlights: 4 * ramp(exposure.clipped_highlights, 0.02, 0.25),
    shadows: 3 * ramp(exposure.clipped_shadows, 0.08, 0.4),
    midtones: 4 * ramp(Math.abs(exposure.midtone_mean - 0.5), 0.15, 0.4),
    flatness: 3 * ramp(exposure.contrast, 0.12, 0.04),
  };
  out.lighting = {
    value: round1(Math.max(0, 10 - penalties.highlights - penalties.shadows - penalties.midtones - penalties.flatness)),
    formula: '10 − 4·ramp(clipped_highlights, 2 %→25 %) − 3·ramp(clipped_shadows, 8 %→40 %) − 4·ramp(|midtone_mean − 0.5|, 0.15→0.40) − 3·ramp(contrast, 0.12→0.04)',
    measures: { clipped_highlights: exposure.clipped_highlights, clipped_shadows: exposure.clipped_shadows, midtone_mean: exposure.midtone_mean, contrast: exposure.contrast },
  };

  // Professional quality: resolution, sharpness, clean exposure, no letterbox.
  const exposureClean = quality.issues.some((issue) => issue === 'overexposed' || issue === 'underexposed') ? 0 : 1;
  const unframed = quality.borders.letterboxed ? 0 : 1;
  // Focus (contrast- and noise-independent) where measured; the Laplacian height in older results.
  const detail = quality.focus ? ramp(quality.focus.focus, 60, 180) : ramp(quality.sharpness, 15, 80);
  out.professional_quality = {
    value: round1(10 * (0.3 * ramp(quality.megapixels, 0.3, 12) + 0.4 * detail + 0.15 * exposureClean + 0.15 * unframed)),
    formula: quality.focus
      ? '10 × (0.30·ramp(megapixels, 0.3→12) + 0.40·ramp(focus, 60→180) + 0.15·[no exposure issue] + 0.15·[no letterbox])'
      : '10 × (0.30·ramp(megapixels, 0.3→12) + 0.40·ramp(sharpness, 15→80) + 0.15·[no exposure issue] + 0.15·[no letterbox])',
    measures: { megapixels: quality.megapixels, ...(quality.focus ? { focus: quality.focus.focus } : { sharpness: quality.sharpness }), exposure_clean: exposureClean, unframed },
  };

  const proportion = bodyProportion(body, faces, quality.width, quality.height);
  if (proportion) out.body_proportion = proportion;
  // A person's pose frames the composition (headroom, limbs cut at joints); without one, the main face does.
  const personComposition = bodyComposition(body, faces, quality.width, quality.height);
  if (personComposition) out.composition = personComposition;
  if (background) {
    out.background = {
      value: round1(10 * (0.6 * ramp(background.separation, 1, 3) + 0.4 * ramp(background.clutter, 14, 2))),
      formula: trustedPose(body, faces, quality.width, quality.height)
        ? '10 × (0.6·ramp(person/background P99 sharpness, 1→3) + 0.4·ramp(background median |Laplacian|, 14→2)), the subject = the person segmentation mask'
        : '10 × (0.6·ramp(subject/background P99 sharpness, 1→3) + 0.4·ramp(background median |Laplacian|, 14→2)), the subject = the face boxes grown by a quarter',
      measures: { separation: background.separation, clutter: background.clutter },
    };
  }

  if (!faces || faces.length === 0 || !face) return out;
  const main = largestFace(faces);

  out.facial_brightness = {
    value: round1(10 * tent(face.brightness, 0.1, 0.38, 0.68, 0.95)),
    formula: '10 × trapezoid(face mean luma: 0 at 0.10, full 0.38–0.68, 0 at 0.95)',
    measures: { face_brightness: face.brightness },
  };
  const skinTone = skinToneVerdict(face.skin);
  if (skinTone) out.facial_skin_tone = skinTone;
  const skinQuality = skinQualityVerdict(face.skin);
  if (skinQuality) out.skin_quality = skinQuality;
  const faceFocus = quality.subject?.face_focus ?? null;
  out.facial_clarity =
    faceFocus !== null
      ? {
          // The main face at full resolution (quality/subject.ts): a soft face in a large photo shows.
          value: round1(10 * ramp(faceFocus, 50, 150)),
          formula: '10 × ramp(main face focus at full resolution, 50→150)',
          measures: { face_focus: faceFocus },
        }
      : {
          value: round1(10 * ramp(face.sharpness, 6, 45)),
          formula: '10 × ramp(face sharpness at 256 px, 6→45)',
          measures: { face_sharpness: face.sharpness },
        };

  // Composition of the main face: where its eyes sit, its size, and the frame not cutting it.
  const width = quality.width;
  const height = quality.height;
  const centreX = (main.box.x + main.box.width / 2) / width;
  const eyes = main.keypoints.filter((point) => point.name.endsWith('_eye'));
  const eyeLine = eyes.length ? eyes.reduce((sum, point) => sum + point.y, 0) / eyes.length / height : (main.box.y + main.box.height * 0.4) / height;
  const horizontal = 1 - ramp(Math.min(...[1 / 3, 1 / 2, 2 / 3].map((line) => Math.abs(centreX - line))), 0.05, 0.25);
  const vertical = tent(eyeLine, 0.08, 0.22, 0.48, 0.75);
  const areaRatio = (main.box.width * main.box.height) / (width * height);
  const size = tent(areaRatio, 0.003, 0.02, 0.3, 0.7);
  const margin = 0.01;
  const cut = main.box.x < width * margin || main.box.y < height * margin || main.box.x + main.box.width > width * (1 - margin);
  out.composition ??= {
    value: round1(10 * (0.3 * horizontal + 0.3 * vertical + 0.2 * size + 0.2 * (cut ? 0 : 1))),
    formula: '10 × (0.3·[face centre near a third or the middle] + 0.3·[eye line in the upper part, 22–48 %] + 0.2·[face area 2–30 %] + 0.2·[face not cut by the frame])',
    measures: { face_centre_x: round3(centreX), eye_line_y: round3(eyeLine), face_area_ratio: round3(areaRatio), face_cut: cut ? 1 : 0 },
  };

  return out;
}
