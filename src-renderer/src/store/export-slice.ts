import type { ExportRequest, ExportSummary, SidecarWriteSummary, UndoExportSummary } from '../../../src-preload/contract/library-types.js';
import { bridge } from '../bridge.ts';
import { describeError } from '../common/errors.ts';
import type { SliceCreator } from './slice.ts';

export type ExportProgress = { done: number; total: number; current: string | null };

export type ExportSlice = {
  exportOpen: boolean;
  exportRunning: boolean;
  exportProgress: ExportProgress | null;
  exportSummary: ExportSummary | null;
  exportError: string | null;
  undoSummary: UndoExportSummary | null;
  sidecarSummary: SidecarWriteSummary | null;
  openExport: (open: boolean) => void;
  setExportProgress: (progress: ExportProgress) => void;
  runExport: (request: ExportRequest) => Promise<void>;
  /** Moves the last summary's files back. */
  undoExport: () => Promise<void>;
  writeSidecarsNow: (request: Pick<ExportRequest, 'photoIds' | 'filter'>) => Promise<void>;
};

export const createExportSlice: SliceCreator<ExportSlice> = (set, get) => ({
  exportOpen: false,
  exportRunning: false,
  exportProgress: null,
  exportSummary: null,
  exportError: null,
  undoSummary: null,
  sidecarSummary: null,
  openExport: (exportOpen) => set({ exportOpen, exportError: null }),
  setExportProgress: (exportProgress) => set({ exportProgress }),
  runExport: async (request) => {
    set({ exportRunning: true, exportError: null, exportSummary: null, undoSummary: null, exportProgress: null });
    const reply = await bridge().exportRun(request);
    set({ exportRunning: false, ...(reply.ok ? { exportSummary: reply.value } : { exportError: describeError(reply.error) }) });
  },
  undoExport: async () => {
    const exportId = get().exportSummary?.exportId;
    if (exportId === null || exportId === undefined) return;
    set({ exportRunning: true, exportError: null });
    const reply = await bridge().exportUndo({ exportId });
    set({ exportRunning: false, ...(reply.ok ? { undoSummary: reply.value } : { exportError: describeError(reply.error) }) });
  },
  writeSidecarsNow: async (request) => {
    set({ exportRunning: true, exportError: null, sidecarSummary: null });
    const reply = await bridge().xmpWrite(request);
    set({ exportRunning: false, ...(reply.ok ? { sidecarSummary: reply.value } : { exportError: describeError(reply.error) }) });
  },
});
