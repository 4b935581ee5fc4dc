import { z } from 'zod';
import type { IpcChannel, IpcRequest } from '../../src-preload/contract/ipc-contract.js';
import { COLOR_LABELS, PHOTO_PAGE_LIMIT, PHOTO_SORTS, SIDECAR_NAMINGS } from '../../src-preload/contract/library-types.js';
import { DIMENSION_KEYS, QUALITY_ISSUES, SHOOT_PROFILES } from '../../src-preload/contract/rating-result.js';
import { autoCullSchema } from './settings-store.js';

/**
 * The one check of every request at the service's door (IPC from the desktop, JSON from the
 * browser bridge). Objects are strict: a misspelt filter is an error the caller sees, not a filter
 * silently ignored.
 */

// The desktop sends `undefined`; a JSON bridge may send `null` or `{}`: all mean "no payload".
const noPayload = z
  .union([z.undefined(), z.null(), z.strictObject({})])
  .transform(() => undefined);

const id = z.number().int().positive();
const mark = z.enum(['pick', 'reject']);
const stars = z.number().int().min(0).max(5);
const colorLabel = z.enum(COLOR_LABELS);
const ratingClass = z.enum(['Low', 'Medium', 'High']);
const contentLevel = z.enum(['safe', 'revealing', 'suggestive', 'nsfw']);
const shortText = z.string().min(1).max(200);

const photoQueryShape = {
  sort: z.enum(PHOTO_SORTS),
  direction: z.enum(['asc', 'desc']),
  ratings: z.array(ratingClass).max(3).optional(),
  contentLevels: z.array(contentLevel).max(4).optional(),
  tags: z.array(shortText).max(50).optional(),
  // Any issue code, not only today's: a filter for an unknown code simply matches nothing.
  issues: z.array(z.union([z.enum(QUALITY_ISSUES), shortText])).max(50).optional(),
  needsReview: z.boolean().optional(),
  review: z.enum(['pending', 'done']).optional(),
  marks: z.array(z.enum(['pick', 'reject', 'none'])).max(3).optional(),
  minStars: stars.optional(),
  labels: z.array(z.enum([...COLOR_LABELS, 'none'])).max(6).optional(),
  folderId: id.optional(),
  search: z.string().max(500).optional(),
  collapseStacks: z.boolean().optional(),
  expandedGroups: z.array(id).max(PHOTO_PAGE_LIMIT).optional(),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(PHOTO_PAGE_LIMIT),
};
const photoQuery = z.strictObject(photoQueryShape);
const { sort: _sort, direction: _direction, offset: _offset, limit: _limit, ...filterShape } = photoQueryShape;
const photoFilter = z.strictObject(filterShape);
const photoSelection = { photoIds: z.array(id).min(1).max(PHOTO_PAGE_LIMIT).optional(), filter: photoFilter.optional() };

const exportRequest = z
  .strictObject({
    ...photoSelection,
    destination: z.string().min(1).max(4096),
    mode: z.enum(['copy', 'move']),
    onCollision: z.enum(['suffix', 'skip']),
    dryRun: z.boolean().optional(),
    embedXmpInJpegCopies: z.boolean().optional(),
  })
  .refine((request) => (request.photoIds === undefined) !== (request.filter === undefined), { message: 'give photoIds or a filter (one of them)' });

const dimensionFeedback = z.partialRecord(z.enum(DIMENSION_KEYS as [string, ...string[]]), z.number().min(0).max(10));

const feedbackRequest = z
  .strictObject({
    photoId: id,
    thumbs: z.enum(['up', 'down']).optional(),
    userScore: z.number().min(0).max(100).optional(),
    dimensionFeedback: dimensionFeedback.optional(),
  })
  .refine((request) => request.thumbs !== undefined || request.userScore !== undefined || Object.keys(request.dimensionFeedback ?? {}).length > 0, {
    message: 'give thumbs, a userScore or dimensionFeedback',
  });

const cullRequest = z
  .strictObject({ photoIds: z.array(id).min(1).max(PHOTO_PAGE_LIMIT), mark: mark.nullable().optional(), stars: stars.optional(), label: colorLabel.nullable().optional() })
  .refine((request) => request.mark !== undefined || request.stars !== undefined || request.label !== undefined, { message: 'give a mark, stars, a label or several' });

const settingsPatch = z.strictObject({
  profile: z.enum(SHOOT_PROFILES).optional(),
  xmp: z
    .strictObject({
      writeSidecars: z.boolean().optional(),
      naming: z.enum(SIDECAR_NAMINGS).optional(),
      autoCull: z
        .strictObject({
          enabled: z.boolean().optional(),
          low: z.enum(['reject', 'none']).optional(),
          needsReviewLabel: colorLabel.nullable().optional(),
          starBands: autoCullSchema.shape.starBands.optional(),
        })
        .optional(),
    })
    .optional(),
  apiServer: z
    .strictObject({
      enabled: z.boolean().optional(),
      host: z.string().trim().min(1, 'the host cannot be empty').max(253).optional(),
      port: z.number().int().min(1).max(65535).optional(),
    })
    .optional(),
});

const groupEdit = z.union([
  z.strictObject({ action: z.enum(['split', 'merge', 'detach']), photoIds: z.array(id).min(1).max(PHOTO_PAGE_LIMIT) }),
  z.strictObject({ action: z.literal('regroup') }),
]);

export const REQUEST_SCHEMAS: { [C in IpcChannel]: z.ZodType<IpcRequest<C>, unknown> } = {
  'app:info': noPayload,
  'library:folders': noPayload,
  'library:addFolder': z.strictObject({ path: z.string().min(1).max(4096) }),
  'library:removeFolder': z.strictObject({ folderId: id }),
  'library:pickFolder': noPayload,
  'import:status': noPayload,
  'import:pause': noPayload,
  'import:resume': noPayload,
  'photos:list': photoQuery,
  'photos:facets': noPayload,
  'photos:detail': z.strictObject({ photoId: id }),
  'cull:set': cullRequest,
  'feedback:submit': feedbackRequest,
  'settings:get': noPayload,
  'settings:set': settingsPatch,
  'apiServer:status': noPayload,
  'groups:list': noPayload,
  'groups:edit': groupEdit,
  'xmp:write': z.strictObject(photoSelection).refine((request) => (request.photoIds === undefined) !== (request.filter === undefined), { message: 'give photoIds or a filter (one of them)' }),
  'export:run': exportRequest,
  'export:undo': z.strictObject({ exportId: id }),
  'cull:undo': noPayload,
  'cull:redo': noPayload,
  'cull:history': noPayload,
  'cull:setEach': z.strictObject({ requests: z.array(cullRequest).min(1).max(16) }),
  'photos:facetsFor': photoFilter,
  'learning:status': noPayload,
  'learning:train': noPayload,
  'learning:reset': noPayload,
  'learning:rollback': z.strictObject({ version: id }),
};
