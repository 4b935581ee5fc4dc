import type { DetectedFace } from '../../../src-preload/contract/rating-result.js';
import { MIN_POSE_PRESENCE, type BodyReport, type NormalisedLandmark } from '../body/body.analyzer.js';
import type { PoseLandmarkName } from '../body/pose.js';
import type { DimensionVerdict } from './embedded-dimensions.js';
import type { MeasuredTag } from './measured-tags.js';
import { ramp, round1, round3, tent } from './shapes.js';

/**
 * What the body's pose and the person mask say about framing, proportion and composition. Every
 * value is read off landmarks the pose model reports as seen (visibility ≥ 0.6, inside the frame),
 * in fractions of the frame; a landmark the model only guesses (hidden, past the edge) decides
 * nothing.
 */
export const SEEN_VISIBILITY = 0.6;
/** A face at least this tall (over the frame's height) frames a headshot even when no body pose is found. */
const HEADSHOT_FACE_HEIGHT = 0.2;
/** The head offset a face-vouched pose needs (the strict person test asks 0.3). */
const FACE_VOUCHED_HEAD_OFFSET = 0.15;
/** A joint this close to the frame's edge (fraction of the frame) is where the frame cuts the limb. */
const EDGE = 0.04;

type Landmarks = Record<PoseLandmarkName, NormalisedLandmark>;
type Point = { x: number; y: number };

const inFrame = (point: Point): boolean => point.x >= 0 && point.x <= 1 && point.y >= 0 && point.y <= 1;
const seen = (point: NormalisedLandmark): boolean => point.visibility >= SEEN_VISIBILITY && inFrame(point);
const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

/** Distances in a frame of `aspect` = width / height: x and y are fractions of different lengths. */
function distance(a: Point, b: Point, aspect: number): number {
  return Math.hypot((a.x - b.x) * aspect, a.y - b.y);
}

/**
 * The pose the measures may read: the body analyzer's person, or a pose whose nose lies in a face
 * the face detector found and whose head is beyond its shoulders (the face vouches for the body,
 * e.g. a child looking down whose head the strict person test does not pass). Null otherwise: a cockatoo's "pose" frames nothing.
 */
export function trustedPose(body: BodyReport | null, faces: DetectedFace[] | null, width: number, height: number): Landmarks | null {
  if (!body?.pose || body.pose.presence < MIN_POSE_PRESENCE) return null;
  if (body.person) return body.pose.landmarks;
  // Even vouched for, a pose whose nose is not clearly beyond the shoulders is a misread (a close
  // face crop BlazePose folds into a torso).
  if (body.pose.head_offset < FACE_VOUCHED_HEAD_OFFSET) return null;
  const nose = { x: body.pose.landmarks.nose.x * width, y: body.pose.landmarks.nose.y * height };
  const inFace = (faces ?? []).some(
    (face) => nose.x >= face.box.x - face.box.width * 0.25 && nose.x <= face.box.x + face.box.width * 1.25 && nose.y >= face.box.y - face.box.height * 0.25 && nose.y <= face.box.y + face.box.height * 1.25,
  );
  return inFace ? body.pose.landmarks : null;
}

/** How far `point` lies along the body's axis (shoulders → hips), in torso lengths from the shoulders. */
function alongBody(pose: Landmarks, point: Point, aspect: number): number {
  const shoulders = mid(pose.left_shoulder, pose.right_shoulder);
  const hips = mid(pose.left_hip, pose.right_hip);
  const axis = { x: (hips.x - shoulders.x) * aspect, y: hips.y - shoulders.y };
  const length = Math.hypot(axis.x, axis.y);
  return length === 0 ? 0 : ((point.x - shoulders.x) * aspect * axis.x + (point.y - shoulders.y) * axis.y) / (length * length);
}

/**
 * Leg length over torso length, from legs the pose sees that run away from the torso (hip, then
 * knee, then ankle further along the body, each segment at least 0.4 torso): a leg the model only
 * guesses (folded into the torso, in a head-and-shoulders crop) is none.
 */
