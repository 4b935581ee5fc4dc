import { useState } from 'react';
import type { DetectedFace } from '../../../src-preload/contract/rating-result.js';
import { bridge } from '../bridge.ts';
import { TEST_IDS } from '../test-ids.ts';

type PreviewProps = {
  imageHash: string | null;
  name: string;
  /** Pixels of the upright image: the frame the face boxes are measured in. */
  width: number | null;
  height: number | null;
  faces: DetectedFace[] | null;
};

/**
 * The preview and its face boxes. Boxes are in pixels of the full upright image, while the preview
 * is a smaller copy: an SVG with the original size as its viewBox, fitted with the same "contain"
 * rule as the image, puts every box on the face at any window size without measuring anything.
 */
export function PreviewWithFaces({ imageHash, name, width, height, faces }: PreviewProps) {
  const [failedHash, setFailedHash] = useState<string | null>(null);
  const canDrawFaces = faces !== null && faces.length > 0 && width !== null && height !== null && width > 0 && height > 0;
  return (
    <div className="preview-stage" data-testid={TEST_IDS.detailPreview}>
      {imageHash && failedHash !== imageHash ? (
        <img key={imageHash} src={bridge().mediaUrl('preview', imageHash)} alt={name} decoding="async" draggable={false} onError={() => setFailedHash(imageHash)} />
      ) : (
        <div className="preview-missing">{imageHash ? 'The preview could not be loaded.' : 'No preview: this photo could not be rated.'}</div>
      )}
      {canDrawFaces && (
        <svg className="face-layer" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMidYMid meet" aria-label={`${faces.length} faces`}>
          {faces.map((face, index) => (
            <g key={index} data-testid={TEST_IDS.faceBox} data-score={face.score.toFixed(3)}>
              <rect x={face.box.x} y={face.box.y} width={face.box.width} height={face.box.height} className={index === 0 ? 'face-rect face-main' : 'face-rect'} vectorEffect="non-scaling-stroke" />
              <title>
                {`Face ${index + 1}: confidence ${(face.score * 100).toFixed(0)}%${face.eyes ? `, eyes ${face.eyes.closed ? 'closed' : 'open'} (${face.eyes.left.toFixed(2)} / ${face.eyes.right.toFixed(2)})` : ''}`}
              </title>
            </g>
          ))}
        </svg>
      )}
    </div>
  );
}
