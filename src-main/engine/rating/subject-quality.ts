import type { QualityResult } from '../../../src-preload/contract/rating-result.js';
import type { EngineConfig } from '../config.js';
import type { FaceReport } from '../faces/face.analyzer.js';
import { decodeRegion } from '../image/decode-region.js';
import type { DecodedImage } from '../image/decode.js';
import type { RawImage } from '../image/raw-image.js';
import { cropInterleaved } from '../quality/borders.js';
import { isAcceptable } from '../quality/quality.analyzer.js';
import { mainFaceIndex, measureSubject, subjectChecks, subjectRegion, SUBJECT_MAX_PX } from '../quality/subject.js';

/** The region from the working image, when the file cannot be decoded in part (HEIC). */
function fromWorking(working: RawImage, region: { left: number; top: number; width: number; height: number }, scale: number): RawImage {
  const box = {
    left: Math.min(working.width - 1, Math.floor(region.left * scale)),
    top: Math.min(working.height - 1, Math.floor(region.top * scale)),
    width: 0,
    height: 0,
  };
  box.width = Math.max(1, Math.min(working.width - box.left, Math.round(region.width * scale)));
  box.height = Math.max(1, Math.min(working.height - box.top, Math.round(region.height * scale)));
  const data = cropInterleaved(working.data, working.width, 3, box, (length) => Buffer.alloc(length));
  return { data, width: box.width, height: box.height, channels: 3 };
}

/**
 * Adds what the faces tell about quality to the frame-wide verdicts (mutating `quality`): no face,
 * closed eyes, and the main face measured at full resolution (soft face, soft eyes, face blown out).
 */
export async function addFaceQuality(quality: QualityResult, report: FaceReport, bytes: Buffer, decoded: DecodedImage, config: EngineConfig): Promise<void> {
  const raise = (issue: QualityResult['issues'][number]): void => {
    if (!quality.issues.includes(issue)) quality.issues.push(issue);
  };
  const noFace = report.face_count === 0;
  quality.checks.push({ issue: 'no_face', measure: 'face_count', value: report.face_count, comparison: '<', threshold: 1, raised: noFace });
  if (noFace) raise('no_face');
  if (report.eyes) {
    const closed = report.eyes.closed;
    quality.checks.push({ issue: 'eyes_closed', measure: 'faces_with_eyes_closed', value: closed, comparison: '>', threshold: 0, raised: closed > 0 });
    if (closed > 0) raise('eyes_closed');
  }
  if (!noFace) {
    const index = mainFaceIndex(report.faces);
    const face = report.faces[index]!;
    const region = subjectRegion(face, decoded);
    const crop =
      (await decodeRegion(bytes, region, { limits: config.limits, maxLongSide: SUBJECT_MAX_PX })) ??
      fromWorking(decoded.working, region, decoded.working.width / decoded.width);
    quality.subject = measureSubject(crop, region, face, index);
    for (const check of subjectChecks(quality.subject, config.quality)) {
      quality.checks.push(check);
      if (check.raised) raise(check.issue);
    }
  }
  quality.is_acceptable = isAcceptable(quality.issues);
}