function legRatio(pose: Landmarks, aspect: number): number | null {
  const torso = distance(mid(pose.left_shoulder, pose.right_shoulder), mid(pose.left_hip, pose.right_hip), aspect);
  if (torso === 0) return null;
  const legs = (['left', 'right'] as const)
    .filter((side) => seen(pose[`${side}_hip`]) && seen(pose[`${side}_knee`]) && seen(pose[`${side}_ankle`]))
    .filter((side) => {
      const [hip, knee, ankle] = [pose[`${side}_hip`], pose[`${side}_knee`], pose[`${side}_ankle`]].map((point) => alongBody(pose, point, aspect)) as [number, number, number];
      return knee - hip >= 0.4 && ankle - knee >= 0.4;
    })
    .map((side) => (distance(pose[`${side}_hip`], pose[`${side}_knee`], aspect) + distance(pose[`${side}_knee`], pose[`${side}_ankle`], aspect)) / torso);
  return legs.length ? Math.max(...legs) : null;
}

/** headshot / half-body / full-body, from the pose (or, without one, from a large face), with the fact behind it. */
export function framingTag(body: BodyReport | null, faces: DetectedFace[] | null, width: number, height: number): MeasuredTag | null {
  const pose = trustedPose(body, faces, width, height);
  const aspect = width / height;
  if (pose && seen(pose.nose)) {
    const presence = body!.pose!.presence;
    const legs = legRatio(pose, aspect);
    if (legs !== null) {
      const ankle = Math.max(pose.left_ankle.visibility, pose.right_ankle.visibility);
      return { tag: 'full-body', confidence: round3(presence * ankle), because: `the pose sees head, hips, knees and ankles in the frame (legs ${legs.toFixed(2)}× the torso)` };
    }
    const hip = [pose.left_hip, pose.right_hip].filter(seen).map((point) => point.visibility);
    if (hip.length) return { tag: 'half-body', confidence: round3(presence * Math.max(...hip)), because: 'the pose sees head and hips in the frame, not the legs' };
    return { tag: 'headshot', confidence: round3(presence), because: 'the pose sees the head, the hips are outside the frame or hidden' };
  }
  if (faces && faces.length) {
    const tallest = faces.reduce((best, face) => (face.box.height > best.box.height ? face : best));
    const share = tallest.box.height / height;
    if (share >= HEADSHOT_FACE_HEIGHT) return { tag: 'headshot', confidence: round3(tallest.score * ramp(share, 0.15, 0.3)), because: `a face ${(share * 100).toFixed(0)} % of the frame's height` };
  }
  return null;
}

/**
 * How the camera renders the body against adult proportions: legs to torso (a high or too-close
 * viewpoint shortens legs) when the legs are in the frame, and head to shoulder width (a close
 * wide-angle view swells the head) when the shoulders face the camera. Null without a pose that
 * shows either.
 */
export function bodyProportion(body: BodyReport | null, faces: DetectedFace[] | null, width: number, height: number): DimensionVerdict | null {
  const pose = trustedPose(body, faces, width, height);
  if (!pose) return null;
  const aspect = width / height;
  const measures: Record<string, number> = {};
  const parts: number[] = [];
  const legs = legRatio(pose, aspect);
  if (legs !== null) {
    measures['leg_to_torso'] = round3(legs);
    parts.push(tent(legs, 0.9, 1.35, 2.1, 2.6));
  }
  const shoulders = distance(pose.left_shoulder, pose.right_shoulder, aspect);
  const torso = distance(mid(pose.left_shoulder, pose.right_shoulder), mid(pose.left_hip, pose.right_hip), aspect);
  const frontal = seen(pose.left_shoulder) && seen(pose.right_shoulder) && seen(pose.left_ear) && seen(pose.right_ear) && shoulders >= 0.6 * torso;
  if (frontal && shoulders > 0) {
    const head = distance(pose.left_ear, pose.right_ear, aspect) / shoulders;
    measures['head_to_shoulders'] = round3(head);
    parts.push(tent(head, 0.35, 0.55, 0.95, 1.3));
  }
  if (!parts.length) return null;
  return {
    value: round1((10 * parts.reduce((sum, part) => sum + part, 0)) / parts.length),
    formula: '10 × mean of the measured: trapezoid(leg/torso length: 0 at 0.9, full 1.35–2.1, 0 at 2.6) and trapezoid(ear-to-ear/shoulder-joint width: 0 at 0.35, full 0.55–0.95, 0 at 1.3; the corpus portraits read 0.69–0.81)',
    measures,
  };
}

