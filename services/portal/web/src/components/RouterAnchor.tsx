import { forwardRef, type AnchorHTMLAttributes } from 'react';
import { Link } from 'react-router-dom';

/** An anchor for design-system components that take a `Link` component (e.g. BreadcrumbNavLink): navigates inside the app. */
export const RouterAnchor = forwardRef<HTMLAnchorElement, AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }>(
  function RouterAnchor({ href, ...rest }, ref) {
    return <Link ref={ref} to={href} {...rest} />;
  },
);
