import { lazy } from 'react';
import type { SessionUser } from '../api/client';
import type { AnyMessageKey } from '../i18n/i18n';

/** A chain partner's workspace: who it is for, where it lives, and its main menu. */
export interface Workspace {
  /** The organisation kind it serves (one organisation per session). */
  readonly kind: 'social-work' | 'court-liaison' | 'gp' | 'partner';
  /** The role a user needs; the services still decide every read and write. */
  readonly role: string;
  /** Where its routes live; everything below is the workspace's own. */
  readonly path: string;
  /** Its main menu, relative to nothing: full paths. */
  readonly navigation: readonly { to: string; label: AnyMessageKey }[];
  /** The workspace itself, loaded only when its user opens it. */
  readonly Component: React.LazyExoticComponent<() => React.JSX.Element>;
}

export const WORKSPACES: readonly Workspace[] = [
  {
    kind: 'social-work',
    role: 'social-worker',
    path: '/sociaal-werk',
    navigation: [{ to: '/sociaal-werk', label: 'socialWork.title' }],
    Component: lazy(() => import('./social-work/SocialWorkWorkspace')),
  },
  {
    kind: 'court-liaison',
    role: 'court-liaison',
    path: '/rechtbank',
    navigation: [{ to: '/rechtbank', label: 'court.title' }],
    Component: lazy(() => import('./court-liaison/CourtWorkspace')),
  },
  {
    kind: 'gp',
    role: 'gp',
    path: '/huisarts',
    navigation: [{ to: '/huisarts', label: 'gp.title' }],
    Component: lazy(() => import('./gp/GpWorkspace')),
  },
  {
    kind: 'partner',
    role: 'partner',
    path: '/partner',
    navigation: [
      { to: '/partner', label: 'partner.title' },
      { to: '/partner/abonnementen/nieuw', label: 'partner.new' },
    ],
    Component: lazy(() => import('./partner/PartnerWorkspace')),
  },
];

/** The workspace of a signed-in user's organisation, if it has one of these. */
export function workspaceOf(user: SessionUser): Workspace | undefined {
  return WORKSPACES.find((w) => w.kind === user.organisation.kind && user.roles.includes(w.role));
}