/** Joints where a frame edge cutting the limb looks like an amputation, and the part beyond each. */
const JOINT_CHAINS: ReadonlyArray<[PoseLandmarkName, PoseLandmarkName]> = [
  ['left_elbow', 'left_wrist'],
  ['right_elbow', 'right_wrist'],
  ['left_wrist', 'left_index'],
  ['right_wrist', 'right_index'],
  ['left_knee', 'left_ankle'],
  ['right_knee', 'right_ankle'],
  ['left_ankle', 'left_foot_index'],
  ['right_ankle', 'right_foot_index'],
];

/** Joints the frame's edge passes through: the joint seen at the edge, the limb beyond it outside. */
export function jointsCut(pose: Landmarks): PoseLandmarkName[] {
  const nearEdge = (point: Point): boolean => point.x <= EDGE || point.x >= 1 - EDGE || point.y >= 1 - EDGE || point.y <= EDGE;
  return JOINT_CHAINS.filter(([joint, beyond]) => seen(pose[joint]) && nearEdge(pose[joint]) && !inFrame(pose[beyond])).map(([joint]) => joint);
}

/**
 * Composition of a person: the body's centre line near a third or the middle, headroom above the
 * head (from the person mask), the eye line in the upper part, the person's size, and no limb cut
 * at a joint by the frame. Null without a person's pose.
 */
export function bodyComposition(body: BodyReport | null, faces: DetectedFace[] | null, width: number, height: number): DimensionVerdict | null {
  const pose = trustedPose(body, faces, width, height);
  if (!pose || !body) return null;
  const centre = mid(mid(pose.left_shoulder, pose.right_shoulder), mid(pose.left_hip, pose.right_hip));
  const centreX = inFrame(centre) ? centre.x : mid(pose.left_shoulder, pose.right_shoulder).x;
  const horizontal = 1 - ramp(Math.min(...[1 / 3, 1 / 2, 2 / 3].map((line) => Math.abs(centreX - line))), 0.05, 0.25);
  // A head touching the top edge is cut; a head low in the frame leaves dead space above. Without
  // a head top from the mask, headroom is not judged and the other terms share its weight.
  const headTop = body.head_top;
  const headroom = headTop === null ? null : tent(headTop, -0.01, 0.02, 0.15, 0.35);
  const main = faces && faces.length ? faces.reduce((best, face) => (face.box.width * face.box.height > best.box.width * best.box.height ? face : best)) : null;
  const faceEyes = main ? main.keypoints.filter((point) => point.name.endsWith('_eye')) : [];
  const eyeLine = faceEyes.length ? faceEyes.reduce((sum, point) => sum + point.y, 0) / faceEyes.length / height : (pose.left_eye.y + pose.right_eye.y) / 2;
  const vertical = tent(eyeLine, 0.08, 0.22, 0.48, 0.75);
  const size = tent(body.segmentation.fraction, 0.02, 0.1, 0.7, 0.95);
  const cuts = jointsCut(pose);
  const uncut = Math.max(0, 1 - 0.5 * cuts.length);
  const weighted = 0.25 * horizontal + 0.2 * vertical + 0.1 * size + 0.2 * uncut;
  return {
    value: round1(10 * (headroom === null ? weighted / 0.75 : weighted + 0.25 * headroom)),
    formula:
      '10 × (0.25·[body centre near a third or the middle] + 0.25·[headroom 2–15 % of the height] + 0.2·[eye line 22–48 % from the top] + 0.1·[person 10–70 % of the frame] + 0.2·(1 − 0.5·joints cut by the frame)); without a head top from the person mask the headroom term is left out and the rest scaled by 1/0.75',
    measures: {
      body_centre_x: round3(centreX),
      ...(headTop === null ? {} : { headroom: round3(headTop) }),
      eye_line_y: round3(eyeLine),
      person_fraction: round3(body.segmentation.fraction),
      joints_cut: cuts.length,
    },
  };
}
