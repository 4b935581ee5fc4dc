/**
 * Stable `data-testid` values for the end-to-end tests; components use these constants, never
 * string literals, so that renaming one is a single edit here and in e2e/.
 *
 * Navigation:   library-tab, grid-tab, review-tab, settings-tab, shortcuts-help
 * Library:      add-folder-input, add-folder-button, folder-row (data-folder-id),
 *               import-progress (data-state), import-pause, import-resume
 * Grid:         sort-select, sort-direction, grid (data-total), grid-tile (data-photo-id,
 *               data-score, data-name, data-selected), tile-score, content-badge, issue-badge,
 *               needs-review-marker, mark-indicator (data-mark), stars-indicator (data-stars),
 *               filter-bar
 * Detail:       detail-view (data-photo-id), detail-preview, face-box, radar-chart,
 *               radar-point (data-dimension, data-missing="true|false"), tag
 * Review:       review-view, review-reason, review-progress, thumbs-up, thumbs-down, review-submit
 * Settings:     api-switch, api-status, model-panel, model-active, model-agreement
 * Detail:       personal-verdict (the personal model's part, when a version is in use)
 */
export const TEST_IDS = {
  libraryTab: 'library-tab',
  notice: 'notice',
  loupe: 'loupe',
  loupeVerdict: 'loupe-verdict',
  filmstrip: 'filmstrip',
  filmstripItem: 'filmstrip-item',
  zoomStage: 'zoom-stage',
  compareView: 'compare-view',
  comparePane: 'compare-pane',
  undoButton: 'undo-button',
  redoButton: 'redo-button',
  selectionCount: 'selection-count',
  gridTab: 'grid-tab',
  reviewTab: 'review-tab',
  settingsTab: 'settings-tab',
  shortcutsHelp: 'shortcuts-help',

  addFolderInput: 'add-folder-input',
  addFolderButton: 'add-folder-button',
  folderRow: 'folder-row',
  importProgress: 'import-progress',
  importPause: 'import-pause',
  importResume: 'import-resume',
  importPausedReason: 'import-paused-reason',

  sortSelect: 'sort-select',
  sortDirection: 'sort-direction',
  filterBar: 'filter-bar',
  grid: 'grid',
  gridTile: 'grid-tile',
  tileScore: 'tile-score',
  contentBadge: 'content-badge',
  issueBadge: 'issue-badge',
  rawBadge: 'raw-badge',
  needsReviewMarker: 'needs-review-marker',
  markIndicator: 'mark-indicator',
  /** A burst's badge on a tile (data-group-id, data-size, data-open, data-best). */
  stackBadge: 'stack-badge',
  stackDetach: 'stack-detach',
  stackSplit: 'stack-split',
  stackInfo: 'stack-info',
  stackToggle: 'stack-toggle',
  /** The loupe's strip of the current burst's frames (data-group-id, data-size); each frame data-photo-id, data-best. */
  stackStrip: 'stack-strip',
  stackFrame: 'stack-frame',
  starsIndicator: 'stars-indicator',
  labelBadge: 'label-badge',
  exportButton: 'export-button',
  exportDialog: 'export-dialog',
  exportDestination: 'export-destination',
  exportRun: 'export-run',
  exportSummary: 'export-summary',
  xmpSwitch: 'xmp-switch',

  detailView: 'detail-view',
  detailPreview: 'detail-preview',
  faceBox: 'face-box',
  radarChart: 'radar-chart',
  radarPoint: 'radar-point',
  tag: 'tag',

  reviewView: 'review-view',
  reviewReason: 'review-reason',
  reviewProgress: 'review-progress',
  thumbsUp: 'thumbs-up',
  thumbsDown: 'thumbs-down',
  reviewSubmit: 'review-submit',

  apiSwitch: 'api-switch',
  apiStatus: 'api-status',

  modelPanel: 'model-panel',
  modelActive: 'model-active',
  modelAgreement: 'model-agreement',
  personalVerdict: 'personal-verdict',

  profileSelect: 'profile-select',
  profileSummary: 'profile-summary',
} as const;
