import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

const NOT_THE_APP = /^\/(api|auth|health|metrics)(\/|$)/;

/**
 * Serves the built single-page app: hashed assets for a year, `index.html`
 * (never cached) for every other page path, so client-side routes survive a
 * reload.
 */
export function webApp(webDir: string): express.RequestHandler[] {
  // Built assets carry a content hash in their name: cache them for a year. Anything else is revalidated.
  const files = express.static(webDir, {
    index: false,
    fallthrough: true,
    setHeaders: (res, path) =>
      res.setHeader(
        'Cache-Control',
        path.startsWith(join(webDir, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
  const indexFile = join(webDir, 'index.html');
  const page = (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_THE_APP.test(req.path)) return next();
    // A missing asset is a 404, not the app's page (a browser would try to run HTML as a script).
    if (req.path.startsWith('/assets/') && existsSync(indexFile)) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    if (!existsSync(indexFile)) {
      res
        .status(503)
        .type('text/plain')
        .send(`The portal's web app is not built: run npm run build (missing ${indexFile})`);
      return;
    }
    // Read per page request: a rebuilt app is served without restarting the portal.
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(readFileSync(indexFile, 'utf8'));
  };
  const file = (req: Request, res: Response, next: NextFunction): void => {
    if (NOT_THE_APP.test(req.path) || req.path === '/') return next();
    files(req, res, next);
  };
  return [file, page];
}
