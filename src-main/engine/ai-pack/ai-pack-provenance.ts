import type { AiPackComponent } from './ai-pack-manifest.js';

/**
 * Provenance of the AI pack's pins: every pinned revision, size and sha256 in models/ai-pack.json
 * either cites the public material that establishes it (`provenance` beside the value) or is
 * reported as untraced. A value that is null is not a pin (its `note` says how download time
 * establishes it instead) and is not listed here.
 */
export type PinTrace = {
  component: string;
  /** The file the pin belongs to; null for the component's revision. */
  file: string | null;
  field: 'revision' | 'bytes' | 'sha256';
  value: string | number;
  /** The public material that establishes it; null when none was found. */
  citation: string | null;
};

export function pinTraces(component: AiPackComponent): PinTrace[] {
  const traces: PinTrace[] = [
    { component: component.id, file: null, field: 'revision', value: component.source.revision, citation: component.provenance?.revision ?? null },
  ];
  for (const file of component.files) {
    if (file.bytes !== null) traces.push({ component: component.id, file: file.name, field: 'bytes', value: file.bytes, citation: file.provenance?.bytes ?? null });
    if (file.sha256 !== null) traces.push({ component: component.id, file: file.name, field: 'sha256', value: file.sha256, citation: file.provenance?.sha256 ?? null });
  }
  return traces;
}

/** The untraced pins in words, e.g. "model.onnx sha256 acac1ffa…: not traced to public material". */
export function untracedPins(component: AiPackComponent): string[] {
  return pinTraces(component)
    .filter((trace) => trace.citation === null)
    .map((trace) => {
      const value = typeof trace.value === 'string' ? `${trace.value.slice(0, 12)}…` : String(trace.value);
      return `${trace.file ? `${trace.file} ${trace.field}` : 'revision'} ${value}: not traced to public material`;
    });
}
