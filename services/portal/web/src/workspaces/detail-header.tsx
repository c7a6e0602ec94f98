import { BreadcrumbNav, BreadcrumbNavLink, Heading } from '@utrecht/component-library-react';
import type { ReactNode } from 'react';
import { RouterAnchor } from '../components/RouterAnchor';
import { ErrorState } from '../components/States';
import { useT } from '../i18n/i18n';

/**
 * The top of a workspace's detail page: a breadcrumb from the list it belongs to
 * (`up`) to this page, and the page's h1 (the id the page's article is labelled
 * by) with an optional status badge beside it.
 */
export function DetailHeader({
  up,
  here,
  title,
  titleId,
  badge,
}: {
  up: { href: string; label: string };
  /** This page's own address, the breadcrumb's current item. */
  here: string;
  title: string;
  titleId: string;
  badge?: ReactNode;
}) {
  const { t } = useT();
  const heading = (
    <Heading level={1} id={titleId}>
      {title}
    </Heading>
  );
  return (
    <>
      <BreadcrumbNav label={t('pathway.breadcrumb')} className="kp-breadcrumb">
        <BreadcrumbNavLink href={up.href} Link={RouterAnchor} index={0} rel="up">
          {up.label}
        </BreadcrumbNavLink>
        <BreadcrumbNavLink href={here} Link={RouterAnchor} index={1} current>
          {title}
        </BreadcrumbNavLink>
      </BreadcrumbNav>
      {badge ? (
        <div className="kp-page-title">
          {heading}
          {badge}
        </div>
      ) : (
        heading
      )}
    </>
  );
}

/** A detail page whose data could not be loaded: its title, and the failure with a retry. */
export function DetailFailure({
  title,
  titleId,
  error,
  retry,
}: {
  title: string;
  titleId: string;
  error: unknown;
  retry: () => void;
}) {
  return (
    <article aria-labelledby={titleId}>
      <Heading level={1} id={titleId}>
        {title}
      </Heading>
      <ErrorState error={error} retry={retry} />
    </article>
  );
}
