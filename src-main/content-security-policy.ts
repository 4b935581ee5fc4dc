/**
 * The one content security policy of the UI, for every way it is served: Electron's window (header
 * and, for file://, the meta tag in src-renderer/index.html — keep them in step) and the browser
 * build served by `culler serve`. Photos come from `mediaSources` (the desktop's custom protocol,
 * or the same origin over HTTP).
 */
export function contentSecurityPolicy(options: { dev: boolean; mediaSources: string[] }): string {
  const inlineInDev = options.dev ? " 'unsafe-inline'" : '';
  return [
    "default-src 'none'",
    `script-src 'self'${inlineInDev}`,
    `style-src 'self'${inlineInDev}`,
    `img-src 'self' data: ${options.mediaSources.join(' ')}`.trimEnd(),
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
