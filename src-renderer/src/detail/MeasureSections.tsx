import type { RatingResult } from '../../../src-preload/contract/rating-result.js';
import { formatBytes, formatNumber, formatPercent, humanize } from '../common/format.ts';
import { Fact, yesNo } from './Fact.tsx';

export function ContentSection({ result }: { result: RatingResult }) {
  const content = result.content_rating;
  const { unavailable } = result;
  return (
    <section className="facts">
      <h3>Content</h3>
      <dl>
        <Fact
          label="Level"
          field="content_rating.level"
          unavailable={unavailable}
          value={content.level === null ? null : <span className={`content-badge content-${content.level}`}>{content.level}</span>}
        />
        <Fact label="Detail" value={content.detail} />
        <Fact label="Safe for portfolio" field="content_rating.safe_for_portfolio" unavailable={unavailable} value={yesNo(content.safe_for_portfolio)} />
        <Fact
          label="Classifiers disagree"
          field="content_rating.content_rating_conflict"
          unavailable={unavailable}
          value={content.content_rating_conflict === null ? null : content.content_rating_conflict ? <strong className="bad">yes — check by eye</strong> : 'no'}
        />
        {content.reason && (
          <Fact label="Decided by" value={`${content.reason.measure} = ${formatNumber(content.reason.value, 3)}${content.reason.threshold === null ? '' : ` (threshold ${formatNumber(content.reason.threshold, 3)})`}`} />
        )}
        {content.scores && (
          <Fact
            label="Classes"
            value={Object.entries(content.scores)
              .map(([name, probability]) => `${name} ${formatPercent(probability)}`)
              .join(' · ')}
          />
        )}
        {content.second_opinion && <Fact label="Second opinion" value={`normal ${formatPercent(content.second_opinion.normal)} · nsfw ${formatPercent(content.second_opinion.nsfw)}`} />}
      </dl>
    </section>
  );
}

export function QualitySection({ result }: { result: RatingResult }) {
  const quality = result.quality;
  const exposure = quality.exposure;
  return (
    <section className="facts">
      <h3>Quality {quality.is_acceptable ? <span className="ok">acceptable</span> : <span className="bad">not acceptable</span>}</h3>
      <dl>
        <Fact label="Size" value={`${quality.width} × ${quality.height} px (${formatNumber(quality.megapixels, 1)} MP)`} />
        <Fact label="Sharpness" value={`${formatNumber(quality.sharpness, 1)} (p99), median ${formatNumber(quality.sharpness_median, 1)}`} />
        <Fact label="Exposure" value={`mean ${formatPercent(exposure.mean_luminance)}, midtones ${formatPercent(exposure.midtone_mean)}, contrast ${formatNumber(exposure.contrast, 3)}`} />
        <Fact label="Clipping" value={`highlights ${formatPercent(exposure.clipped_highlights)}, shadows ${formatPercent(exposure.clipped_shadows)}`} />
        <Fact label="Neutral pixels" value={formatPercent(exposure.neutral_fraction)} />
        <Fact label="Borders" value={quality.borders.letterboxed ? `letterboxed (${formatPercent(quality.borders.bar_fraction)} bars)` : `none (${formatPercent(quality.borders.bar_fraction)})`} />
        <Fact label="Issues" value={quality.issues.length === 0 ? 'none' : quality.issues.map(humanize).join(', ')} />
      </dl>
      {quality.checks.length > 0 && (
        <table className="compact checks">
          <thead>
            <tr>
              <th>Check</th>
              <th>Measure</th>
              <th>Value</th>
              <th>Rule</th>
            </tr>
          </thead>
          <tbody>
            {quality.checks.map((check) => (
              <tr key={`${check.issue}-${check.measure}`} className={check.raised ? 'check-raised' : undefined}>
                <td>
                  {check.raised ? '⚠ ' : '✓ '}
                  {humanize(check.issue)}
                </td>
                <td>{check.measure}</td>
                <td>{formatNumber(check.value, 3)}</td>
                <td>
                  raised if {check.comparison} {formatNumber(check.threshold, 3)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** "ISO 100 · 1/125 s · f/4 · 105 mm", from what the file says; empty when it says nothing. */
function exposureLine(source: RatingResult['source']): string {
  const shutter = source.exposure_time_s
    ? source.exposure_time_s >= 1 ? `${Number(source.exposure_time_s.toFixed(1))} s` : `1/${Math.round(1 / source.exposure_time_s)} s`
    : null;
  return [
    source.iso ? `ISO ${source.iso}` : null,
    shutter,
    source.aperture ? `f/${Number(source.aperture.toFixed(1))}` : null,
    source.focal_length_mm ? `${Number(source.focal_length_mm.toFixed(1))} mm` : null,
  ].filter(Boolean).join(' · ');
}

export function SourceSection({ result }: { result: RatingResult }) {
  const source = result.source;
  const camera = [source.camera_make, source.camera_model].filter(Boolean).join(' ');
  return (
    <section className="facts">
      <h3>File</h3>
      <dl>
        <Fact label="Format" value={`${source.format}, ${formatBytes(source.file_size)}${source.pages > 1 ? `, ${source.pages} pages` : ''}`} />
        {source.raw && (
          <Fact
            label="RAW"
            value={`${source.raw.format.toUpperCase()}${source.raw.sensor_width ? ` ${source.raw.sensor_width}×${source.raw.sensor_height}` : ''}; rated on its embedded ${source.raw.preview_width}×${source.raw.preview_height} preview (${source.raw.preview})`}
          />
        )}
        {source.metadata_read ? (
          <>
            <Fact label="Camera" value={camera || (source.has_exif ? 'not in EXIF' : 'no EXIF')} />
            {source.lens && <Fact label="Lens" value={source.lens} />}
            {exposureLine(source) && <Fact label="Exposure" value={exposureLine(source)} />}
            <Fact label="Captured" value={source.captured_at_precise ?? source.captured_at ?? 'not in EXIF'} />
            {source.software && <Fact label="Software" value={source.software} />}
            <Fact label="Orientation" value={String(source.orientation)} />
          </>
        ) : (
          <Fact label="Metadata" value="not readable for this format (pixels only)" />
        )}
        <Fact label="SHA-256" value={<code className="hash">{result.image_hash}</code>} />
        <Fact label="Perceptual hash" value={<code>{result.perceptual_hash}</code>} />
        <Fact label="Rated" value={new Date(result.rated_at).toLocaleString()} />
      </dl>
    </section>
  );
}
