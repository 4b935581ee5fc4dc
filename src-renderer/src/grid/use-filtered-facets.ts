import { useEffect, useState } from 'react';
import type { PhotoFacets } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import type { GridFilters } from '../store/grid-slice.ts';

/**
 * The chips' counts under the active filters (photos:facetsFor: each group counted with every filter
 * but its own). Re-read when the filters change and whenever the catalog's own facets were re-read
 * (`catalogFacets` changes identity after every batch of photo changes). Null until the first answer.
 */
export function useFilteredFacets(filters: GridFilters, catalogFacets: PhotoFacets | null): PhotoFacets | null {
  const [facets, setFacets] = useState<PhotoFacets | null>(null);
  useEffect(() => {
    let live = true;
    void bridge()
      .photosFacetsFor(filters)
      .then((reply) => {
        if (live && reply.ok) setFacets(reply.value);
      });
    return () => {
      live = false;
    };
  }, [filters, catalogFacets]);
  return facets;
}
